"""Self-check questions for Module 10, "Measuring User Relationship Success".

Answers are stored as hashes and solutions sealed (see :mod:`course_kit.exercises`); to change
a question, write the new answer's hash with ``course-kit answer-hash module10.qN b`` and a new
solution with ``course-kit seal "…"``. The graded assessment (``exercises/pools/module10.toml``)
asks different questions on the same objectives.
"""

from __future__ import annotations

from course_kit.data import load_community, load_usage
from course_kit.exercises import ChoiceExercise, NumberExercise, QuestionSet, TrueFalseExercise
from course_kit.modules.module10.roi import case_study_costs, case_study_uses

__all__ = ["quiz", "returned_per_dollar", "visits_per_resident"]


def returned_per_dollar() -> float:
    """Millbrook's 2025 benefit-cost ratio: value of services ÷ operating costs."""
    from course_kit.modules.module10.roi import load_services

    uses = case_study_uses()
    values = {s.counted_from: s.value for s in load_services() if s.counted_from}
    benefits = sum(uses[name] * value for name, value in values.items())
    return benefits / case_study_costs()


def visits_per_resident() -> float:
    """Millbrook's 2025 visits per resident (usage.csv ÷ community.csv)."""
    usage = load_usage()
    visits = usage.loc[usage["date"].dt.year == 2025, "visits"].sum()
    return float(visits / load_community()["population"].sum())


