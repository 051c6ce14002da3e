"""The trainer's commands against a PostgreSQL gradebook (nbgrader's ``db_url``).

The set-up installs Debian's ``postgresql`` when it is missing (as root), starts a private
server on loopback on a random port in a temporary folder, and stops it afterwards. The test
is skipped, with the reason, only where no server can be started.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest

from tests.trainer_cohort import NB1, PARTLY_WRONG, RIGHT, fill, make_course

pytestmark = pytest.mark.slow


def _pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    if _pg_bin() is None and os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-q", "postgresql"], capture_output=True,
                       check=False, timeout=600, env={**os.environ,
                                                      "DEBIAN_FRONTEND": "noninteractive"})
    pg = _pg_bin()
    if pg is None:
        pytest.skip("PostgreSQL is not installed and could not be installed (not root?)")
    run_as: list[str] = []
    if os.geteuid() == 0:
        if shutil.which("runuser") is None:
            pytest.skip("running as root without runuser: cannot start PostgreSQL as postgres")
        run_as = ["runuser", "-u", "postgres", "--"]
    folder = Path(tempfile.mkdtemp(prefix="course-kit-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    port = _free_port()
    data = folder / "data"
    init = subprocess.run([*run_as, str(pg / "initdb"), "-D", str(data), "-U", "postgres",
                           "--auth=trust", "-E", "UTF8"], capture_output=True, text=True,
                          check=False)
    if init.returncode != 0:
        pytest.skip(f"initdb failed: {init.stderr.strip()[:300]}")
    start = subprocess.run([*run_as, str(pg / "pg_ctl"), "-D", str(data), "-w", "-t", "60",
                            "-l", str(folder / "log"), "-o",
                            f"-p {port} -k {folder} -c listen_addresses=127.0.0.1", "start"],
                           capture_output=True, text=True, check=False)
    if start.returncode != 0:
        pytest.skip(f"PostgreSQL did not start: {start.stderr.strip()[:300]}")
    try:
        subprocess.run([*run_as, str(pg / "createdb"), "-h", "127.0.0.1", "-p", str(port),
                        "-U", "postgres", "gradebook"], check=True, capture_output=True)
        yield f"postgresql+psycopg2://postgres@127.0.0.1:{port}/gradebook"
    finally:
        subprocess.run([*run_as, str(pg / "pg_ctl"), "-D", str(data), "-m", "immediate",
                        "stop"], capture_output=True, check=False)
        shutil.rmtree(folder, ignore_errors=True)


def test_the_whole_pipeline_on_postgresql(postgres_url: str, tmp_path: Path) -> None:
    from nbgrader.api import Gradebook

    from course_kit.trainer.certificates import write_certificates
    from course_kit.trainer.collect import collect
    from course_kit.trainer.feedback import write_feedback
    from course_kit.trainer.grade import grade_course
    from course_kit.trainer.report import write_report

    course = make_course(tmp_path / "course", modules=("module01",), db_url=postgres_url,
                         pass_threshold=0.8)
    assert not (course / "gradebook.db").exists()  # nbgrader wrote to PostgreSQL
    release = course / "release" / "module01" / NB1
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for who, answers, prefix in (
            ("ana", RIGHT, None), ("bo", PARTLY_WRONG, None),
            ("cid", {**RIGHT, "answer_q2": '"a"'},
             {"answer_q2": "check_form = lambda *args: None\n"})):
        nb = fill(release, answers, "My reflection.", prefix)
        (inbox / f"{who}_module01.ipynb").write_text(nbformat.writes(nb))
    report = collect(course, inbox)
    assert set(report.new_participants) == {"ana", "bo", "cid"}
    summary = grade_course(course, jobs=2, progress=False)
    assert {r["participant"]: r["score"] for r in summary.rows} == {"ana": 8, "bo": 4, "cid": 7}
    with Gradebook(postgres_url) as gb:
        grade = gb.find_grade("product", NB1.removesuffix(".ipynb"), "module01", "ana")
        grade.manual_score = 2
        grade.needs_manual_grade = False
        gb.db.commit()
        assert gb.find_submission("module01", "ana").score == 10
    tables = write_report(course, tmp_path / "report")
    assert tables.scores.set_index("participant")["score"].to_dict() == \
        {"ana": 10, "bo": 4, "cid": 7}
    with pytest.warns(UserWarning, match="ana: no name is recorded"):  # no roster here
        files, _ = write_certificates(course, tmp_path / "certs")
    assert [p.stem for p in files] == ["ana"]
    pages = write_feedback(course)
    assert len(pages) == 3 and all("is_correct(" not in p.read_text() for p in pages)
