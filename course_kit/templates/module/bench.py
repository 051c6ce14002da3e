"""Participant actions on {{label}}'s widgets, timed by ``make benchmark`` (≤ 100 ms each).

Each callable does one callback's work on the case-study data; state is set up outside it.
"""

from __future__ import annotations

from collections.abc import Callable


def actions() -> dict[str, Callable[[], object]]:
    from course_kit.modules.{{id}}.selfcheck import quiz

    view = quiz.q1.widget()
    return {"self-check: check an answer": view.check_button.click}
