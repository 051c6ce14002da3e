"""Module 4's graded assessment, round trip through `course-kit grade` (sandboxed nbgrader).

Right answers get the full 8 automatic points, a blank notebook 0, and answering every item
with the same letter (or True) never beats guessing.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXERCISES = ROOT / "exercises"
MODULE = "module04"

RIGHT = {"answer_q1": '"b"', "answer_q2": "'d'", "answer_q3": "a", "answer_q4": "C",
         "answer_q5": "True", "answer_q6": "False"}
TRUE_FALSE = ("answer_q5", "answer_q6", "answer_q7")


def _right_q7() -> str:
    from course_kit.modules.module04.reference_log import unresolved_percent

    return repr(f"{unresolved_percent('phone'):.1f}")


# The graded round trip (right answers earn every automatic point, a blank none, no
# constant answer beats chance) runs for every module in one `course-kit grade` batch:
# tests/test_assessments.py::test_every_module_graded_end_to_end.
