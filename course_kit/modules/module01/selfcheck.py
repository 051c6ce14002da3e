"""Self-check questions for Module 1, "Understanding Library Users".

Answers are stored as hashes and solutions sealed (see :mod:`course_kit.exercises`); to
change a question, write the new answer's hash with ``course-kit answer-hash m01.qN b`` and
a new solution with ``course-kit seal "…"``. The same objects are used by the module notebook
and by the graded self-assessment in ``exercises/source/module01``.
"""

from __future__ import annotations

import functools
from pathlib import Path

from course_kit.data import data_dir, load_community, load_patrons
from course_kit.exercises import (
    ChoiceExercise,
    NumberExercise,
    QuestionSet,
    TrueFalseExercise,
)
from course_kit.modules.module01.analysis import registration_rate

__all__ = ["quiz"]


def _southgate_rate() -> float:
    folder = data_dir()
    stamp = tuple((folder / name).stat().st_mtime_ns for name in ("patrons.csv", "community.csv"))
    return _southgate_rate_for(folder, stamp)


@functools.lru_cache(maxsize=4)
def _southgate_rate_for(folder: Path, _stamp: tuple[int, ...]) -> float:
    """Computed once per version of the data files, so checking an answer is instant."""
    return registration_rate(load_patrons(directory=folder), load_community(directory=folder),
                             "Southgate")


