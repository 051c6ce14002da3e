"""Module 4's graded assessment, round trip through `course-kit grade` (sandboxed nbgrader).

Right answers get the full 8 automatic points, a blank notebook 0, and answering every item
with the same letter (or True) never beats guessing.
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
MODULE = "module04"

RIGHT = {"answer_q1": '"b"', "answer_q2": "'d'", "answer_q3": "a", "answer_q4": "C",
         "answer_q5": "True", "answer_q6": "False"}
TRUE_FALSE = ("answer_q5", "answer_q6", "answer_q7")


def _right_q7() -> str:
    from course_kit.modules.module04.reference_log import unresolved_percent

    return repr(f"{unresolved_percent('phone'):.1f}")


@pytest.mark.slow
def test_module04_graded_round_trip(tmp_path: Path) -> None:
    from course_kit.trainer.grade import grade_course

    course = tmp_path / "course"
    (course / "pools").mkdir(parents=True)
    shutil.copy(EXERCISES / "nbgrader_config.py", course)
    shutil.copy(EXERCISES / "pools" / f"{MODULE}.toml", course / "pools")
    build_assessments(course, [MODULE])
    release = course / "release" / MODULE / notebook_name(MODULE)
    right = {**RIGHT, "answer_q7": _right_q7()}
    constants = {f"const-{k}": {v: (k if v not in TRUE_FALSE else "True") for v in right}
                 for k in "abcd"}
    subs = {"right": fill(release, right, "| When | Asked |"),
            "blank": nbformat.read(release, as_version=4),
            **{k: fill(release, v, None) for k, v in constants.items()}}
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
