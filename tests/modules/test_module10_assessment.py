"""Module 10's graded assessment, graded end to end by the trainer's autograder.

The right answers get every automatic point, a blank notebook gets none, and answering every
item with one constant letter (or True, or False) never beats guessing. The data question's key
follows the data: it is recomputed from ``service_values.csv`` and ``operating_costs.csv``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from course_kit import data
from course_kit.modules.module10.roi import case_study_ratio_with

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


# The graded round trip (right answers earn every automatic point, a blank none, no
# constant answer beats chance) runs for every module in one `course-kit grade` batch:
# tests/test_assessments.py::test_every_module_graded_end_to_end.
