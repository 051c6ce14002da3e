"""Self-check questions for Module 9, "Creating a Welcoming and Inclusive Library Environment".

Answers are stored as hashes and solutions sealed (see :mod:`course_kit.exercises`); to change
a question, write the new answer's hash with ``course-kit answer-hash module09.qN b`` and a new
solution with ``course-kit seal "…"``. The graded assessment (``exercises/pools/module09.toml``)
asks different questions on the same objectives.
"""

from __future__ import annotations

from course_kit.data import load_needs_survey
from course_kit.exercises import ChoiceExercise, NumberExercise, QuestionSet, TrueFalseExercise
from course_kit.modules.module09.analysis import unwelcome_by_language

__all__ = ["quiz", "spanish_unwelcome_percent"]


def spanish_unwelcome_percent() -> float:
    """Percent of Spanish-language survey respondents who feel the library is not for them."""
    return float(unwelcome_by_language(load_needs_survey()).loc[("Spanish", "all"), "ticked_%"])


quiz = QuestionSet("module09", {
    "q1": ChoiceExercise(
        id="module09.q1", var="answer_1", points=1,
        prompt=('Which home language, other than English and Spanish, has the most speakers in '
                'Millbrook?'),
        choices={
            'a': 'Arabic',
            'b': 'Chinese',
            'c': 'Vietnamese',
            'd': 'Tagalog'},
        answer_sha256="63cd017bb43ece6c2e1735fad5b7c4b4828b1ffa4ec753a8d0413a51635db50e",
        hints=(
            "Look at the row 'Millbrook' in the table of speakers by neighborhood.",),
        solution_text=('sealed:eNoVzEEKwkAMRuGr/EsHSkGrFN2JeANxH9t0JjiTSBPw+tbl+xZvSngKh1Jj5wv'
                       'Gwwkru8ys4fAP0xsSoECxxh2aecAWROEGUdzJI1Nwj1sR3RbY7c9j6nBd6SXTv44JpDMel'
                       'Kla3mQYEhar1b79D2T4KIQ='),
    ),
    "q2": NumberExercise(
        id="module09.q2", var="answer_2", points=2,
        prompt=('Of the respondents who answered the needs survey in Spanish, what percent ticked '
                "“The library doesn't feel like a place for people like me”? Give one decimal, for"
                ' example 12.3.'),
        expected=spanish_unwelcome_percent, tolerance=0.5, unit="percent",
        hints=(
            'Use the table from unwelcome_by_language(survey).',
            'Read the row Spanish / all, column ticked_%.',),
        solution_text=('sealed:eNp1y7EOglAMheFXOQubXiFRE9h1YuMJqtRLQ9MSbo2vLzFhdD3/+Xr3GRSIibH6B8'
                       'NCJmXCCaQKf/1C0EO5Q1PvQ3vej0cly2/Km+ayuI1sURDynHmExGFD6Vol3H3FzbL+JRKQgku'
                       'qq/QFjSsxxQ=='),
    ),
    "q3": ChoiceExercise(
        id="module09.q3", var="answer_3", points=1,
        prompt=("Hillcrest's narrowest aisle between the stacks is 32 inches. What does ADAAG §8.5"
                ' (1991) ask for?'),
        choices={
            'a': '28 in minimum',
            'b': '32 in minimum',
            'c': '36 in minimum, 42 in preferred',
            'd': '48 in maximum'},
        answer_sha256="818ec4ad5ee435091304d562cf37d2b3246f182bb8035cee44157414f4eff522",
        hints=(
            ('The same figure is the clear width of an accessible route in the 2010 ADA Standards '
             '(§403.5.1).'),),
        solution_text=('sealed:eNoVi7EKwzAMBX/lbaUQMjSlQ7Zs/Q3hKlhgSUVyCfn7xtNxB1fuWF4Qg4qJ/nT'
                       'C8zH0G7xzBH9mbB3LaBPe0loJzn5LkGTjC8Ho7jCK8AO7B5TsxFGZW6kkkSt6ZRRXZeuJp'
                       'BPpY5r/I+Aq/w=='),
    ),
    "q4": ChoiceExercise(
        id="module09.q4", var="answer_4", points=1,
        prompt='Which contrast ratio does WCAG 2.2 level AA ask for normal-size text?',
        choices={
            'a': '3:1',
            'b': '4.5:1',
            'c': '7:1',
            'd': '21:1'},
        answer_sha256="acde37c42aaf5c07e3a2c53ed49704be49d088f5bfcb9b03f7322ea428d8cab5",
        hints=(
            '3:1 is for large text; 7:1 is level AAA.',),
        solution_text=('sealed:eNolzEEKgCAQBdCr/GVuBsQisJX7LmE6hSQKjkXHL+gd4G0KI01WY5ArBBZBaKl'
                       'zS7VA00hGEVbfDkbnp6MwR4GxekHmmzOcc/ByCvbaMH+PL/Ef6QX1/Rsa'),
    ),
    "q5": TrueFalseExercise(
        id="module09.q5", var="answer_5", points=1,
        prompt=('True or false: a text color with a ratio of 4.48:1 on its background passes AA '
                'for normal text, because 4.48 rounds to 4.5.'),
        answer_sha256="410b186d033fe28b6c1f2754c0ee1f530bd38c34d921cc704bf60a1a4dbe0b18",
        hints=(
            'WCAG says the ratio must be at least 4.5:1. Does it allow rounding up?',),
        solution_text=('sealed:eNodysEKwjAQBNBfGfCiUAKFVEtuIugPCJ5XuqWBmC3dDdK/N3HmMjzmTknZ4bk'
                       'wNrIo+BQ1vBlkSEx1ezeEvgPlCa/b9QGlXZHFYIJNSuWyBhwu/0Ayvks0xtE7P4b+hJli0'
                       'q4ezq3NB998JVVW9wM8YSY0'),
    ),
    "q6": ChoiceExercise(
        id="module09.q6", var="answer_6", points=1,
        prompt=('A nine-year-old offers to interpret for his grandmother, who asks about fines and'
                ' the privacy form. What is the best response?'),
        choices={
            'a': ('Thank him, show the form in her language and call a trained interpreter for the'
                  ' details'),
            'b': 'Let him interpret everything: family knows best',
            'c': 'Speak slowly and loudly in English',
            'd': 'Ask her to come back with an adult who speaks English'},
        answer_sha256="c4407de691221a88b1f13ebc807e898db055b6224b0244282f9361c3f3f2edd2",
        hints=(
            "Who should carry an adult's money matters and private business?",),
        solution_text=('sealed:eNo1jUEOwyAMBL+y10pR/tBL/+GAC5aIiYwJyu+L0vayB+96hh54ImQpETtdyFw'
                       'ODPEMQjJmF00Ltu54i3IDacRhclK4oMwRFEI3csaoFr99y7VPnFaHcXNUnbBbseJVbW8Qn'
                       'SJDIU2dEt9fBDeajjhbZzuMZyLJyfd2q56XP37MYEjD4BLqPgHtd1k/9b5JsA=='),
    ),
    "q7": TrueFalseExercise(
        id="module09.q7", var="answer_7", points=1,
        prompt=('True or false: a heritage-month display built on clichés is still better than no '
                'display at all.'),
        answer_sha256="daebffd06ccf66775a92c05e3245d01af0704eb295815b9fd79684a20d728418",
        hints=(
            'What does a display of clichés tell the community it is about?',),
        solution_text=('sealed:eNodzsENg0AMBMBWtgBEAfnlkwrSgAHDnTD2yTYi6T5HftZqNesXSfCIt+2sNQ7'
                       'UwGUejCykUMtSdXugJpyXc+YAYT4lT+8VQ3NrPdIFySIB5bqVqQO4CiUiaV1xGzvsPvgY8'
                       'UQcJNJBEiw1mtC3L13D3yE08lR2rObd+yS+TD7cn02cyT7+AA16QLY='),
    ),
    "q8": ChoiceExercise(
        id="module09.q8", var="answer_8", points=1,
        prompt=("Most of Millbrook's Vietnamese speakers live in Eastgate. Which library is the "
                'natural base for a partnership with a Vietnamese community group?'),
        choices={
            'a': 'Central Library',
            'b': 'Hillcrest Branch',
            'c': 'Riverside Branch',
            'd': 'Eastside Branch'},
        answer_sha256="073ff4d2a657c1ee3872c84e680cd470e24afaad341713a2185e35c9b18612b9",
        hints=(
            'Look at the column nearest_branch in the language-needs table.',),
        solution_text=('sealed:eNodi0EKAjEQBL/S1wVZWJ8gePAD3sek1x3YTCDT6PeVHKuoqgvulkqvxG1YlOM'
                       'CHUTQBlN4TQf1mb1NXPEQ7MyOwUL/sP7pxHZF3+daemsMJb7DJQY88HQqrDG5/gDsxyhI'),
    ),
})
