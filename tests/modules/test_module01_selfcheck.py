"""Each Module 1 question: a known right answer passes and known wrong answers fail."""

import pytest

from course_kit.exercises import ____, unseal
from course_kit.modules.module01.selfcheck import quiz

RIGHT = {"q1": "b", "q2": "c", "q3": "a", "q4": False, "q5": "d", "q6": True, "q7": 32.5,
         "q8": "c"}
WRONG = {"q1": ["a", "c", "d"], "q2": ["a", "b", "d"], "q3": ["b", "c", "d"], "q4": [True],
         "q5": ["a", "b", "c"], "q6": [False], "q7": [55.8, 0, 33.1], "q8": ["a", "b", "d"]}


def test_every_question_has_a_key_here() -> None:
    assert set(quiz.questions) == set(RIGHT) == set(WRONG)


@pytest.mark.parametrize("name", sorted(RIGHT))
def test_right_answer_passes(name: str) -> None:
    assert quiz.questions[name].check_value(RIGHT[name]).correct


@pytest.mark.parametrize("name", sorted(WRONG))
def test_wrong_answers_fail(name: str) -> None:
    for value in WRONG[name]:
        assert quiz.questions[name].check_value(value).status == "incorrect", value
    assert quiz.questions[name].check_value(____).status == "not attempted"


@pytest.mark.parametrize("name", sorted(RIGHT))
def test_each_question_has_hints_and_a_solution(name: str) -> None:
    q = quiz.questions[name]
    assert q.hints
    assert q.solution_text.startswith("sealed:")
    assert len(unseal(q.solution_text)) > 40
