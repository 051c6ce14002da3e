"""course_kit.trainer.exchange without a hub: what collect believes, and feedback's names.

The whole round trip on a real JupyterHub is in tests/test_hub.py; these are the checks
that need no other users (the hand-ins here belong to the user running the tests).
"""

from __future__ import annotations

import getpass
import stat
from pathlib import Path

import nbformat
import pytest

from course_kit.trainer.exchange import collect_exchange, publish_feedback
from tests.trainer_cohort import FIXTURE, NB1, RIGHT, copy_cohort, fill

pytestmark = [pytest.mark.slow, pytest.mark.cohort]
COURSE_ID = "library-user-relationships"
SECRET = "ab" * 64


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """A copy of the shared graded cohort's course (its gradebook is made already)."""
    return copy_cohort(tmp_path)


def _hand_in(exchange: Path, stamp: str, code: str = "x1", secret: str = SECRET) -> Path:
    """A hand-in as nbgrader's submit writes it, by the user running the tests."""
    folder = exchange / COURSE_ID / "inbound" / f"{getpass.getuser()}+module01+{stamp}+{code}"
    folder.mkdir(parents=True)
    nb = fill(FIXTURE / "source" / "module01" / NB1, RIGHT, "Mine.")
    (folder / NB1).write_text(nbformat.writes(nb))
    (folder / "timestamp.txt").write_text(stamp)
    (folder / "submission_secret.txt").write_text(secret)
    return folder


def test_a_hand_in_time_far_before_the_system_saw_it_is_not_believed(
        course: Path, tmp_path: Path) -> None:
    exchange = tmp_path / "exchange"
    _hand_in(exchange, "2001-01-01 09:00:00.000000 UTC")
    report = collect_exchange(course, exchange)
    assert [p.participant for p in report.placed] == [getpass.getuser()], report.lines()
    stamp = (course / "submitted" / getpass.getuser() / "module01" / "timestamp.txt").read_text()
    assert not stamp.startswith("2001"), stamp


def test_the_newest_hand_in_is_collected_with_its_own_time_and_secret(
        course: Path, tmp_path: Path) -> None:
    exchange = tmp_path / "exchange"
    _hand_in(exchange, "2099-01-01 09:00:00.000000 UTC", "old", "cd" * 64)
    later = _hand_in(exchange, "2099-01-02 09:00:00.000000 UTC", "new")
    report = collect_exchange(course, exchange)
    folder = course / "submitted" / getpass.getuser() / "module01"
    assert len(report.placed) == 1 and not report.skipped, report.lines()
    assert (folder / "timestamp.txt").read_text().startswith("2099-01-02 09:00:00")
    assert (folder / "submission_secret.txt").read_text() == SECRET
    assert (folder / NB1).read_bytes() == (later / NB1).read_bytes()


def test_links_and_foreign_files_in_a_hand_in_are_refused(course: Path, tmp_path: Path) -> None:
    exchange = tmp_path / "exchange"
    folder = _hand_in(exchange, "2099-01-01 09:00:00.000000 UTC")
    secret_file = tmp_path / "trainer-secret.ipynb"
    secret_file.write_text("{}")
    (folder / NB1).unlink()
    (folder / NB1).symlink_to(secret_file)
    report = collect_exchange(course, exchange)
    assert not report.placed
    assert any("cannot be read" in s.reason for s in report.skipped), report.lines()


def test_feedback_is_published_under_nbgrader_hash_for_the_owner_only(
        course: Path, tmp_path: Path) -> None:
    from nbgrader.utils import notebook_hash

    exchange = tmp_path / "exchange"
    (exchange / COURSE_ID).mkdir(parents=True)
    user = getpass.getuser()
    for who, secret in ((user, SECRET), ("zip-person", "")):
        folder = course / "submitted" / who / "module01"
        folder.mkdir(parents=True)
        (folder / NB1).write_text("{}")
        if secret:
            (folder / "submission_secret.txt").write_text(secret)
        page = course / "feedback" / who / "module01" / "feedback.html"
        page.parent.mkdir(parents=True)
        page.write_text(f"<p>feedback for {who}</p>")
    pages = sorted((course / "feedback").glob("*/module01/feedback.html"))
    written, missed = publish_feedback(course, exchange, pages)
    name = notebook_hash(secret=SECRET, notebook_id=NB1.removesuffix(".ipynb"))
    assert written == [exchange / COURSE_ID / "feedback" / f"{name}.html"]
    assert written[0].read_text() == f"<p>feedback for {user}</p>"
    assert stat.S_IMODE(written[0].stat().st_mode) == 0o644
    assert stat.S_IMODE(written[0].parent.stat().st_mode) == 0o711  # no listing
    assert [m.source for m in missed] == ["feedback/zip-person/module01/feedback.html"]
