"""Module 8's graded assessment, graded end to end by the trainer's autograder.

The right answers get every automatic point, a blank notebook gets none, and answering every
item with one constant letter (or True) never beats guessing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXERCISES = ROOT / "exercises"
MODULE = "module08"

pytestmark = pytest.mark.slow


def _right() -> dict[str, str]:
    from course_kit.modules.module08.scores import branch_adequacy

    return {"answer_q1": '"b"', "answer_q2": '"c"', "answer_q3": '"d"', "answer_q4": "False",
            "answer_q5": '"a"', "answer_q6": "True",
            "answer_q7": repr(round(branch_adequacy("HIL", "Information Control"), 2))}


# The graded round trip (right answers earn every automatic point, a blank none, no
# constant answer beats chance) runs for every module in one `course-kit grade` batch:
# tests/test_assessments.py::test_every_module_graded_end_to_end.
