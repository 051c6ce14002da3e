"""Module 10's graded assessment, graded end to end by the trainer's autograder.

The right answers get every automatic point, a blank notebook gets none, and answering every
item with one constant letter (or True, or False) never beats guessing. The data question's key
follows the data: it is recomputed from ``service_values.csv`` and ``operating_costs.csv``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

from course_kit import data
from course_kit.modules.module10.roi import case_study_ratio_with
from course_kit.trainer.build import build_assessments, notebook_name
from course_kit.trainer.pools import chance_score, load_pool
from tests.trainer_cohort import fill

ROOT = Path(__file__).resolve().parents[2]
EXERCISES = ROOT / "exercises"
MODULE = "module10"


def test_the_data_question_key_is_computed_from_the_tables() -> None:
    values = data.load_service_values().set_index("service")
    costs = data.load_operating_costs()
    movies = values.loc["Movies borrowed"]
    benefits = values["value_usd"].sum() - movies["uses"] * (movies["value_per_use_usd"] - 5)
    expected = benefits / costs.loc[costs["fiscal_year"] == 2025, "amount_usd"].sum()
    assert case_study_ratio_with("Movies borrowed", "5") == pytest.approx(expected, abs=0.005)
    assert case_study_ratio_with("Movies borrowed", "5") == 3.79
    assert case_study_ratio_with("Movies borrowed", "18") == 4.02


@pytest.mark.slow
def test_module10_graded_end_to_end(tmp_path: Path) -> None:
    from course_kit.trainer.grade import grade_course

    course = tmp_path / "course"
    (course / "pools").mkdir(parents=True)
    shutil.copy(EXERCISES / "nbgrader_config.py", course)
    shutil.copy(EXERCISES / "pools" / f"{MODULE}.toml", course / "pools")
    build_assessments(course, [MODULE])
    release = course / "release" / MODULE / notebook_name(MODULE)
    right = {"answer_q1": '"a"', "answer_q2": '"b"', "answer_q3": '"c"', "answer_q4": '"d"',
             "answer_q5": "True", "answer_q6": "False",
             "answer_q7": repr(case_study_ratio_with("Movies borrowed", "5"))}
    subs = {"right": fill(release, right, "My summary and my report."),
            "blank": nbformat.read(release, as_version=4)}
    constants = {k: f'"{k}"' for k in "abcd"} | {"T": "True", "F": "False"}
    for name, value in constants.items():
        subs[f"const-{name}"] = fill(release, {v: value for v in right}, None)
    for who, nb in subs.items():
        folder = course / "submitted" / who / MODULE
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / notebook_name(MODULE))
    summary = grade_course(course, jobs=2, progress=False)
    scores = {r["participant"]: r["score"] for r in summary.rows}
    assert scores["right"] == 8 and scores["blank"] == 0
    chance = chance_score(load_pool(EXERCISES / "pools" / f"{MODULE}.toml"))
    for name in constants:
        assert scores[f"const-{name}"] <= chance, (name, scores[f"const-{name}"], chance)
