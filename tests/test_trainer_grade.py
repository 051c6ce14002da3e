"""course_kit.trainer.grade and .sandbox: a cohort with a hostile corpus, graded in parallel.

The cohort (see trainer_cohort.py) is graded once with ``--jobs 2``; here we check every
score, that the gradebook is intact, that nothing outside the sandbox was touched or
read, and that the network was not reachable.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import nbformat
import pytest

from tests.trainer_cohort import EXPECTED_MODULE01, EXPECTED_MODULE02, graded_cohort

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def cohort() -> tuple[Path, dict]:
    return graded_cohort()


def _scores(result: dict, module: str) -> dict[str, float]:
    return {r["participant"]: r["score"] for r in result["rows"] if r["module"] == module}


def test_every_submission_gets_exactly_the_points_it_earned(cohort: tuple[Path, dict]) -> None:
    _, result = cohort
    assert _scores(result, "module01") == EXPECTED_MODULE01
    assert _scores(result, "module02") == EXPECTED_MODULE02
    assert len(result["rows"]) == len(EXPECTED_MODULE01) + len(EXPECTED_MODULE02) >= 20


def test_points_still_to_grade_by_hand_are_shown_in_the_summary(
        cohort: tuple[Path, dict]) -> None:
    from course_kit.trainer.grade import GradeSummary

    _, result = cohort
    rows = {(r["participant"], r["module"]): r for r in result["rows"]}
    assert rows[("ada", "module01")]["by hand"] == "2 to grade"  # the persona, written
    assert rows[("ben", "module01")]["by hand"] == ""  # left blank: 0, nothing to grade
    table = GradeSummary(rows=result["rows"]).table()
    assert "by hand" in table.splitlines()[0] and "2 to grade" in table


def test_the_gradebook_is_intact_and_agrees(cohort: tuple[Path, dict]) -> None:
    course, _ = cohort
    with sqlite3.connect(course / "gradebook.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for student, points in EXPECTED_MODULE01.items():
            assert gb.find_submission("module01", student).code_score == points, student
        late = {s.student.id for s in gb.find_assignment("module01").submissions
                if s.total_seconds_late > 0}
    assert late == {"dee"}


def test_nothing_outside_the_sandbox_was_touched(cohort: tuple[Path, dict]) -> None:
    course, result = cohort
    assert result["before"] == result["after"]  # source, release, submissions, canary
    assert not (course / "source" / "module01" / "pwned.txt").exists()
    assert not Path("/tmp/ck-pwned.txt").exists() and not result["host_tmp_pwned"]
    assert (Path(result["canary"]) / "secret.txt").read_text() == "the trainer's own file"


def test_root_never_hands_its_files_to_the_sandbox_user(cohort: tuple[Path, dict]) -> None:
    """Links planted for the kernel's restart (connection file, socket folder) are not
    followed: the trainer's files keep their owner and nothing is written beside them."""
    import os

    _, result = cohort
    me = (os.getuid(), os.getgid())
    assert set(map(tuple, result["canary_owners"].values())) == {me}, result["canary_owners"]
    assert result["plant"] == []


def _outputs(course: Path, who: str) -> str:
    nb = nbformat.read(course / "autograded" / who / "module01" / "module01-assessment.ipynb",
                       as_version=4)
    return "\n".join(str(o.get("text", "")) + str(o.get("evalue", ""))
                     for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))


def test_hostile_code_could_not_read_write_or_connect(cohort: tuple[Path, dict]) -> None:
    course, result = cohort
    read = _outputs(course, "oli-read")
    assert "LEAK" not in read and read.count("READ-BLOCKED") == 5
    wrote = _outputs(course, "ned-write")
    # Only the sandbox's own throwaway /tmp accepts writes (gone afterwards).
    assert "WROTE /tmp/ck-pwned.txt" in wrote and wrote.count("WRITE-BLOCKED") == 5
    assert "DELETED" not in _outputs(course, "pat-delete")
    assert "NET-BLOCKED" in _outputs(course, "quin-net")
    assert result["connections"] == 0
    assert "FORK-LIMITED" in _outputs(course, "rob-fork")


def test_limits_are_reported_per_submission(cohort: tuple[Path, dict]) -> None:
    _, result = cohort
    notes = {r["participant"]: r["notes"] for r in result["rows"] if r["module"] == "module01"}
    assert "time limit" in notes["eve-loop"] and "time limit" in notes["sam-stubborn"]
    assert "kernel died" in notes["hal-osexit"]
    assert "notebook output cut (over 5 MB)" in notes["ivy-print"]
    assert not any("bytes" in note for note in notes.values())  # sizes as people read them
    assert "stray processes" in notes["rob-fork"]
    assert "out of memory; kernel restarted" in notes["bea-listbomb"]
    assert "more than 50 code cells" in notes["cal-manycells"]


def _test_output(course: Path, who: str, grade_id: str) -> str:
    nb = nbformat.read(course / "autograded" / who / "module01" / "module01-assessment.ipynb",
                       as_version=4)
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)
    return "\n".join(f"{o.get('ename', '')} {o.get('text', '')}" for o in cell.outputs)