quiz = QuestionSet("module01", {
    "q1": ChoiceExercise(
        id="m01.q1", var="answer_1", points=1,
        prompt="Which age band holds the fewest library cards per 100 residents in Millbrook?",
        choices={"a": "0-12", "b": "13-17", "c": "35-64", "d": "65+"},
        answer_sha256="b048d92e156dbfd61c4294c978f9f96e0b2306960a00214272c366de6fabd21d",
        hints=("Look at the column 'cards_per_100_residents' in the age table.",
               "The smallest number in that column is the answer."),
        solution_text="sealed:eNpNjsEKgzAQRH9lji2omFrqN/TeH9iYrQmERHYj0r/vYi89Drx5M/4KN/VuHvAsaJFBK6ORz9yhMReLoog1B5Cve8N0x0ISFBsL3DhCWFPg0rQ7+7kerA31Dcr5tHkqhl+WmHIQLhh7d/s3PubrgJdtKUjsAFap+/aTJS8kH9ugJbIisyoONnGLVJCaohon2NVuDl/laEUM",
    ),
    "q2": ChoiceExercise(
        id="m01.q2", var="answer_2", points=1,
        prompt="In the needs survey, what is the main reason library users aged 65 and over "
               "give most often for coming to the library?",
        choices={"a": "Computers and Wi-Fi", "b": "To borrow books",
                 "c": "A place to study or work", "d": "Events and classes"},
        answer_sha256="b7d650f970fcbfca80a88f1371ec0fb20458192c9efe2861e3f7213acd081125",
        hints=("Look at the table of main reasons by age band, in the column 65+.",),
        solution_text="sealed:eNpdjsEKwjAQRH9lLoIFKRSpB2/+Q39g22xsMdktm1TJ35vgzdPAzszbmTtMilnN9FNFX6nHI6o8kVfGMFwRttnICo7ElkBPdriNIHHQN9sFUY1rmAQrBY/zOJ46LBoZkTYJBfmfPzFLJdWa27xnY8n39q78apSgPrPAq4GwB1q4QVI+XGluu7d1Nb0fua7qvwiaRFg=",
    ),
    "q3": ChoiceExercise(
        id="m01.q3", var="answer_3", points=1,
        prompt="Which barrier do non-users in the survey name most often?",
        choices={"a": "Opening hours don't suit me",
                 "b": "I don't know what the library offers",
                 "c": "Worried about fines or fees", "d": "Hard to get there"},
        answer_sha256="ec1c3d2bb4664000d6661cc005e02399360252225fe1c05301a2d5adbf0aa104",
        hints=("The barrier table is sorted by the non-users' column, largest first.",),
        solution_text="sealed:eNpVjksOgzAMRK8y20qUe3TR3sEBQyysGDmuUG7fQNVFt/N96YaXBbZih5QVR6ZAZIZKcvIGWxb2OuJpzt2ggky6dPlKFSv3d+0BhEwbz5AY8QhIBSGRu7D/zU19QO3oamoIVj1Pd7ZdeYAU7EoT17PSQOpMc8Nqw5dL4ofzARBOQK0=",
    ),
    "q4": TrueFalseExercise(
        id="m01.q4", var="answer_4", points=1,
        prompt="True or false: research shows that people learn more when teaching is matched "
               "to their learning style (for example, only pictures for 'visual learners').",
        answer_sha256="65089185cd2f3fb3862ea1de48bb8571818c39f6c6812e358d1ca1580ea2c63d",
        hints=("Having a preference is not the same as learning better with it.",
               "Read again the section 'Understanding different learning styles'."),
        solution_text="sealed:eNotj81OAzEMhF9lThSkaFVx4owQt0pV38BkZ0kgG68cb0XfngR68o++GY/fpTROOFO3QsyKJFdiMy401sgW8LE7olY3LYUzmu9zZsOS6wxP4ljFY8r1E065NwrBoVCsjrH5rfDQ3busqiOxbF3KFX8IVjXi8SwtFVrAKb5JzSwBF01GwwNev9S+A56Px5enCaf8g0Wt322jglfaTSsDpGeKSbVx+N+h/5Rtzx0f2/EMq0+/Xc9ZJQ==",
    ),
    "q5": ChoiceExercise(
        id="m01.q5", var="answer_5", points=1,
        prompt="A user persona is best described as…",
        choices={"a": "the record of one real patron",
                 "b": "a made-up person who stands for a real segment of users",
                 "c": "a slogan for a marketing campaign",
                 "d": "a list of all the library's services"},
        answer_sha256="65f8c247a9351bfd5f1b5da1e68c893b9a2f6f9ece30fb125f2e16b03725c513",
        hints=("A persona protects privacy: it is nobody in particular.",),
        solution_text="sealed:eNoljkESgzAMA7+iYznQP/QpTjAlMyTO2A4Mv68pNx20K6UJH1RaeB4dndWk4dwE5tQWwyoKgjLtMP5Wbg5ZMSyK7wAfgFCiWbKXyDvC0Id2McarOLqKc3aLUA7KF0J8A0x2wSXklWtinZCGIwBli3ZYFnL6tyNnaUeM0b1hOItvz6vnyg9bLEdW",
    ),
    "q6": TrueFalseExercise(
        id="m01.q6", var="answer_6", points=1,
        prompt="True or false: a needs assessment can leave out people who don't use the "
               "library, since they are not library users.",
        answer_sha256="4d2622d6ec6ccfdc2b5e0de2d9cd34d774c8345b99808ff45dcbb5c8e1a62fd6",
        hints=("Who does the library not reach yet, and why?",),
        solution_text="sealed:eNo1jUsOwjAQQ6/iA0APACs2LLnDNDVKRJKpZsIntyelYvck+9lXyc4JN63Hp9McYkSLxEpd8445zSbWsSgdVRuMEiI623nLk2EWs/Sz64JKLvsOPxJa7nhHaZB/4E73wtqQHHe1CRd/bENlFLnf980/IWgpz5paB19D8AM8RNU8IORUUxigdRCnL5pYSK4=",
    ),
    "q7": NumberExercise(
        id="m01.q7", var="answer_7", points=2,
        prompt="Out of every 100 residents of Southgate, how many hold a library card? "
               "Give the number with one decimal (for example 48.2).",
        expected=_southgate_rate, tolerance=0.5, unit="cardholders per 100 residents",
        hints=("Use the table of library cards by neighbourhood.",
               "Read the column 'registered_%' in the Southgate row."),
        solution_text="sealed:eNptj8EKwkAMRH9lLlILpVSl/oh6Lttu6C7YRLIppX/vqlAUPIUheTOZi8wWRmeE4BJcnyVOx7rF4NQHuXvShAcpDk0DpRQ9saUat0RZjjGZOovCXb92THEM2UGDiN8/nKlwqjDINM0cbS3h2GfKeVggFB+elHy3K/LZfZ4Ykd/Ly/aXylJB9DctD/qTUKHYwKKscc1OJgvj1Q1L7vPdsz3XT0gJW7Q=",
    ),
    "q8": ChoiceExercise(
        id="m01.q8", var="answer_8", points=1,
        prompt="To plan a service for a target group, a user profile should start from…",
        choices={"a": "what staff assume the group wants",
                 "b": "data about the segment plus conversations with real users",
                 "c": "the patron who complains the most",
                 "d": "the budget that is left at the end of the year"},
        answer_sha256="524eedca7f80fae8b5a8436a0e98c9259755e594df7885bf1e29537fdc113e85",
        hints=("Numbers tell you what people do; what tells you why?",),
        solution_text="sealed:eNoljjEOwzAMA7/CtUs+0KlAP6IkQmzUtgxLiuHfN04GLgfwyPWFLxmBVnGDBYbykbkYanLFJuXkpmRRiqJHC2hMCa4XXZ6qcUoY4gjSkakMVJaaeNoag2bKjh7oHhjY5Q2j9IvlgMlk+ZbobelhLPioeq7P6izPY0l8ZzWcErdHW0UaDo8XXv7Kj0kv",
    ),
})
