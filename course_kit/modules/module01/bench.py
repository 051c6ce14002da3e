"""Participant actions on Module 1's widgets, timed by ``make benchmark`` (≤ 100 ms each).

Each callable does one callback's work on the case-study data; state is set up outside it.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import count, cycle


def actions() -> dict[str, Callable[[], object]]:
    from course_kit.data import load_patrons
    from course_kit.modules.module01.persona_builder import PersonaBuilder
    from course_kit.modules.module01.segment_explorer import SegmentExplorer
    from course_kit.modules.module01.selfcheck import quiz
    from course_kit.widgets import NotesBox

    builder = PersonaBuilder("benchmark-persona")
    explorer = SegmentExplorer(load_patrons(), builder=builder)
    kinds = cycle(("programs_12m", "computer_sessions_12m", "holds_12m"))
    sizes = cycle((3, 4, 5, 6, 2))
    names = (f"Rosa {i}" for i in count())

    def tick_a_kind_of_use() -> object:
        box = explorer.boxes[next(kinds)]
        box.value = not box.value
        return box.value

    def change_segments() -> object:
        explorer.slider.value = next(sizes)
        return explorer.slider.value

    def type_a_name() -> object:
        builder.name.value = next(names)
        return builder.name.value

    def to_persona() -> object:
        explorer.pick.value = 1
        explorer.to_persona.click()
        return builder.name.value

    builder.goals.value, builder.needs.value = "Read more", "E-books"
    notes = NotesBox("benchmark-notes", "?")
    notes.area.value = "A note about the people who use the Eastside branch after school."
    question = quiz.q1.widget()
    question.answer.value = "a"
    number = quiz.q7.widget()
    number.answer.value = "30"

    def click(button: object) -> Callable[[], object]:
        def action() -> object:
            button.click()  # type: ignore[attr-defined]
            return True
        return action

    return {
        "segment explorer: tick a kind of use (program visits, computer time, holds)":
            tick_a_kind_of_use,
        "segment explorer: change the number of segments (2-6)": change_segments,
        "segment explorer: turn a segment into a persona": to_persona,
        "persona builder: type in a field (card + draft saved)": type_a_name,
        "persona builder: save": click(builder.save_button),
        "persona builder: export Markdown + HTML": click(builder.export_button),
        "notes: save": click(notes.save_button),
        "self-check question: check": click(question.check_button),
        "data question: check (reads the data)": click(number.check_button),
    }
