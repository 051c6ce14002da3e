"""Self-check questions for Module 2, "Effective Communication Skills".

Answers are stored as hashes and solutions sealed (see :mod:`course_kit.exercises`); to
change a question, write the new answer's hash with ``course-kit answer-hash module02.qN b``
and a new solution with ``course-kit seal "…"``. The graded assessment asks different
questions on the same objectives (``exercises/pools/module02.toml``).
"""

from __future__ import annotations

from course_kit.exercises import (
    ChoiceExercise,
    NumberExercise,
    QuestionSet,
    TrueFalseExercise,
)
from course_kit.modules.module02.analysis import median_grade

__all__ = ["quiz"]


def _median_grade_before() -> float:
    return median_grade("before the guide")


quiz = QuestionSet("module02", {
    "q1": ChoiceExercise(
        id="module02.q1", var="answer_1", points=1,
        prompt="A patron walks up to the desk while you are typing an e-mail. What do you do "
               "first?",
        choices={"a": "Finish the sentence you are typing, then look up",
                 "b": "Say \"one moment\" without looking up",
                 "c": "Stop typing, look up, smile and greet them",
                 "d": "Wait for them to speak first"},
        answer_sha256="ad23dd262d9cebc5f792c4f1564ab3d6ecd84ea8bd08770f5cff21ee64a92b74",
        hints=("What does the patron see before you say a word?",),
        solution_text="sealed:eNo9j0EKwzAMBL+yNzcQ8ose8oKe1ViJTWMpWA4lv69caE9a0Gp3tAx4JBaYFlZhLD4N5zHCmh54J2q49ARVRtQs24hd9eUOkERslbmhJS4T7lc/l0ZLG0EQjdDqwkreGUaXIcww5h4Y8ORV61f3nfveWuOEef33qfRkHMnBfom9lFApG0eszsMVt9DJi5NLC4Nj+ge5TR9iMkqT",
    ),
    "q2": ChoiceExercise(
        id="module02.q2", var="answer_2", points=1,
        prompt="Patron: \"I've been to three desks and nobody can tell me how to print from my "
               "phone.\" Which reply shows active listening?",
        choices={"a": "Printing is on the second floor.",
                 "b": "So you've been sent around, and you still can't print from your phone. "
                      "Let's sort it out here.",
                 "c": "That's not my department.",
                 "d": "Everyone has trouble with that."},
        answer_sha256="b750d202651c2d35764f9e6b558c57bd917cf0fa6ed18c580ab3d952097cfe89",
        hints=("Which reply says back what the patron told you, and how it felt?",),
        solution_text="sealed:eNpNjTEOwzAMA7/CLQ0Q5A8d+wzFVmOjhhRYSo38vnamThzuSG4znjio0pEqGcPoMmwUPguy4NKzQpugaY22oCVyeOLe8KoC1xKHNORQzphlR9KG7HhzcTymDqcvY2MWGIuDqp4Sp3nFy2FdtjGAks1ZOC4giSjs9v8TtFYOfpv5fceuPm5ax/v6Ax8SRjY=",
    ),
    "q3": ChoiceExercise(
        id="module02.q3", var="answer_3", points=1,
        prompt="A patron asks for \"books on diabetes\". Which question is neutral, in "
               "Dervin and Dewdney's sense?",
        choices={"a": "Is it for you?", "b": "Do you want books or pamphlets?",
                 "c": "Have you tried the health databases?",
                 "d": "What are you hoping to do with the information?"},
        answer_sha256="4ea1e8c8fd584386a158bfc1cf66d946cfbd9d04b88d0275c1ef0a539febfb1b",
        hints=("A neutral question guesses nothing: it asks about the situation, the gap or the "
               "use.",),
        solution_text="sealed:eNotjsFOAzEMRH9lTqSVVpW4VCAOCKkH+Axv424CIV5ip6v9e5LAydJ43sz4I96QuVqhhJ/KalEySL8UNEs1WGCsZEWyU2i0St0xDX2htd8dN7oypCDI9idsMSVU5WGjrBuXqV2PpVUoK7JYiHnB4cLlHjMecOHNZ94nPD4/nY8nuA9FNNxa7C711Q3czSJtWtNW+l5DYtP+KYxrEmX/AvdOd+4ErET2Y0BgShbgyWim1t6QqP/EiK190ieVRfLpF4ptX0I=",
    ),
    "q4": NumberExercise(
        id="module02.q4", var="answer_4", points=2,
        prompt="What was the median Flesch–Kincaid grade of Millbrook's English replies sent "
               "before the plain-language guide? Give one decimal (for example 9.5).",
        expected=_median_grade_before, tolerance=0.5, unit="grade",
        hints=("Use the table of replies before and after the guide.",
               "Read the column median_grade in the row 'before the guide'."),
        solution_text="sealed:eNotjUEKwjAQRa/yd1WQogU3nkBceoEybSZNICYykyi9vWnjZmY+83j/WSIoUljVay/8Dp51nNgm4ZFsZjnoXG9zrJSBMBlkx5hTKK+IFxtPcVyEDMPH/SXpi64Z9rwUb7jrcadgkWxjWhGUY8affZSw4nLCcB6urYhyheto+iSgKX34tq2Sd08gzViZRDez84uDzi6l0P8A/qBMVA==",
    ),
    "q5": ChoiceExercise(
        id="module02.q5", var="answer_5", points=1,
        prompt="Which is the most positive way to say \"You can't use the meeting room "
               "without booking\"?",
        choices={"a": "You can book the meeting room at the desk or on our website. It's free.",
                 "b": "Unbooked use of the meeting room is not permitted.",
                 "c": "You must book first.",
                 "d": "Sorry, rules are rules."},
        answer_sha256="ed74ceaf01592a934824339e9aaefd9710836479db7cf5a0ec2c723eab345747",
        hints=("Which one says what the patron CAN do?",),
        solution_text="sealed:eNoljEEKwzAMBL+yNzdg8ofSUy899QMCqzjgWEFSMPl95RYE0rKjoQVPh9FlGJUcXhkHuUrH4/5CkYwqI4N6iS6ALcbwUeYV74AlPtSmAdLb9bcE0cVBrcngglua6WDdN3cuKSPtp/ncejY2kDJ+V1rWLy5cMW4=",
    ),
    "q6": TrueFalseExercise(
        id="module02.q6", var="answer_6", points=1,
        prompt="True or false: in the usability studies Kupersmith reviewed, most users "
               "understood the term \"interlibrary loan\".",
        answer_sha256="ccdd4bef0f383a35d970cd5c8b318f77b4935fbf1a7cbe83fa1e845d0ffdb84b",
        hints=("Look at the jargon list the checker uses (the terms marked Kupersmith).",),
        solution_text="sealed:eNoljUEOwjAMBL+yt8Clokh8gQtHXuBSl1pKYmQ7VPk9kbjOaGfvlJ0nPNqHzYvEnhzGX+EDuuE2ozktkiU6PNoq7DhdL/N8RhYPR5IabFkWI+vISjWBitY3YmcMVXwkRhsvLYPnjiLe6jpQUF0nPKkjLWqmBzbTAh1Lwz85/tL0A9MbOxs=",
    ),
    "q7": ChoiceExercise(
        id="module02.q7", var="answer_7", points=1,
        prompt="Which makes instructions for placing a hold easiest to follow?",
        choices={"a": "One paragraph that explains everything",
                 "b": "Steps that each start with the reason for the step",
                 "c": "Numbered steps, one action each, each starting with what to do",
                 "d": "Every option the system offers, in case someone needs it"},
        answer_sha256="41592c76a4b0a00d1ab5276854a667ad873ec7de860cb1a2527c3c5abaad1f62",
        hints=("Think of a recipe.",),
        solution_text="sealed:eNodjUEOwjAMBL+yt1Ap6ie4ox74gElME9XYUWoU8fu2nHZmLpsmPL6fF3fO2J3bHmHKoOTVFI37v0YwpXIida+6YlQvGIUcbsiGW7hLTVuICM9f42uXy6cZC1sTxsbc4IVrRxNK54NmJFK8TcQGSEzX+QCMITA+",
    ),
    "q8": TrueFalseExercise(
        id="module02.q8", var="answer_8", points=1,
        prompt="True or false: a Flesch–Kincaid grade of 8 means the text suits most readers "
               "who finished 8th grade in the US.",
        answer_sha256="2e17cb8151fd9978b3c511fabefb5be7e64bb3fd02349d9719c8f0e6a56e7a07",
        hints=("The grade is a US school grade.",),
        solution_text="sealed:eNo1jcENwjAQBFvZBsg7ogA+fJAIBRz2xT7JsaU7W4EfPdAhlWAIfGd2NZM2HjBFxiGxufh6PI+SHYlHUPIMMRAuZ3RXStrg/udGVL5VWJNqWIpVKHeuhjUWzJLFInuMNW6HAadEkneJcmgUGKGJp+wYc1EkuSrpHblUcdyzsthX/GOfTVlZhzdFA0Ey",
    ),
})
