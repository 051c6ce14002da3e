"""Self-check questions for Module 8, "Gathering User Feedback and Improving Services".

Answers are stored as hashes and solutions sealed (see :mod:`course_kit.exercises`); to
change a question, write the new answer's hash with ``course-kit answer-hash module08.qN b``
and a new solution with ``course-kit seal "…"``. The graded assessment uses different
questions (``exercises/pools/module08.toml``).
"""

from __future__ import annotations

import functools
from pathlib import Path

from course_kit.data import data_dir, load_survey_responses
from course_kit.exercises import (
    ChoiceExercise,
    NumberExercise,
    QuestionSet,
    TrueFalseExercise,
)
from course_kit.modules.module08.scores import nps

__all__ = ["quiz", "riverside_nps"]


def riverside_nps() -> float:
    """Riverside's Net Promoter Score in the autumn survey, from the data (one decimal)."""
    folder = data_dir()
    return _riverside_nps(folder, (folder / "survey_responses.csv").stat().st_mtime_ns)


@functools.lru_cache(maxsize=4)
def _riverside_nps(folder: Path, _stamp: int) -> float:
    survey = load_survey_responses(directory=folder)
    return round(nps(survey.loc[survey["branch_id"] == "RIV", "recommend_0_10"]).score, 1)


quiz = QuestionSet("module08", {
    "q1": ChoiceExercise(
        id="module08.q1", var="answer_1", points=1,
        prompt='Which survey question asks one thing, neutrally, in plain words?',
        choices={
            "a": 'How satisfied are you with our hours and our staff?',
            "b": "Don't you agree that the new self-checkout is a great improvement?",
            "c": 'In the last month, how many times did you visit the library?',
            "d": 'How often do you use our databases and interlibrary loan?',
        },
        answer_sha256="69450f093ca1f29fc78a698f673d3d71813dab97aa5a79b293a739f552679374",
        hints=("Look for 'and', for words that suggest the answer, and for library words.",),
        solution_text="sealed:eNptzEEOwyAQA8Cv+BgklD8tYQW0yVLhTaP+vkjtMRdfbM8WIHwS3RRemxUs78bmDBGS+ukQUB3eDsXiVbELHUc3r3PSDK9dZl59ZK6QP+dX/3GE+MQ3jUgBPEtR+uwnJMZLR0S++VjGSSX2loaMDx4ySrf1C2lOPJQ=",
    ),
    "q2": ChoiceExercise(
        id="module08.q2", var="answer_2", points=1,
        prompt=('Teens stopped coming to the Maker Club after it moved to Saturdays. You want to'
                ' learn why, in their own words. What do you try first?'),
        choices={
            "a": 'A survey sent to every cardholder',
            "b": 'A small focus group or short talks with teens',
            "c": 'A count of Saturday visits',
            "d": 'A suggestion box at Central',
        },
        answer_sha256="ef1c9892e995b9f9d7e3f0f89a2ad2f8c94a29b2ff623237712d9e5e6815195e",
        hints=("'Why' and 'in their own words' point to a method where people talk.",),
        solution_text="sealed:eNoljksOwjAMRK8yO6iEuAArjuK2Jolo7cjOh96eFHa235uR5wlPvHSpjmBaM65q8KhWkKSwtcTdJ4TU2GFMruKDILPmjS8O7YKutvp9FHm1xgcWrVIcUTt2kgMlJnnDdedzCg8QWvJU/iKcDkePVBApZxZebxAt43ScqtcQ2EtSwawfDI0GjWyYjWSJ6GnbfoHx31gH2u9fHnVOcQ==",
    ),
    "q3": NumberExercise(
        id="module08.q3", var="answer_3", points=1,
        prompt=("What is Riverside's Net Promoter Score in the autumn survey? Give it with one "
                'decimal (for example -3.2).'),
        expected=riverside_nps, tolerance=0.5, unit="NPS points",
        hints=(("Run the workbench and read the 'Score (NPS)' tab, or use "
                'scores.nps_by_group(survey).'),
               "Riverside is the row 'Riverside Branch' (or RIV)."),
        solution_text="sealed:eNo1j81uwkAMhF9lLlVaNUT8FFD7Br1UCBCXqkKbzQZWSteR7Q3i7fEeOHrm83gsnjhIk0Y5t/fzhSmPr5J5Cve3ZiD/W+2/T1WN6md3qP5wiVMQuJayYraYN9svLNcYmf5JA5uTOqw26IKy80qmUI/FfGWG3AxocLwGfK5fEJMtTG4A5yToLeEZa4FKeP+oIQQ1XEpFREFOPrC6mGq0RkYtYiEGugXRcqtMPWVGyy75q332AHNbTBY=",
    ),
    "q4": TrueFalseExercise(
        id="module08.q4", var="answer_4", points=1,
        prompt=('True or false: a negative adequacy gap means users rate the service below the '
                'minimum they would accept.'),
        answer_sha256="3ed6c0bf70ccb77a7559a471edcc5e3685bfdcea5b1b3a99ce325f3357d1a192",
        hints=('Adequacy gap = perceived - minimum.',),
        solution_text="sealed:eNo9jkEOwjAQA7/iB0AegMQBzhwQ4gNpYmClpC27SaC8npQDN8sajX3VSodD5LP6sODuZ+wxUwOlMWKLLKPkmh2OTNMLH+q0QXkQRm0SCDHUMVJ/ZUdoBYmNCbUjBh8C57LDTd4rYuxJrfTRgksfUZNI+JR634iTDOp1gTeck1/9hblblBj+D9wXS/xBLQ==",
    ),
    "q5": ChoiceExercise(
        id="module08.q5", var="answer_5", points=1,
        prompt='Which comment is VADER most likely to misread?',
        choices={
            "a": 'The staff are wonderful.',
            "b": 'The printer is broken again.',
            "c": 'Great, the Wi-Fi is down again. Just great.',
            "d": 'Please open on Sundays.',
        },
        answer_sha256="f28d787e3abe9d5ed0bbc93f2e086f63c09464edbc57e26daa4c086e8c4883a5",
        hints=(('VADER adds up the feeling of each word. Which comment means the opposite of its'
                ' words?'),),
        solution_text="sealed:eNodjbEOwkAMQ3/FW6mE+gFsSDCwgtQ9ukYQ6XpXzmn5fdKOtp/t1MMISkvC+YLxers/QVWiezcV7+A/SwopE5hqi8AcQixNjDrgESqzIuAp3JrNNcR3VTpxmvodLrp6k4zagqC5bXo+JmMrSSnVjz5eixTjZ+dGUy8yK+N7v8jDH8REO8w=",
    ),
    "q6": ChoiceExercise(
        id="module08.q6", var="answer_6", points=1,
        prompt="Which is the best 'you said, we did' line?",
        choices={
            "a": 'In response to patron feedback, service hours have been reconfigured.',
            "b": ('You said Riverside closes too early. From March 3, it is open until 8 pm on '
                  'Tuesdays and Thursdays.'),
            "c": 'Thank you for your feedback, which is very important to us.',
            "d": 'We hear you!',
        },
        answer_sha256="6db95675369ce6c7da684ccfc6ad8864d1e7bcab5749b963f875ccc8613d7683",
        hints=('A good line names what users said, what changed, and when.',),
        solution_text="sealed:eNotjUsKwzAQQ6+ircHkTtPM1B5ox8bKh96+JslGoMcTeiVQfsRZZcNOG5zdNd9grRLFFBKK92jfSS0yPNA/MvNsQ7lAEpzoQvphl3xI2S1jTehz5jQi2lY9SoY+lw9Y/s7oLdU=",
    ),
    "q7": TrueFalseExercise(
        id="module08.q7", var="answer_7", points=1,
        prompt=("True or false: Riverside's visits fell by a quarter in 2025, so its users like "
                'the library less.'),
        answer_sha256="093e6a52fa663c201a37125dca7930e1ea2b3fd32ee2f77e5c3502345d64ea4c",
        hints=('Look at visits per open hour before and after.',),
        solution_text="sealed:eNoljU0KgzAUhK8yyxYkW2kP0BOU7mMdm9CYF96Lgrc36mZgPubn5ZPR4RMtVkOhQgozgiyK4HVMG2ZZOeLWuwcGTqLs0LsefqrU+xM1EKNKwezrN9BOkMQquDLH/DvHzOHduC26coP57TiTkog52tU5Yx2y1Gb9IS2Z4p/XYhzUawM0czulo0Bb",
    ),
    "q8": ChoiceExercise(
        id="module08.q8", var="answer_8", points=1,
        prompt='Which habit keeps feedback coming all year?',
        choices={
            "a": 'One big survey every five years',
            "b": 'Reply to every comment within a set time and post what changed each season',
            "c": 'Only read comments when there is a complaint',
            "d": 'Keep the results for staff only',
        },
        answer_sha256="c7addd3072b52e9bb4f6c46a14041ade6428f7f6cff88714f3e99829daebb079",
        hints=('People give feedback again when they see it led somewhere.',),
        solution_text="sealed:eNoljVEOgzAMQ6/i30mIS3CFXQBKNiKiuGpaJm6/Vvz62c/bC4sx1L+oh8DIPIGfKo7Vd6gjt800TYiDv0ALKTGqWnBRkyCxeY3OOeIbp0hGFbPhvNlmvLuYnfWhyXqNl45CTTxJgOXZPGq2Ov8BlC41tQ==",
    ),
})
