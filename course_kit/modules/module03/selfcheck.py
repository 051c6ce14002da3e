"""Self-check questions for Module 3, "Building Rapport and Trust".

Answers are stored as hashes and solutions sealed (see :mod:`course_kit.exercises`); to
change a question, write the new answer's hash with ``course-kit answer-hash module03.qN b``
and a new solution with ``course-kit seal "…"``. The graded assessment uses different items
(``exercises/pools/module03.toml``).
"""

from __future__ import annotations

import functools
from pathlib import Path

from course_kit.data import data_dir, load_reference
from course_kit.exercises import (
    ChoiceExercise,
    NumberExercise,
    QuestionSet,
    TrueFalseExercise,
)
from course_kit.modules.module03.analysis import resolved_by_effort

__all__ = ["quiz"]


def _level1_resolved() -> float:
    folder = data_dir()
    return _level1_resolved_for(folder, (folder / "reference.csv").stat().st_mtime_ns)


@functools.lru_cache(maxsize=4)
def _level1_resolved_for(folder: Path, _stamp: int) -> float:
    """Computed once per version of the data file, so checking an answer is instant."""
    table = resolved_by_effort(load_reference(directory=folder))
    return float(table.loc[table["read_level"] == 1, "resolved_%"].iloc[0])


quiz = QuestionSet("module03", {
    "q1": ChoiceExercise(
        id="module03.q1", var="answer_1", points=1,
        prompt=('In the autumn 2025 survey, at which branch do people rate "A comfortable, '
                'welcoming building" below the minimum they find acceptable?'),
        choices={'a': 'Central',
                 'b': 'Eastside',
                 'c': 'Hillcrest',
                 'd': 'Riverside'},
        answer_sha256="7576a058ad7b8873fb43d4d0b7ea4b52204dd5515af038b6fe031bb5e8c4eba6",
        hints=("Look at the column 'welcoming_building_gap' in the welcome audit.",
               'A negative gap means below the minimum.',),
        solution_text='sealed:eNoljkEKg0AMRa/yly1YEUsXtifotjeITtCAZuwkI3j7jnYTPp/3HwkVPrJxMgn8hLiBAn8zDTtGWiEG5ZG8ILhQH7Pj1tT3Cl2HxLZGDaxu1xd8YsRyUkmJGX0iHSYuvsQoyyI4kEVUlrzUePshp9ni2f/xEskxR/PzFd5YRUdMMSeDKNqmfdQ/2r4+Cg==',
    ),
    "q2": TrueFalseExercise(
        id="module03.q2", var="answer_2", points=1,
        prompt='True or false: a table with the names and card numbers removed is anonymous.',
        answer_sha256="bc3339c4b093d56bbab625bc84a29da0bce12f3374c3dcc6d13b64711de3f0a8",
        hints=(('Think of the combination of age band, neighborhood, language and the day the card'
                ' was issued.'),),
        solution_text='sealed:eNoVjFEOgjAQBa/yDlBJUAjRA/jnjzcoZaEN7S52W4i3F39nMvO0UanBm5LsgRewTaQICpYCYqmLfyAwXiHGMYusBu3V9N0AmdHezL0fsNmShRU2EyqHTyUIYw47wducIqle4pn+/05iTawGKiDr/AlqnDAStuBWmiC1YPyeOpEw4fCCleVQFC9KmK0r2vwAXFk/vg==',
    ),
    "q3": ChoiceExercise(
        id="module03.q3", var="answer_3", points=1,
        prompt='A table is 5-anonymous when…',
        choices={'a': 'five columns have been removed',
                 'b': 'every combination of quasi-identifiers is shared by at least five rows',
                 'c': 'five people have checked it',
                 'd': 'it has at most five rows'},
        answer_sha256="a978296042bab3187703e4902eb59a03f97ca6bc6e86bee2bdf3219bd771115e",
        hints=('k is the size of the smallest group of rows that look the same.',),
        solution_text='sealed:eNoljEEOwjAQA7/iD9AbJ8RjtsRpVqTZkk0bwetJ1Ztlj2ee8IY6WiJcf4TFK6+SM71hqbZvZ1utOzxJ1bJciKzEZxfXmwaWplFZcUje6Q90bWmon7ij2Gzhi5cUzESROlQMCNYLmiGyj19LY456EBtty5z+lgA3CA==',
    ),
    "q4": TrueFalseExercise(
        id="module03.q4", var="answer_4", points=1,
        prompt=('True or false: with a salted hash, the rows of the same patron still link up in '
                'the released table.'),
        answer_sha256="ac3a3aa3e423a8e6fe2c5281e96c60b25ac59de3ba10feffe95b63e7703e35d6",
        hints=('The same id with the same salt always gives the same hash.',),
        solution_text='sealed:eNpFjMENAyEMBFvZXz7RNZA2rgEDVg4B9smGILpPlFOU5+7s7G6DN+wHw6kxcgJJQv9lp9pBddJyPPOL/+R0HklltTtcofJp2Fzl5jCdjpqlYJwPzNwPHf0yORr361U0aFqIJJhqBYFiQdfvLpIlyGiBbXsDYp86Jw==',
    ),
    "q5": ChoiceExercise(
        id="module03.q5", var="answer_5", points=1,
        prompt='A patron asks for something you cannot answer today. What builds the most trust?',
        choices={'a': 'Say you will look into it, with no date',
                 'b': 'Give your best guess so they are not kept waiting',
                 'c': 'Say what you will do and by when, log it, and follow up on that day',
                 'd': 'Send them to another library'},
        answer_sha256="93e0321483e3fead3b301c3c15977d9b1636415ce9ca6ffa5cf9e06f2509d02e",
        hints=('A promise is only as good as its date.',),
        solution_text='sealed:eNoVy9ENwyAMBcBV3gApO3SHLmCBG6wQjMyLaLdv+n26nPBEbiqBEX7aVCxjhaAIdcMKI7Wj+OqYDiNsojvx9tj9bxukFxw6mPCqekNrvh7XAEPyoXFnndCPZLYvWIXpB8V1KmA=',
    ),
    "q6": ChoiceExercise(
        id="module03.q6", var="answer_6", points=1,
        prompt='Which age band has the largest share of library cards not used in 2025?',
        choices={'a': '0-12',
                 'b': '13-17',
                 'c': '35-64',
                 'd': '65+'},
        answer_sha256="ab03579191241c11e0b7788748e3f6252e9d45e8da846b52d1d198dd9830d651",
        hints=("Look at the column 'lapsed_%' in the lapsed-cards table.",),
        solution_text='sealed:eNolzV0KQiEUBOCtzEtQZBfTvETraAPHPOEFf+KotP289Dp8MxMUVnd+gHwdHdYdUN/okTfBiyQ0HK9K382eWqVXe8KXhVFqx2gcsBUYbdyCZ+RZv6w3eCoBkRpynTLRZ3f/sanLyJ5Fwc87QsuUEgtaJOHlB2gnK5I=',
    ),
    "q7": NumberExercise(
        id="module03.q7", var="answer_7", points=2,
        prompt=('What share of the 2025 questions at READ Scale level 1 were resolved there and '
                'then? Give a percentage with one decimal (for example 87.5).'),
        expected=_level1_resolved, tolerance=0.5, unit="% resolved",
        hints=('Use the table of questions resolved by READ level.',
               "Read the column 'resolved_%' in the row for level 1.",),
        solution_text='sealed:eNodiksKgCAABa/yNkFBiUpFtesofV4UiJKaXb/PbmaYcXZXRN8JlQ1QspR1C7ch7vxM1xKGiaZSOC+GeDgbcNMTnsGZxPVbX53sTxa55/YGu1AsIZXQUjeFeABRaSBa',
    ),
})
