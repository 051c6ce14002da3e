"""Participant actions on Module 5's widgets, timed by ``make benchmark`` (≤ 100 ms each).

Each callable does one callback's work on the case-study data; state is set up outside it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from itertools import count, cycle
from pathlib import Path
from typing import Any


def _click(button: Any) -> Callable[[], object]:
    def action() -> object:
        button.click()
        return True

    return action


def actions() -> dict[str, Callable[[], object]]:
    from course_kit.modules import module05
    from course_kit.modules.module05.player import RolePlayPlayer

    # A player in the middle of "computer time": each call says a response, and at an
    # ending starts again (the participant replaying for a better path).
    player = RolePlayPlayer(first="computer-time")
    player.start_button.click()

    def say_it() -> object:
        if player.model.finished:
            player.start_button.click()
        else:
            player.answer.value = 0
            player.say_button.click()
        return player.transcript.value

    undoer = RolePlayPlayer(first="fines-dispute")
    undoer.start_button.click()

    def say_then_take_back() -> object:
        """Say a response, then take it back: one click a call, in turn."""
        if undoer.model.choices:
            undoer.back_button.click()
        else:
            undoer.answer.value = 0
            undoer.say_button.click()
        return undoer.patron.value

    picker = RolePlayPlayer()
    ids = cycle([*list(picker.model.scenarios)[1:], next(iter(picker.model.scenarios))])

    def pick_scenario() -> object:
        picker.pick.value = next(ids)
        return picker.situation.value

    starter = RolePlayPlayer(first="noise-study")

    # A finished role-play: the debrief and the reflection.
    finished = RolePlayPlayer(first="meeting-room")
    finished.start_button.click()
    while not finished.model.finished:
        finished.answer.value = 0
        finished.say_button.click()
    thoughts = (f"Next time I would offer the second room first and say why (try {i})."
                for i in count())

    def save_reflection() -> object:
        finished.reflection.value = next(thoughts)
        finished.save_reflection_button.click()
        return finished.debrief.value

    # A trainer adds a scenario file (an edited copy of one of the kit's).
    folder = Path(module05.__file__).parent / "scenarios"
    source = (folder / "05-childrens-area.toml").read_text(encoding="utf-8")
    upload_content = source.replace('id = "childrens-area"', 'id = "our-childrens-area"', 1)
    uploader = RolePlayPlayer()

    def upload_scenario() -> object:
        data = upload_content.encode("utf-8")
        uploader.upload.value = ({"name": "our-childrens-area.toml", "type": "",
                                  "size": len(data), "content": memoryview(data),
                                  "last_modified": datetime.now(UTC)},)
        return len(uploader.pick.options)

    return {
        "role-play: say a response (start again at an ending)": say_it,
        "role-play: say a response / take it back (in turn)": say_then_take_back,
        "role-play: start a scenario": _click(starter.start_button),
        "role-play: pick another scenario": pick_scenario,
        "role-play: save a reflection after the debrief": save_reflection,
        "role-play: export my role-plays": _click(finished.export_button),
        "role-play: add a scenario file (upload)": upload_scenario,
    }
