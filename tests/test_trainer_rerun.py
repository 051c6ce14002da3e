"""course_kit.trainer.grade after a run that died: stale temporary folders are removed and a
rerun grades only what is not graded yet (unless ``regrade``)."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

from course_kit.trainer.grade import GradeSummary, already_graded, clean_stale_temp


def test_stale_temporary_folders_of_dead_runs_are_removed(tmp_path: Path) -> None:
    dead = subprocess.Popen(["true"])
    dead.wait()
    stale = tmp_path / f"course-kit-private-{dead.pid}-abc"
    (stale / "course").mkdir(parents=True)
    alive = tmp_path / f"course-kit-grade-{os.getpid()}-def"
    alive.mkdir()
    other = tmp_path / "course-kit-notes"
    other.mkdir()
    assert clean_stale_temp(tmp_path) == [stale]
    assert not stale.exists() and alive.exists() and other.exists()


def test_a_rerun_grades_only_what_is_not_graded(tmp_path: Path) -> None:
    folder = tmp_path / "submitted" / "ada" / "module01"
    folder.mkdir(parents=True)
    (folder / "a.ipynb").write_text("{}")
    assert not already_graded(tmp_path, "ada", "module01", folder)
    dest = tmp_path / "autograded" / "ada" / "module01"
    dest.mkdir(parents=True)
    (dest / "a.ipynb").write_text("{}")
    assert already_graded(tmp_path, "ada", "module01", folder)
    time.sleep(0.01)
    later = time.time() + 5
    os.utime(folder / "a.ipynb", (later, later))  # handed in again since
    assert not already_graded(tmp_path, "ada", "module01", folder)


def test_the_summary_says_what_was_left_alone_and_how_to_grade_it_again() -> None:
    assert GradeSummary(skipped=32).table() == (
        "Nothing to grade. All 32 submissions are graded already; add --regrade to grade "
        "them again.")
    assert GradeSummary().table() == ("Nothing to grade. No hand-ins were found in "
                                      "submitted/: run `course-kit collect` first.")
    row = {"participant": "ada", "module": "module01", "score": 8, "max": 10, "late": "",
           "notes": "", "failed": False}
    text = GradeSummary(rows=[row], skipped=5).table()
    assert text.splitlines()[-1] == ("5 graded before and not changed since were left as "
                                     "they are; add --regrade to grade them again.")
    assert "left as they are" not in GradeSummary(rows=[row]).table()
    graded = {**row, "score": 8.0, "max": 10.0}  # as merge_outcome records them
    assert GradeSummary(rows=[graded]).table().splitlines()[2].split()[:4] == [
        "ada", "module01", "8", "10"]
