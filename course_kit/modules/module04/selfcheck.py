"""Self-check questions for Module 4, "Addressing User Inquiries and Concerns".

Answers are stored as hashes and solutions sealed (see :mod:`course_kit.exercises`); to
change a question, write the new answer's hash with ``course-kit answer-hash module04.qN b``
and a new solution with ``course-kit seal "…"``. The graded assessment uses different
questions (``exercises/pools/module04.toml``).
"""

from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd

from course_kit.data import data_dir
from course_kit.exercises import ChoiceExercise, NumberExercise, QuestionSet, TrueFalseExercise
from course_kit.modules.module04.reference_log import unresolved_share

__all__ = ["quiz", "unresolved_pct"]


def unresolved_pct() -> float:
    """Percentage of the log's questions not resolved there and then (from the data)."""
    folder = data_dir()
    return _unresolved_for(folder, (folder / "reference.csv").stat().st_mtime_ns)


@functools.lru_cache(maxsize=4)
def _unresolved_for(folder: Path, _stamp: int) -> float:
    """Computed once per version of the data file, from the one column it needs, so that
    even the first check answers in a few milliseconds (the same formula as
    :func:`~course_kit.modules.module04.reference_log.unresolved_share`)."""
    resolved = pd.read_csv(folder / "reference.csv", usecols=["resolved"])["resolved"]
    flags = resolved.astype(str).str.lower().map({"true": True, "false": False})
    return unresolved_share(pd.DataFrame({"resolved": flags.astype(bool)}))[0]


_unresolved_pct = unresolved_pct