quiz = QuestionSet("module10", {
    "q1": ChoiceExercise(
        id="module10.q1", var="answer_1", points=1,
        prompt=('A report says the library “returns 302%”. Which figure says the same '
                'thing?'),
        choices={
            'a': '$3.02 returned per $1',
            'b': '$4.02 returned per $1',
            'c': '$302 returned per $1',
            'd': '$0.30 returned per $1',
        },
        answer_sha256="f016ac16d1c2eb744ad5b5f2b58bbc776a19fa7929dcbd80e93050397428bddb",
        hints=(
            ('Net ROI % = (benefits − costs) ÷ costs × 100. Add the $1 of costs '
             'back.'),
        ),
        solution_text=('sealed:eNrzSy1RCPL3VMhPUzA2MFJVyE1NzCtWSErNS03LLClWeNQxSSE5vxjIslUw1jMwUj'
                       'g8HcLXUSjORyizVTBBlrRSUAHzC1KLFFQMFTTg6g5vhyjQ1FPwzczJSSrKz89WL1bIL89TSMt'
                       'MLy1KBZmbmJmiUFKer1CeWFmsBwCr+zYS'),
    ),
    "q2": NumberExercise(
        id="module10.q2", var="answer_2", points=2,
        prompt=("Use the calculator's case-study figures: how many dollars of services "
                "did Millbrook's users get for every $1 of 2025 operating costs? Give "
                'two decimals, for example 3.50.'),
        expected=returned_per_dollar, tolerance=0.02, unit="",
        hints=(
            ('Benefits ÷ costs: the value of services divided by the operating '
             'costs.'),
            ('Read the benefit-cost ratio box of the calculator after clicking “Back'
             ' to the case-study figures”.'),
        ),
        solution_text=('sealed:eNoLS8wpTVXIT1MoTi0qy0xOLVZQMdExMLTQMTQ2VDi8XSG/ILUosSQzL10hOb+4BChraWmhY2Zgo'
                       'GALVKhnYKQAlFdQMVTQSCvKz4UZEl8GMrVYL7m4TCExLwVhSDzYEJC4ph4AYP4oQw=='),
    ),
    "q3": TrueFalseExercise(
        id="module10.q3", var="answer_3", points=1,
        prompt=("True or false: Riverside's weekday visits after 3 pm fell by half in "
                '2025 while the other branches changed by less than 5%, so the '
                'comparison proves that ending the evening hours caused the whole fall.'),
        answer_sha256="6706a1b3fa31ec2fbac733d2cd32cc65e36d7d55ce38eb141ed5b781c6a766b6",
        hints=(
            'Could anything else have changed at Riverside in 2025?',
        ),
        solution_text=('sealed:eNodjsGNAjEMRVv5R5DQFMCRwxaw0IAnMZNokxjFnkHcKGS3OSpZZy5fsuz/nr+oKE+4JUaQ+qCeV'
                       'RqyQq1LW8BbjtwCnzBzoFUZ5qfi0TF3aiGxgjqDvN+8UyZcVkO2AWlieHSR+xkqlS3lgXQjKr2QaHNrorZwB'
                       'Bm+88Zd3TeGoVGq7sseBxqcpVNFlY3jyX0akkjZ90Zz4eOEq1M/79/RvVMpCAPwzJZ2XFjt8/7zaoto+ya5a'
                       'H/nJat/wuGH4/QPb2ZjjA=='),
    ),
    "q4": ChoiceExercise(
        id="module10.q4", var="answer_4", points=1,
        prompt="In which month are Millbrook's visits lowest, in both 2024 and 2025?",
        choices={
            'a': 'January',
            'b': 'June',
            'c': 'August',
            'd': 'December',
        },
        answer_sha256="dff3db4c831c5d16ed5070a5c85a7a147372697d7839cbb453f6e3b3d85bc05a",
        hints=(
            "Look at the seasonality table: each month's share of its year.",
        ),
        solution_text=('sealed:eNodjDEOwyAQBL+yTRS7oUuK1K78CzCXcBJwEguR+H1ilzPSzCaHlCDthad73GBv9C'
                       'SY4tud+Cq1E1oRrKfLEkuyrNFPwteIIxsl4uTVYR95Qnk9wqAKO4rVf7twlCINTXzU+lndD97'
                       'WKi0='),
    ),
    "q5": ChoiceExercise(
        id="module10.q5", var="answer_5", points=1,
        prompt=('The weekly NPS went from +11 (105 answers) to +27 (78 answers) the '
                'next week. What should a report say?'),
        choices={
            'a': 'Satisfaction rose by 16 points in one week.',
            'b': ("The second week's users were happier, so keep doing what was done that"
                  ' week.'),
            'c': ("The weeks' 95% intervals overlap, so the change may be chance; look "
                  'at the whole survey.'),
            'd': 'NPS cannot be computed for fewer than 200 answers.',
        },
        answer_sha256="7841382c9e167648b9ed13c2193f597ca45dc771cfd971192e9029deeb880776",
        hints=(
            'Look at the 95% low and high columns of the weekly table.',
        ),
        solution_text=('sealed:eNo9jk0KwjAQha/yloqltIrQU4jowvVoRxOMSclMG7rzDt7Qkxja4u7x/vguVg3oGnpFU33fn7qqQ'
                       'F4SRwEhMT8LMN3MJN2Iw/EMQznzsF45DuSW+a5CF7InSLblIjdaqOFpKAgDR0ddiRN3IeqcmOAY0seBR6w2d'
                       'YN7DC/st3+E9fwSmXShyQiSrH8gM/hghdF7tQ5W4UhUyh8AY0kp'),
    ),
    "q6": NumberExercise(
        id="module10.q6", var="answer_6", points=1,
        prompt=("How many visits per resident did Millbrook's branches have in 2025? "
                'Give two decimals.'),
        expected=visits_per_resident, tolerance=0.02, unit="",
        hints=(
            "Divide the year's visits by the 25,000 residents.",
            'Read the KPI table, row Visits, column per resident.',
        ),
        solution_text=('sealed:eNozNLDUMTI2UijLLM4sKVY4vF3ByFTHwMBAoSi1ODMlNQ8oZqtgomdsDlNRkFoEl9NRSFTIySwpy'
                       'UlVSErNyS9XKMlIVQgNVkjLTC8tSlXITwPqNFNIyy9ScIs0MjA00QMAoR0jBQ=='),
    ),
    "q7": ChoiceExercise(
        id="module10.q7", var="answer_7", points=1,
        prompt=('A branch tries text reminders for a month to cut no-shows at tech '
                'help. In a plan–do–study–act cycle, what belongs in the Plan step?'),
        choices={
            'a': ('The change, the measure (no-shows per session) and the result you '
                  'predict'),
            'b': 'The final decision to roll it out everywhere',
            'c': 'A survey of every user about text messages',
            'd': 'Nothing: plan only after you see the results',
        },
        answer_sha256="3fec492321f4e1073264b7e9eee5dc937e82bb611148f6704b3438bcb3ba63dd",
        hints=(
            'PDSA tests a prediction. Where is it written down?',
        ),
        solution_text=('sealed:eNpFjcEKAjEQQ38lR4V1D+LJrxD8gqGd2kLbKZ0pq3+/3b14SkJI3itTfcIiw0WqH16wRYEX1mnIl'
                       'rMqTDo6g6oHoXX2yVmSikuQDv5SaXkuq9w0yqYIlDNCl4IHTHBH4w5l1bm5rnjb8L/juMJJadQn7MBMHdmwJ'
                       'Ytn/oPWHTMlO0s='),
    ),
})
