"""{{label}}: the notebook's self-check questions.

Answers are hashes (``course-kit answer-hash {{id}}.q1 b``); solutions can be sealed
(``course-kit seal "…"``).
"""

from __future__ import annotations

from course_kit.exercises import NumberExercise, QuestionSet
from course_kit.modules.{{id}}.analysis import library_count

__all__ = ["quiz"]

quiz = QuestionSet("{{id}}", {
    "q1": NumberExercise(
        id="{{id}}.q1", var="answer_1", points=1,
        prompt="How many libraries does Millbrook have, the Central Library included?",
        expected=library_count, tolerance=0,
        hints=("Count the rows of the table of libraries.",),
        solution_text="Count the rows of the branch table.",
    ),
})
