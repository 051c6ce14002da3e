"""Self-check questions for Module 5, "Conflict Resolution and Problem-Solving".

Answers are stored as hashes and solutions sealed (see :mod:`course_kit.exercises`); to
change a question, write the new answer's hash with ``course-kit answer-hash module05.qN b``
and a new solution with ``course-kit seal "…"``. The graded assessment uses different
questions (``exercises/pools/module05.toml``).
"""

from __future__ import annotations

import functools
from pathlib import Path

from course_kit.data import data_dir, load_incidents
from course_kit.exercises import ChoiceExercise, NumberExercise, QuestionSet, TrueFalseExercise
from course_kit.modules.module05.incidents import computer_disputes

__all__ = ["after_school_pct", "quiz"]


def after_school_pct() -> float:
    """Percentage of computer-time disputes that started 3-6 pm (from the data)."""
    folder = data_dir()
    return _after_school_for(folder, (folder / "incidents.csv").stat().st_mtime_ns)


@functools.lru_cache(maxsize=4)
def _after_school_for(folder: Path, _stamp: int) -> float:
    """Computed once per version of the data file, so checking an answer is instant."""
    return computer_disputes(load_incidents(directory=folder))["after_school_%"]


quiz = QuestionSet("module05", {
    "q1": ChoiceExercise(
        id="module05.q1", var="answer_1", points=1,
        prompt=('In Millbrook, computer-time disputes happen mostly at Central between 3 and 6 '
                'pm. What is the most likely root cause?'),
        choices={
            'a': 'Teenagers are rude',
            'b': 'Too few free computers when school lets out',
            'c': 'The one-hour time limit is too long',
            'd': 'Staff at Central are not trained',
        },
        answer_sha256="a7db91c1432f1d096757ea2b2e9014c2c3f8e42812d0b5f65442d484355611f6",
        hints=(
            'Ask what changes at 3 pm, and who arrives then.',
            'A root cause is a cause you can change, not a label for a person.',
        ),
        solution_text="sealed:eNpNjdEJwzAMBVd5v4WSATpHFlCdZ2ywLWM5Ddm+TppAv4R0x+n9wKwKzw2+kXCa69rZDFtggbmgmpDYDbr2CXMgTPIQk1hAkFpZDPyw7be9yA7p6LdakzhCyoIeM18ncLIaEQ0L80G8tr/f4se4ck8U/cVckCbuIOrPQ6XWNCrl3FIsnL5wDUqZ",
    ),
    "q2": NumberExercise(
        id="module05.q2", var="answer_2", points=2,
        prompt=("What percentage of Millbrook's disputes over computer time started between 3 "
                'and 6 pm? Give a number with one decimal.'),
        expected=after_school_pct, tolerance=0.5, unit="% of computer-time disputes",
        hints=(
            "Run inc.computer_disputes(incidents) and look at 'after_school_%'.",
        ),
        solution_text='sealed:eNo1ykEKgCAQBdCr/E1QIEKUkR2jC4TpRC4aRSe6frRo9xZvvRk+XfkWKluI9UNtI/s'
                      'YiKV2C0aLdEBOgjH4h0IqmK3uG4UqrggF7CQPEWOA44AJ+dIvKlgflQ==',
    ),
    "q3": TrueFalseExercise(
        id="module05.q3", var="answer_3", points=1,
        prompt=('True or false: staying calm means hiding your feelings and saying as little as '
                'possible.'),
        answer_sha256="9ff01205b97563bf40fea59f99b2ce25d706feda44deff4ca3d9d15194f16588",
        hints=(
            'Think of what the other person sees and hears when you are calm.',
        ),
        solution_text="sealed:eNo1jcENwjAQBFvZAqI0wJ8GqOBiL47FcYdyDpG7x0HKZz+zmrmLBmc8mvRqBUn0jRqQxfcGgfoxIcbi6zVxgn9oWDx3qFjZpRBiGYdvOdBWaYh1vLvvkI3QGo02zCNRlZY4EoYnqYO9iIVnthbzjfmGkI7jtFyC7Cf/J9Y+/wAwEj4Z",
    ),
    "q4": ChoiceExercise(
        id="module05.q4", var="answer_4", points=1,
        prompt=('Two patrons argue about noise. The first one has told you their side. What '
                'should you do next?'),
        choices={
            'a': 'Ask the other person for their side before you decide',
            'b': 'Decide at once, so the argument stops',
            'c': 'Tell both to leave',
            'd': 'Agree with the person who complained first',
        },
        answer_sha256="4e43593dd7a358d979f819813c6c2c726b71c265d691e20ba590bdd2713d06b7",
        hints=(
            'Whose story have you not heard yet?',
        ),
        solution_text="sealed:eNodi8EJgEAMBFvZryD2YBk+gyZ4iFlJTtDuPe+zMMuMDJjzQN0VbBO4NJIOY/xnCWTZdMLCG6u4s8KKbz0INlrlTh3RdIFJ8608Iyx4gq69Bq37WRnv9AHuPSfU",
    ),
    "q5": ChoiceExercise(
        id="module05.q5", var="answer_5", points=1,
        prompt='Two groups were booked into the same room. Which sentence finds common ground?',
        choices={
            'a': 'Whoever got here first keeps the room.',
            'b': 'The online booking always wins.',
            'c': "We all want both groups to meet today; let's find a room for each.",
            'd': "I can't do anything about it.",
        },
        answer_sha256="c02dffab45bcb4879cb638c6b3d1a103c630a476c7ec417b2a23aebe70646ca4",
        hints=(
            'Common ground is a goal both sides share.',
        ),
        solution_text="sealed:eNody0EKgDAMRNGrzFYQ7+ExorRWxESSKfX4BreP//cJK6Fyl8BoQmzGhsOtPwminMFWFOyuARoE9XzTMh3mV6Ca/9PyAejRGqQ=",
    ),
    "q6": ChoiceExercise(
        id="module05.q6", var="answer_6", points=1,
        prompt='Which is the clearest boundary?',
        choices={
            'a': 'Please try to be a bit quieter, if you can.',
            'b': ("Children under 9 stay with an adult the whole time. It's for their safety. "
                  'Here is the policy.'),
            'c': "You're always breaking the rules.",
            'd': "Do that again and you're banned.",
        },
        answer_sha256="9efc37d4f2cebc496f00f174263fcda75a5e8d29ede0c5db945c8ddc65d84d21",
        hints=(
            'A clear boundary says the rule, the reason and what happens next, once and calmly.',
        ),
        solution_text="sealed:eNo1y8EJgEAMRNFW5iqIfVhGXIMGlkR2R8XuDYK34X1mGTATnULt4K5oZ1WEFx2x2fWjSg+H+IojzJkaX7ibkeqp1coz4jbucRKSNU9EtNxVFq3TCwNdJjg=",
    ),
    "q7": ChoiceExercise(
        id="module05.q7", var="answer_7", points=1,
        prompt='In the CARP model, what does the A stand for?',
        choices={
            'a': 'Apologize',
            'b': 'Agree',
            'c': 'Acknowledge',
            'd': 'Assess',
        },
        answer_sha256="6df88d8aa295877e7c9f0c0fa5a8ee439d08223f649bbfb5eb2fdccc45fe1f02",
        hints=(
            'The four steps are Control, ?, Refocus, Problem-solve.',
        ),
        solution_text="sealed:eNpNjE0OgjAUBq/yLSWpHMAdcgHSG5T2wxKefaY/Em4vxo27mWQyvsPgt6S7MDx4Q4m6o0ZXcWhDpMvhVOLFXDTBpYCWwin1i7+YBxZSeoyDnbAWjJpqVjH/awPLRX0rBlPWWfi8FpU3cbE6M1fcnXfS9R+6mTMc",
    ),
    "q8": TrueFalseExercise(
        id="module05.q8", var="answer_8", points=1,
        prompt=('True or false: if someone says they feel unsafe because of another patron, you '
                "should first handle it alone, so you don't bother your supervisor."),
        answer_sha256="371e5d68d51f11e2db1547d2685f0af25c6e3a7013f43d2243e07b4f3188be6e",
        hints=(
            'Whose job is it to enforce the code of conduct?',
            'What happens to your own safety if you go alone?',
        ),
        solution_text="sealed:eNolztENwyAMRdFV3gQZoAO0A3QCKzEFQWyETVG2r5X+nyvdJzXjDW9K7Bd2PdmQyjB/oDJ3eGZ0HqaClRWJuRmmWHis4hmXTpAc2Km1W9sM/y2mY8NLi3xATYUDCPr0f+AYxeodnlQ5woCGpSNufo65NYk=",
    ),
})
