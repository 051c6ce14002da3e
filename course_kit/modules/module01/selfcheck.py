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
        choices={"a": "Computers and Wi-Fi", "b": "A place to study or work",
                 "c": "To borrow books", "d": "Events and classes"},
        answer_sha256="0d91a4d5df6139cbfa791fdf353fc670418dcef1936749c71de78bae515bde82",
        hints=("Look at the table of main reasons by age band, in the column 65+.",),
        solution_text="sealed:eNpdjsEKwjAQRH9lLoIFKRSpB2/+Q39g22xsMdktm1TJ35vgzdPAzszbWTpMilnN9FNFX6nHI6o8kVfGMFwRttnICo7ElkBPdriNIHHQN9sFUY1rmAQrBY/zOJ46LBoZkTYJBfmfPzFLJdWa27xnY8n39q78apSgPrPAq4GwB1q4QVI+XGluu7d1Nb0fua7qvwlgRFk=",
    ),
    "q3": ChoiceExercise(
        id="m01.q3", var="answer_3", points=1,
        prompt="Which barrier do non-users in the survey name most often?",
        choices={"a": "I don't know what the library offers",
                 "b": "Opening hours don't suit me",
                 "c": "Worried about fines or fees", "d": "Hard to get there"},
        answer_sha256="156b5e4b2f4c8401f1dd471f1bc162b9571b0d26191b3c3bd7d096463fb66bd6",
        hints=("The barrier table is sorted by the non-users' column, largest first.",),
        solution_text="sealed:eNpVjksOgzAMRK8y20qUe3TR3sEEAxZWHDmuUG7fQNVFt/N9dMPLAnu2Q/KKY6NAbAyVyckbbFnY64inOXeDMjbSpctXKlu+v2sPICTtPENixCMgFYSJ3IX9by71AbWjq1NDsOp5WtiK8gDJKEqJ61lpIHWmuWG14csl8cP5AA+YQKw=",
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
        choices={"a": "the record of one real patron, kept on file",
                 "b": "a slogan for a campaign aimed at one age group",
                 "c": "a list of all the services the library offers",
                 "d": "a made-up person who stands for a real segment of users"},
        answer_sha256="7424e6c0c6822a1bab6485c3a9a0eae11346962f4babde45f3f3b53bd3fcf822",
        hints=("A persona protects privacy: it is nobody in particular.",),
        solution_text="sealed:eNoljkESgzAMA7+iYznQP/QpJjElMyTO2A4Mv68pNx20K+UJH1TKPI+OzmrScG4Cc2rZsIqCoEw7jL+Vm0NWDIviO8AHIJRoluQl8o4w9KFdjPEqjq7inNwilIPShRDfAJNdcAl55bqwTliGIwBli3ZYMjn925GTtCPG6N4wnMW359Vz5QdcuEdY",
    ),
    "q6": TrueFalseExercise(
        id="m01.q6", var="answer_6", points=1,
        prompt="True or false: a needs assessment should also ask people who don't use the "
               "library.",
        answer_sha256="1dbe8a5bce4edae8eaec14eb188e64bace7f13b174aad293352f18048be5e755",
        hints=("Who does the library not reach yet, and why?",),
        solution_text="sealed:eNo1jdENwjAQQ1fxANAB4IsF+GKBkBolIrmr7lIg25NS8fck+9k3WznhqnJcneYIRrRELNSl7Fjy3YJ1zEqHaIMxxITOdt7ybLgHs/yzZYaQ877DT4itdLxTaAj/wJ3uldKQHQ+1CRd/bkN1FLnf980/IWqtq+TWwdcQ/ACPSbUMiCVLjgNUBnH6Al9vSGM=",
    ),
    "q7": NumberExercise(
        id="m01.q7", var="answer_7", points=2,
        prompt="Out of every 100 residents of Southgate, how many hold a library card? "
               "Give the number with one decimal (for example 48.2).",
        expected=_southgate_rate, tolerance=0.5, unit="cardholders per 100 residents",
        hints=("Use the table of library cards by neighborhood.",
               "Read the column 'registered_%' in the Southgate row."),
        solution_text="sealed:eNptj8EKwkAMRH9lLlILpVSl/oh6Lttu6C7YRLIppX/vqlAUPIUheTOZi8wWRmeE4BJcnyVOx7rF4NQHuXvShAcpDk0DpRQ9saUat0RZjjGZOovCXb92THEM2UGDiN8/nKlwqjDINM0cbS3h2GfKeVggFB+elHy3K/LZfZ4Ykd/Ly/aXylJB9DctD/qTUKHYwKKscc1OJgvj1Q1L7vPdsz3XT0gJW7Q=",
    ),
    "q8": ChoiceExercise(
        id="m01.q8", var="answer_8", points=1,
        prompt="To plan a service for a target group, a user profile should start from…",
        choices={"a": "what staff at the desk assume the group wants",
                 "b": "what the patron who complains most often asks for",
                 "c": "data about the segment plus conversations with real users",
                 "d": "the budget that is left over at the end of the year"},
        answer_sha256="e956c15bee7136086c047e1899cd472bd25ea9543b64f56d5fd9823dc042ba29",
        hints=("Numbers tell you what people do; what tells you why?",),
        solution_text="sealed:eNoljjEOwzAMA7/CtUs+0KlAP6IkQmzUtgxLiuHfN04GLgfwyO2FLxmBVnGDBYbykbkYanLFJuXkpmRRiqJHC2hMCa4XXZ6qcUoY4gjSkakMVJaaeNoag2bKjh7oHhjY5Q2j9IvlgMlk+ZbobelhLPioeq7P6izPY0l8ZzWcErdHW0UaDo8XXv7LWEkw",
    ),
})