quiz = QuestionSet(
    "module04",
    {
        "q1": ChoiceExercise(
            id="module04.q1",
            var="answer_1",
            points=1,
            prompt=(
                "In Millbrook's 2025 question log, which weekday and hour has the most "
                'questions?'
            ),
            choices={
                "a": "Monday, 10:00-11:00",
                "b": "Wednesday, 14:00-15:00",
                "c": "Saturday, 11:00-12:00",
                "d": "Friday, 16:00-17:00",
            },
            answer_sha256="baa1a9df4ade6321b9fffb4593570ae27e78d22ee327390d05e16a411ed3be57",
            hints=(
                "Look at the heat map: the darkest cell.",
                "The summary line above the explorer names it when all filters say 'all'.",
            ),
            solution_text="sealed:eNoLTiwpLUpJrNRRMDS0MjDQNTQCklYKlmaWCoWlqcUlmfl5xQqZeQpGBkamegrBUNXFColFqQolGakKSaXFmUBlChDBErBYSmpxth4AzC0crw==",
        ),
        "q2": NumberExercise(
            id="module04.q2",
            var="answer_2",
            points=2,
            prompt="What share of Millbrook's 2025 questions (in %) was not resolved there "
            "and then? "
            "Give one decimal (for example 12.5).",
            expected=_unresolved_pct,
            tolerance=0.2,
            unit="% of questions",
            hints=(
                "The summary line of the explorer gives it, with every filter on 'all'.",
                "Unresolved questions ÷ all questions × 100.",
            ),
            solution_text='sealed:eNoz1jEzMVHIT1MwttAxNLJUKCxNLS7JzM8rVihPLUpVyMsvUShKLc7PKUtNUSj'
                          'JAAkl5oFZeVYKlnpmqnoAm0wUvQ==',
        ),
        "q3": ChoiceExercise(
            id="module04.q3",
            var="answer_3",
            points=1,
            prompt="Which SIFT move checks whether other reliable sources say the same thing?",
            choices={
                "a": "Stop",
                "b": "Find better coverage",
                "c": "Trace claims to the original context",
                "d": "Investigate the source",
            },
            answer_sha256="d7fc1b489af631018119ffee9931051ef128901448f8bb2ad0b5bdcec30b841c",
            hints=("One move is about looking beyond this one source.",),
            solution_text="sealed:eNodzNENwyAMRdFV3gBVB+gA2cMBB2hSXmTsVNm+qN/n6i6tZ6zqrobES02KvnCQOzYavlUcbjFcMwbDkg4MuSErY0pVpEPa54HWZyMZ3PCOXFovf2VXnPOJm4Eqlz5/ah4pfA==",
        ),
        "q4": ChoiceExercise(
            id="module04.q4",
            var="answer_4",
            points=1,
            prompt=(
                "You have tried for ten minutes to fix a patron's printing. The tree says "
                "'log it for IT help'. What is the best next step?"
            ),
            choices={
                "a": "Keep trying until it works",
                "b": "Tell the patron the printer is broken",
                "c": "Ask the patron to come back tomorrow",
                "d": "Log the problem with a contact, and tell the patron when they will hear back",
            },
            answer_sha256="b7eed2f8d0e40471bff0609f90ea8c98c5a9519ca29513ced3ba5970e11066d2",
            hints=("A referral is only done when the person knows what happens next.",),
            solution_text="sealed:eNo9zNsJw0AQQ9FWVEBwH4F8ugHZFh6Tya7ZHWLSfSYP/Cc44t7qijBhb3VyPcCygDj4QlQ0cbYfM1otly/3xMNUPpBrc4eJDRPn+4DxfMPFp3o+wrK5O/+B64hVkWAMbIEiLX14AySvMB4=",
        ),
        "q5": TrueFalseExercise(
            id="module04.q5",
            var="answer_5",
            points=1,
            prompt=(
                "True or false: RUSA's 2023 guidelines have six areas (Inclusion, "
                'Approachability, Engagement, Searching, Evaluation, Closure), replacing the '
                'five areas of 2013.'
            ),
            answer_sha256="40066870f60a3fde56c5f30537568d72f3649298637b7f49a7c24d22267ec55a",
            hints=("Compare the two lists in section 4.",),
            solution_text="sealed:eNo1jEEKAjEMRa+SpcI46rh05UJhwJ1zgdgGG6hpTdMRb28Zcffe5/MmrdTDFAiG3XAApZkLJwH0njyM4mL9uXg4zxgr2l+VBJ/tlCyQliOwtSlHdFTAluD+AKiEBVannDWhC3jnyPbpWtlIqVgHVy5GwvLYjvKqrI06uBGqCwteUozpval53X8BjBI8+Q==",
        ),
        "q6": ChoiceExercise(
            id="module04.q6",
            var="answer_6",
            points=1,
            prompt=(
                "A patron asks: 'Do you have books on dogs?' Which reply is a neutral "
                'question (Dervin & Dewdney)?'
            ),
            choices={
                "a": "What will you use the information for?",
                "b": "Do you want dog training books?",
                "c": "Is it for a school project?",
                "d": "Have you tried the catalog?",
            },
            answer_sha256="eb569f1837c0a51376b8143b24476a6db34f845733a08c43c20800b389a0cb4f",
            hints=("A neutral question does not guess the answer.",),
            solution_text="sealed:eNoljEEOwjAMBL+yt4KE+gU+gcTZQGgsgo1iW1F/j9veVjOjne6VHINbw6qBsAKvBSxv7V9yVkGu6wSyj4EeGr4Hxh6HHux1o0sUM5Zlxi29ZtTtgDh5J5Z0F9izqrYztMOKvPavX5Z5RIPW+Q/n6TSI",
        ),
        "q7": ChoiceExercise(
            id="module04.q7",
            var="answer_7",
            points=1,
            prompt=(
                'In the 2025 log, which mode has the highest share of questions that were not'
                ' resolved there and then?'
            ),
            choices={"a": "in person", "b": "phone", "c": "chat", "d": "email"},
            answer_sha256="83ac2bd945e8f3578c2987c4e2417f9fadd489bf2b0993d6f87a34128c1eb9b8",
            hints=("Use the table of unresolved questions by mode in section 7.",),
            solution_text='sealed:eNotzEEKg0AQRNGr1GZ2IriKZJsLeIU2lsnA0D2Zbs31FXT74b/XV+IJmW0LDGO'
                          'CrXifCb+NHtnU8Wcj1AKNbmXn0kE+ktXj3h4JWVHZ3LTHRKuFKJSdkAubudqJ5AB18f4AN'
                          'CgobQ==',
        ),
        "q8": TrueFalseExercise(
            id="module04.q8",
            var="answer_8",
            points=1,
            prompt=(
                'True or false: when a question is left unresolved, writing it in the log is '
                'enough; the person will come back if they still need help.'
            ),
            answer_sha256="94dfaed7ec63e2fbf94252db92e907ee6f8d86f94beec94c5f2fb14fd17ace5d",
            hints=("Who is waiting for whom?",),
            solution_text="sealed:eNodx8ENgCAQBMBWtgCkBz/+LOKEVYnIXfCMsXsT5zeT1IsRs7QXRrVKZEVTR9KTWCQdEePWSWiDYNVa9RluC3h6ccJ3wrqe5SKk5f9ZnOHfQRqKxw8+7COa",
        ),
    },
)
