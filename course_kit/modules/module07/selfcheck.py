"""Self-check questions for Module 7, "Digital Engagement Strategies".

Answers are stored as hashes and solutions sealed (see :mod:`course_kit.exercises`); to
change a question, write the new answer's hash with ``course-kit answer-hash m07.qN b`` and
a new solution with ``course-kit seal "…"``. The graded assessment uses different items
(``exercises/pools/module07.toml``).
"""

from __future__ import annotations

from course_kit.data import load_newsletters
from course_kit.exercises import ChoiceExercise, NumberExercise, QuestionSet, TrueFalseExercise

__all__ = ["click_rate", "quiz"]


def click_rate() -> float:
    """Millbrook's newsletter click rate: all unique clicks ÷ all delivered e-mails, in %."""
    letters = load_newsletters()
    return float(100 * letters["unique_clicks"].sum() / letters["delivered"].sum())


quiz = QuestionSet("module07", {
    "q1": ChoiceExercise(
        id="m07.q1", var="answer_1", points=1,
        prompt=("Which platform has the highest engagement rate per follower in Millbrook's "
                'posts?'),
        choices={
            'a': ('Facebook'),
            'b': ('Instagram'),
            'c': ('TikTok'),
        },
        answer_sha256="a4db9b901db29a11908a8e0a9b6284ac1050bb7bb51458fc73ac0f3f387c2dae",
        hints=(
            "Use the table of rates on three bases: look at the column 'per followers %'.",),
        solution_text='sealed:eNpVjksKg0AQRK9SGyEBGSLEGDxAIHsv0Or4wXFaplskt89kSBZZVj+q+jXz0vBSg1r'
                      'eFUWRYbMBAzvHhw05aKTZSySmysAezxhoDLSCfI+LuaXrgzrbMi8GTdqDTHwINhYVKGMl/4rDv'
                      'DmLY2L0DM/6fQOdLKjrePeaQxiEQGr/RDA4UrVBMGudSLDUTak60oZZsO4xy0rORXqqPr4/+dL'
                      'cs+R7NWV2Nm/cOVIT',
    ),
    "q2": ChoiceExercise(
        id="m07.q2", var="answer_2", points=1,
        prompt=('Which kind of post gets the most link clicks per post?'),
        choices={
            'a': ('book recommendation'),
            'b': ('behind the scenes'),
            'c': ('event promo'),
            'd': ('video'),
        },
        answer_sha256="9de167152f7a9f29a258502fc5cce7b8f1785f93bfee429e4da832b203ca211d",
        hints=(
            'Link clicks are not engagements here: look at the clicks table, not the rates.',),
        solution_text="sealed:eNotzDEOgzAMheGrvLFdIpWKhZ0rdA/BJAiCrcQ04vakUSe/wf83fulQSOLIeYCd+FS83qaH21e3ZQglCGfFo+v6tvLT4LPOxBmeFBoI8fdAh7eeYuNqlMi6gKlyC5W/NkDqaUkz9RLCwgklWMXFJ4ptOctOUMbM5gafNzh0",
    ),
    "q3": ChoiceExercise(
        id="m07.q3", var="answer_3", points=1,
        prompt=('In the forum scenario, what should the moderator do first?'),
        choices={
            'a': ('Delete the whole thread and block the member'),
            'b': ("Hide the post, because it shares a staff member's home address; tell "
                  'the member which rule it broke; keep a note'),
            'c': ('Leave it up: people have a right to complain'),
            'd': ("Reply that the hours are not the library's fault"),
        },
        answer_sha256="94181bb6128839c0954adfa8211f5cfa55b63adbd53be4bcbe60c9dbd7acfe68",
        hints=(
            "Which guideline protects people's personal details?",
            'Criticism can stay; a home address cannot.',),
        solution_text="sealed:eNolkE1uxTAIhK8yu7ZSlAN03UUP0Av4B8UojonATprbP5K3Az6YGfuXM6EXwi7WETqkJcIndyx8kCFgJzVpH4YiGyHkrGT2NaFTrc/lRlskxVk4FeioBL+OKitNCC2jSSenrn3JgNImB+WHnOWa8VeoeWena7yDcPMkUUZ/+iJDDdywj1g5ffswtNVjyV7dgf73Gpzeq2n0CRaut9s9qRw16AU2ZNddZvxQpe4VgsdPyp0T2wZRxCppvcnJvdzuATb89QfbTZXCao/oMvzTKjey+QXuwXMS",
    ),
    "q4": ChoiceExercise(
        id="m07.q4", var="answer_4", points=1,
        prompt=('Chat C handled the fake vaccine page well. Which RUSA 2023 area went missing?'),
        choices={
            'a': ('Inclusion'),
            'b': ('Evaluation'),
            'c': ('Closure'),
            'd': ('Approachability'),
        },
        answer_sha256="50eec33e851ad1dfde71213c863cd1cd907d5a3d917a0cd04cd328b9e25d0a2d",
        hints=(
            'What happened at the end of the chat?',),
        solution_text="sealed:eNpNT8kRgzAMbGULAArINwWkBmPLmBlheSQTJt1HcT58dKz2GD1Z7FR6oBdCIzWpYModK2VRGnCodpFO3hOqrJI+YNk2SgjIwizXfLYJJjc2Kr29KoVYnOiHY8ErZ9K9bugCmo+w81Ak6j4aQh+r9aAdkt2dxclGQWP5x/9yfwa3YFyFqgOxuD6pNJsQ/Suy4cYibfkCOdlR/A==",
    ),
    "q5": TrueFalseExercise(
        id="m07.q5", var="answer_5", points=1,
        prompt=("True or false: in Millbrook's 2025 log, most unresolved chat questions were not "
                'flagged for a follow-up.'),
        answer_sha256="272e9181468cd9bb36856a75f2a9f9128254c4ef3e33ced512e8105837c2b3f7",
        hints=(
            "Look at the column 'unresolved without follow-up %' in the chat row.",),
        solution_text='sealed:eNodjUkOwjAQBL/Sl9ziKCxCAT6RAx8Y4XEcMfFEXkD8HuNLX0pd9YiFb7hcO6hD9ox'
                      'Df5xGlBA5qbzZ4ukpJ3iyCAqnIvoxZYcTWnrQQmtIGafJnMeu4tgkWidiU8tpwMy6C8NG3aEl/'
                      '0PNeQelV7tQAJuNVgFZW8MJTFG+ww/12jTz',
    ),
    "q6": ChoiceExercise(
        id="m07.q6", var="answer_6", points=1,
        prompt=('Which change to the draft e-book guide helps a screen-reader user most?'),
        choices={
            'a': ('A bigger logo'),
            'b': ('Alt text for the screenshot and link text that says where it goes'),
            'c': ('More colors'),
            'd': ('A longer first paragraph'),
        },
        answer_sha256="62cdca91b83f1ef0119c22b5e383a779d8c8b5f4388bf31a9344bce06bab3a1f",
        hints=(
            'Which checks in the list are about people who cannot see the screen?',),
        solution_text="sealed:eNoljEEOgCAQA7/Smzcf4M34kg02QlwWA2vi8yVwaptpu6vD+TnETmiyeyaP4jDJbN0Sj1zcIGihkoZKOVmHDJ5RXl+xHJrCjcjKpd+ozrGm5rTet+Ix2bX+ZX4pSQ==",
    ),
    "q7": TrueFalseExercise(
        id="m07.q7", var="answer_7", points=1,
        prompt=("True or false: Millbrook's open rate (about 36%) shows that its newsletter is "
                'read far more than average.'),
        answer_sha256="100e8455a715a6f5cf690152bb5d2d79fa9472133f0b1d2148bc9e8fcd8919e7",
        hints=(
            'Since 2021, what opens e-mails automatically on many iPhones?',),
        solution_text='sealed:eNo9jjEOwjAQBL+yDUoigZWEipKGDomCD5ycEzlh+yzbRMrvOVFQbTM7mhuFyg7XnAP'
                      'jThLwKLKR3221sW+iCf08ztOAoLRU8CkaVkGfppGaeAphP6IqIqUdnWZOtQMVRtKGzGpqh+fK8'
                      'EH8G4Uaw6wLB9m48PJX9mc3HQZINVIro+kvya8Sc1cxj9MFZBd6sTW5i8HuCwfQP/w=',
    ),
    "q8": NumberExercise(
        id="m07.q8", var="answer_8", points=2,
        prompt="What is Millbrook's newsletter click rate, in % of delivered e-mails, over all "
               "52 issues? Give one decimal (for example 4.2).",
        expected=click_rate, tolerance=0.1, unit="% of delivered e-mails",
        hints=("Use the summary table of the newsletters.",
               "Read the row 'click rate %' in the Millbrook column."),
        solution_text='sealed:eNodzUEKwjAQheGrvE1BQYOJuGh3HkDwCjEz2sG0aTtJwdubdvnzeHx3IpQJuWeUUeb'
                      'CCFHCV5He8DHi5iCqhRV+JJCsQozXb9+Io6y8MIHPg5eoHa7GNjg8aoRehgnuYtsOzrS2ORo8U'
                      '4pMJ4wp76Kvb//hzdqyWovPrOYPjIkwaA==',
    ),
})
