"""Self-check questions for Module 6, "Personalized Service Delivery".

Answers are stored as hashes and solutions sealed (see :mod:`course_kit.exercises`); to
change a question, write the new answer's hash with ``course-kit answer-hash m06.qN b`` and
a new solution with ``course-kit seal "…"``. The graded assessment uses different items
(``exercises/pools/module06.toml``).
"""

from __future__ import annotations

from course_kit.data import load_patrons, load_programs
from course_kit.exercises import ChoiceExercise, NumberExercise, QuestionSet, TrueFalseExercise
from course_kit.modules.module06.programs import moved_programs
from course_kit.modules.module06.tailoring import contact_preferences

__all__ = ["maker_club_fall", "quiz", "teen_text_share"]


def teen_text_share() -> float:
    """Share of cardholders aged 13-17 who asked for text messages, in %."""
    return float(contact_preferences(load_patrons()).loc["13-17", "text message"])


def maker_club_fall() -> float:
    """How much the Maker Club's mean attendance per session fell after its move, in %."""
    row = moved_programs(load_programs()).loc["Maker Club"]
    return float(-row["change (%)"])


quiz = QuestionSet("module06", {
    "q1": ChoiceExercise(
        id="m06.q1", var="answer_1", points=1,
        prompt=('A patron at the desk says: "I need something good to read." Which first reply'
                ' helps you find out what this person wants?'),
        choices={
            'a': '"Our best-seller list is by the door."',
            'b': '"Tell me about a book you enjoyed lately. What did you like about it?"',
            'c': '"Do you want fiction or non-fiction?"',
            'd': '"Have you tried our catalog?"',
        },
        answer_sha256="2eec28e23b6b093dc58970a841cd36e100b2497c53e144f3d20d4e3158f44fb8",
        hints=(("An open question about the patron's own experience tells you more than a "
                'yes/no or either/or question.'),
               ("Readers' advisory starts from what the reader liked: the pace, the "
                'characters, the mood.'),),
        solution_text="sealed:eNpFjsENwkAMBFvZZyJFUAAveqAB586QI4kd7ENRusdwD567Hmtn7HEV6MaC15u9FhXQqO8Kwqg6o058gOWpB2csXP3bYKNqQWb2ZGVk7BPVhi5lZnSNSTz86DSRUaps3vKqmnsU+YZi0F2wq2U/4RZXLlHbWe1v1KUejwjObZ7Edzbcg4m4Xn7lUjysJbdJqrRo/KCjAbHmc9maemionD5NmFgQ",
    ),
    "q2": NumberExercise(
        id="m06.q2", var="answer_2", points=2,
        prompt=('In Millbrook, what percentage of cardholders aged 13-17 asked to be contacted'
                ' by text message? Give one decimal (for example 42.5).'),
        expected=teen_text_share, tolerance=0.5, unit='% of cardholders aged 13-17',
        hints=('Use the table of contact preferences by age band in section 7.',
               "Read the 'text message' column in the 13-17 row.",),
        solution_text='sealed:eNo1zMEKgzAQRdFfeZuihSpKSQvd+SljfJpCTMpkpP38iuD6cu4w5s3wcK27vPBOsED'
                      '4nEy8NR/lTGXyhMkYeTtqf2/6JzR/EaQc8nSV8WdYWYosrPZN3NaE2rkOXnQKOU7Ucm3/jiglq'
                      'w==',
    ),
    "q3": ChoiceExercise(
        id="m06.q3", var="answer_3", points=1,
        prompt=('Why does the recommender hide a co-borrowed title when fewer than 5 borrowers'
                ' share it?'),
        choices={
            'a': 'Titles borrowed by few people are not good books',
            'b': ('So a suggestion cannot point to what one or two people, who might be known,'
                  ' have read'),
            'c': 'To make the computer run faster',
            'd': 'Because the catalog has no record for those titles',
        },
        answer_sha256="3cb53b3810e2bef67bc4bdf81fb0a7e000d4a23841c07b01c5ab4911394c44b3",
        hints=(('Think of a small town: if only one other person borrowed both books, who '
                'might that be?'),),
        solution_text="sealed:eNo9jUFuwzAMBL+yxwRo/IDeeswzqJqWiYikQUot/PuoCdDrzGK2XPEFFRMdChtaOOAbikf4L0fiQv86x3F49CuUyRJM3/tktXJ2cUN2sjWxeYBQw8fxAeOfGfxDbgxZ2bpsQqUxgmnlWHDvkETfGUn62hAo8biRuZ0q/fx8W6XW5tU7jcK72Aqyc5ZytA4dUxZGo6gMNh91X56QplEw",
    ),
    "q4": TrueFalseExercise(
        id="m06.q4", var="answer_4", points=1,
        prompt=('True or false: "People who borrowed this also borrowed" needs no consent, '
                'because no names are shown.'),
        answer_sha256="76ae2848067dec9c06b2eac201dec0215b9dbe267f538478f2567aa78477eddd",
        hints=(("The suggestions are made from everyone's loan history, which is among the "
                'most private data a library holds.'),),
        solution_text="sealed:eNo9j7FOA0EMRH9lOogU8gF0R4EUKRVC9E7Od2tpWa9sH9H+PU6I6Kyx5834narzAZ+F4du6sodoc5AxzpvUwGL6jU5hKT+hKjUU8VAT9j2uRS4Fke7pNOEkZyMbeJNaoQs+ZC3heJ4s5FIZX8fjDmFMKZKjm/xQZPqE+nB60a3OcBqJpoAENue8bnMKY38fdFnYbivt8SLtFdrquJf4b3ZL76w9Q69FkyczBv/9lcD58AvQklfo",
    ),
    "q5": ChoiceExercise(
        id="m06.q5", var="answer_5", points=1,
        prompt=("After Millbrook's Digital Learning programs, people agree they learned "
                'something far more than they agree they feel confident. What is the best '
                'response?'),
        choices={
            'a': 'Stop the programs: they do not work',
            'b': 'Make the classes longer and cover more topics',
            'c': ("Offer practice time and one-to-one help after the class, at the learner's "
                  'pace'),
            'd': 'Stop asking the confidence question',
        },
        answer_sha256="6ee4f2a8b56c998be31b5c997d21b6141e7830297eb92f701e24129fda594921",
        hints=('Knowing how to do something and feeling sure you can do it alone are different.',),
        solution_text="sealed:eNolj8sNwzAMQ1fhsQHiLNAheukCjs00BlzJ8AdBtq+MngRKTxQVFrxP4uMLmr8bCrVkItNXYVyxj45+8oaQEaX60FMgvJhgbSo+o41StBqnOMipKze8hK6rUyFO5rLC23qSbjats7j9drPiM1L8G3ocmrNeblgYtpZU7H7KEUHlMEoCn/hq5Wx0SsdjX3DpMOSa8xl1/rL9AGtyTOY=",
    ),
    "q6": ChoiceExercise(
        id="m06.q6", var="answer_6", points=1,
        prompt=('Which of these makes a learning plan easy for a patron and a staff member to '
                'follow?'),
        choices={
            'a': 'A list of every computer class the library offers',
            'b': ("The goal in the patron's words, a few steps each with a resource and a "
                  'date, and a date to check in'),
            'c': 'A test at the end of each step',
            'd': 'A promise to call the patron "sometime soon"',
        },
        answer_sha256="f78e826b07947a305c33775c3c67f0a9c5ec6dab5f4e41a08d69d99267de026e",
        hints=('A plan says what, with what help, and by when, and when you will talk again.',),
        solution_text="sealed:eNoljFEOgzAMQ6/izyGx3WFHCSVQRJpETRHa7VdAsmT7yfI04AsXUigVDrTMWI0E9GSnVk0R9AtsbQRh4RNRSATR2GO8Z5XDjpq4F2rILB44t5bBlDJeBK+2VirXwWS2X+5cw3QYMVPj/kM6d5oyp/296U0R1lXYlLGYiJ2Bwz9/Kt8+sA==",
    ),
    "q7": NumberExercise(
        id="m06.q7", var="answer_7", points=2,
        prompt=('The teen Maker Club moved from Tuesday after school (2024) to Saturday '
                '(2025). By what percentage did its mean attendance per session fall? Give a '
                'whole number (for example 12).'),
        expected=maker_club_fall, tolerance=1.5, unit='% fall in mean attendance',
        hints=('Use the table of programs that changed their day or time (section 6).',
               'Compare the 2024 and 2025 mean attendance: (2024 - 2025) / 2024 x 100.',),
        solution_text='sealed:eNoljUEKwjAQRa/yN0ILGlGkFMFFN15ALxDtxBSaTphMFt7eJMLAX7z/30wvzorLuLv'
                      'CCQeczmZEJI4rlRAkSmnhDeWemdJsvwnWaSVvz7xCGYMZKn9YzdIKXdc0h0p6HP/SW/3SG9xZo'
                      'ERb2kM9QZdAYIcyRLBazDQjsBTi7dYqUfgjNpgfU/M2rQ==',
    ),
    "q8": ChoiceExercise(
        id="m06.q8", var="answer_8", points=1,
        prompt=('In a Project Outcome-style survey, which statement measures the outcome '
                '"application" (behavior change)?'),
        choices={
            'a': 'I learned something by participating in this library activity',
            'b': 'I feel more confident about what I just learned',
            'c': 'I intend to apply what I just learned',
            'd': 'I am more aware of resources and services provided by the library',
        },
        answer_sha256="698cf683d34c22f1c42095420e4ee053dd01f7fadf97319e8d041ba1ab9d536b",
        hints=('Application means using what you learned afterward.',),
        solution_text="sealed:eNodjVEKgzAQBa/y8MuAeA//e4E1ea1p40ayK6G3b+jnMAMTA6YNWZ2a4BVyXeWLfohjw/s2R6E0ZZqQDX7wX+QonqvCXJwn1Vc8hqrDN8NJsbsRH629ML2IWcKCWPWZEzUO3gNkDKVLo9IMcwrrD3PzMJ0=",
    ),
})