def test_answers_are_checked_outside_the_kernel(cohort: tuple[Path, dict]) -> None:
    """Redefining the checks, asking the kit or reading the package earns nothing."""
    course, _ = cohort
    for who in ("lea-redefine", "max-monkey", "tia-askkit", "uma-readpkg", "kim-edittest"):
        assert "AnswerNotAccepted" in _test_output(course, who, "test_q2"), who
    assert "Answer accepted" in _test_output(course, "ada", "test_q2")
    assert "NotAnswered" in _test_output(course, "cy", "test_q2")
    assert "KEY-FOUND" not in _outputs(course, "uma-readpkg")


def test_output_is_capped(cohort: tuple[Path, dict]) -> None:
    course, _ = cohort
    path = course / "autograded" / "ivy-print" / "module01" / "module01-assessment.ipynb"
    assert path.stat().st_size < 2_000_000


def test_output_is_capped_whatever_message_carries_it(cohort: tuple[Path, dict]) -> None:
    course, result = cohort
    path = course / "autograded" / "xia-update" / "module01" / "module01-assessment.ipynb"
    assert path.stat().st_size < 1_000_000  # 120 MB of update_display_data sent
    notes = {r["participant"]: r["notes"] for r in result["rows"]}
    assert "output cut (over 200 KB)" in notes["xia-update"]


def test_active_content_is_made_inert_before_the_trainer_sees_it(
        cohort: tuple[Path, dict]) -> None:
    from course_kit.trainer.sanitize import INERT_MIME_TYPES

    course, _ = cohort
    path = course / "autograded" / "yan-script" / "module01" / "module01-assessment.ipynb"
    nb = nbformat.read(path, as_version=4)
    shown = json.dumps([c.outputs for c in nb.cells if c.cell_type == "code"]) + "".join(
        c.source for c in nb.cells if c.cell_type != "code")  # what a trainer's view renders
    assert "<script" not in shown.lower() and "<img" not in shown.lower()
    assert "](javascript:" not in shown and "widgets" not in nb.metadata
    kinds = {k for c in nb.cells if c.cell_type == "code" for o in c.outputs
             for k in o.get("data", {})}
    assert kinds <= INERT_MIME_TYPES and "text/plain" in kinds
    assert "removed before grading" in shown  # the trainer is told what was there
    assert "&lt;script&gt;window.top.PWNED = 2" in shown  # the reflection, shown as text


def test_a_deleted_test_cell_is_put_back(cohort: tuple[Path, dict]) -> None:
    course, _ = cohort
    nb = nbformat.read(course / "autograded" / "jon-deltest" / "module01" /
                       "module01-assessment.ipynb", as_version=4)
    ids = [c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells]
    assert ids.count("test_q2") == 1 and ids[-1] == "test_q2"


def test_the_kernel_runs_as_an_unprivileged_user_without_network() -> None:
    """One direct look from inside a sandboxed kernel (root only: user switching)."""
    import os

    if os.geteuid() != 0:
        pytest.skip("the grader is not root here: the kernel keeps the grader's user")
    from course_kit.trainer.sandbox import acquire_slot

    slot = acquire_slot()
    try:
        assert slot.uid not in (None, 0)
    finally:
        slot.release()


def test_results_are_readable_by_the_trainer_only(cohort: tuple[Path, dict]) -> None:
    import stat

    course, _ = cohort
    assert stat.S_IMODE((course / "gradebook.db").stat().st_mode) == 0o600
    for top in ("autograded", "submitted"):
        for path in [course / top, *(course / top).rglob("*")]:
            mode = stat.S_IMODE(path.stat().st_mode)
            assert mode == (0o700 if path.is_dir() else 0o600), (path, oct(mode))


def test_limits_hold_for_the_whole_submission(cohort: tuple[Path, dict]) -> None:
    """Memory over all processes, disk, SysV IPC, /run, /proc (root: cgroups etc.)."""
    import os
    import re

    if os.geteuid() != 0:
        pytest.skip("cgroups and the disk quota are set up by a root grader")
    course, result = cohort
    out = _outputs(course, "zed-limits")
    children = [int(c) for c in re.search(r"CHILDREN \[(.*?)\]", out).group(1).split(",")]
    assert any(children), out  # 3 x 400 MiB: the 1024 MiB cgroup stopped one
    assert int(re.search(r"DISK-MB (\d+)", out).group(1)) <= 100, out
    assert "24301" not in result["shm_keys"] and "5eed" not in " ".join(result["shm_keys"])
    assert not result["run_lock_pwned"]
    assert int(re.search(r"PROCS (\d+)", out).group(1)) < 10, out
    # All of /run is private: the machine's (systemd, dbus, other lanes) is out of sight.
    assert re.search(r"RUN \['course-kit'\]", out), out
    notes = " ".join(result["notes"])
    assert "in force: cgroup" in notes and "memory 1024 MiB" in notes
    assert "disk: the kernel's folder is a 100 MiB tmpfs" in notes
    assert "IPC and PID" in notes
