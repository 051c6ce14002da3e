"""Module 8's graded assessment, graded end to end by the trainer's autograder.

The right answers get every automatic point, a blank notebook gets none, and answering every
item with one constant letter (or True) never beats guessing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

from course_kit.trainer.build import build_assessments, notebook_name
from course_kit.trainer.pools import chance_score, load_pool
from tests.trainer_cohort import fill

ROOT = Path(__file__).resolve().parents[2]
EXERCISES = ROOT / "exercises"
MODULE = "module08"

pytestmark = pytest.mark.slow


def _right() -> dict[str, str]:
    from course_kit.modules.module08.scores import branch_adequacy

    return {"answer_q1": '"b"', "answer_q2": '"c"', "answer_q3": '"d"', "answer_q4": "False",
            "answer_q5": '"a"', "answer_q6": "True",
            "answer_q7": repr(round(branch_adequacy("HIL", "Information Control"), 2))}


def test_module08_graded_end_to_end(tmp_path: Path) -> None:
    from course_kit.trainer.grade import grade_course

    course = tmp_path / "course"
    (course / "pools").mkdir(parents=True)
    shutil.copy(EXERCISES / "nbgrader_config.py", course)
    shutil.copy(EXERCISES / "pools" / f"{MODULE}.toml", course / "pools")
    build_assessments(course, [MODULE])
    release = course / "release" / MODULE / notebook_name(MODULE)
    right = _right()
    subs = {"right": fill(release, right, "My notice and my check."),
            "blank": nbformat.read(release, as_version=4)}
    for k in "abcd":
        subs[f"const-{k}"] = fill(release, {v: (f'"{k}"' if v not in ("answer_q4", "answer_q6",
                                                                      "answer_q7") else "True")
                                            for v in right}, None)
    for who, nb in subs.items():
        folder = course / "submitted" / who / MODULE
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / notebook_name(MODULE))
    summary = grade_course(course, jobs=2, progress=False)
    scores = {r["participant"]: r["score"] for r in summary.rows}
    assert scores["right"] == 8 and scores["blank"] == 0
    chance = chance_score(load_pool(EXERCISES / "pools" / f"{MODULE}.toml"))
    for k in "abcd":
        assert scores[f"const-{k}"] <= chance, (k, scores[f"const-{k}"], chance)
