"""Judge a chat against the six RUSA 2023 areas, then compare with the course's reading.

:class:`ChatReviewModel` keeps the participant's verdict for each area of each chat
(saved in ``my_work/module07-chat-review.json``) and compares it with the reading in
``chat_transcripts.toml``; :class:`ChatReview` is the thin view: the chat, six labelled
drop-downs and a button.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import pandas as pd
import traitlets

from course_kit.modules.module07.virtual_reference import (
    reading,
    rusa_areas,
    transcript_html,
    transcripts,
)
from course_kit.saved_work import escape_markdown
from course_kit.storage import WorkStore
from course_kit.tables import table_html
from course_kit.widgets.base import MessageArea, UserInputError, friendly_callback, labelled

__all__ = ["AREAS", "VERDICTS", "ChatReview", "ChatReviewModel", "review_markdown"]

AREAS: tuple[str, ...] = tuple(rusa_areas().index)
#: What a participant can say about an area ("" = not judged yet).
VERDICTS: tuple[str, ...] = ("shown", "missing", "not seen")


class ChatReviewModel(traitlets.HasTraits):
    """The chat being judged and the verdicts: ``{chat id: {area: verdict}}``."""

    current = traitlets.Unicode()
    marks = traitlets.Dict()

    def __init__(self, store: WorkStore | None = None) -> None:
        super().__init__()
        self.chats = transcripts()
        self.store = store or WorkStore("module07-chat-review")
        saved = self.store.load()
        self.notice = self.store.notice
        self.ignored: list[str] = []
        marks: dict[str, dict[str, str]] = {}
        raw = saved.get("marks", {})
        for tid, areas in (raw.items() if isinstance(raw, dict) else []):
            if tid not in self.chats or not isinstance(areas, dict):
                self.ignored.append(f"chat {tid}")
                continue
            marks[tid] = {a: v for a, v in areas.items() if a in AREAS and v in VERDICTS}
        self.marks = marks
        current = saved.get("current")
        self.current = current if current in self.chats else next(iter(self.chats))

    def verdicts(self, chat_id: str | None = None) -> dict[str, str]:
        """The verdicts given for one chat (default: the current one)."""
        return dict(self.marks.get(chat_id or self.current, {}))

    def set_mark(self, area: str, verdict: str) -> None:
        """Record a verdict ("" clears it) for the current chat and save at once."""
        if area not in AREAS:
            raise UserInputError(f"{area!r} is not one of the six areas.")
        if verdict not in ("", *VERDICTS):
            raise UserInputError(f"Choose one of: {', '.join(VERDICTS)}.")
        chat = self.verdicts()
        if verdict:
            chat[area] = verdict
        else:
            chat.pop(area, None)
        self.marks = {**self.marks, self.current: chat}
        self.save()

    def save(self) -> None:
        """Write the verdicts to ``my_work/``."""
        self.store.save({"current": self.current, "marks": self.marks})

    def compare(self, chat_id: str | None = None) -> pd.DataFrame:
        """Your verdict beside the course's reading, area by area; every area must be judged."""
        chat_id = chat_id or self.current
        mine = self.verdicts(chat_id)
        left = [a for a in AREAS if a not in mine]
        if left:
            raise UserInputError(f"Judge all six areas first ({len(left)} left: "
                                 f"{', '.join(left)}). Your choices so far are saved.")
        course = reading(chat_id)
        table = pd.DataFrame({"your verdict": [mine[a] for a in AREAS],
                              "course's reading": list(course["verdict"]),
                              "why": list(course["why"])}, index=list(AREAS))
        table.insert(2, "same?", table["your verdict"] == table["course's reading"])
        table.index.name = "RUSA 2023 area"
        return table


def review_markdown(data: dict[str, Any]) -> str:
    """Saved verdicts (``my_work/module07-chat-review.json``) as escaped Markdown."""
    lines = ["# Chats judged against the RUSA 2023 areas", ""]
    marks = data.get("marks", {}) if isinstance(data, dict) else {}
    for tid, areas in (marks.items() if isinstance(marks, dict) else []):
        lines += [f"## Chat {escape_markdown(str(tid))}", "", "| Area | My verdict |",
                  "| --- | --- |"]
        for area in AREAS:
            value = areas.get(area, "") if isinstance(areas, dict) else ""
            lines.append(f"| {area} | {escape_markdown(str(value) or 'not judged')} |")
        lines.append("")
    return "\n".join(lines) + "\n"


class ChatReview(widgets.VBox):
    """Pick a chat, read it, give a verdict for each area, compare with the course."""

    def __init__(self, store: WorkStore | None = None) -> None:
        self.model = ChatReviewModel(store)
        self.messages = MessageArea()
        self.picker = labelled(widgets.Dropdown(
            options=[(f"Chat {t}: {c['title']}", t) for t, c in self.model.chats.items()],
            value=self.model.current), "Chat")
        self.chat = widgets.HTML()
        options = [("choose…", ""), *((v, v) for v in VERDICTS)]
        self.areas = {a: labelled(widgets.Dropdown(options=options), a) for a in AREAS}
        for box in self.areas.values():
            box.style = {"description_width": "9em"}
        self.compare_button = widgets.Button(description="Compare with the course's reading",
                                             button_style="primary",
                                             tooltip="Show the course's reading beside yours",
                                             layout={"width": "max-content"})
        self.result = widgets.HTML()
        guarded = friendly_callback(self.messages)
        self._show_current()
        self.picker.observe(guarded(self._on_pick), names="value")
        for area, box in self.areas.items():
            box.observe(guarded(self._on_mark(area)), names="value")
        self.compare_button.on_click(guarded(self._on_compare))
        super().__init__([self.picker, self.chat, *self.areas.values(), self.compare_button,
                          self.messages, self.result])
        self.add_class("course-kit-chat-review")
        if self.model.notice:
            self.messages.show(self.model.notice, "warning")
        elif self.model.marks:
            note = f"Your verdicts are back from {self.model.store.path.name}."
            if self.model.ignored:
                note += " Left out, as they could not be read: " + ", ".join(self.model.ignored)
            self.messages.show(note, "info")

    def _show_current(self) -> None:
        self.chat.value = transcript_html(self.model.current)
        mine = self.model.verdicts()
        self._loading = True
        try:
            for area, box in self.areas.items():
                box.value = mine.get(area, "")
        finally:
            self._loading = False
        self.result.value = ""

    def _on_pick(self, change: dict[str, Any]) -> None:
        self.model.current = change["new"]
        self.model.save()
        self._show_current()

    def _on_mark(self, area: str) -> Any:
        def handler(change: dict[str, Any]) -> None:
            if not self._loading:
                self.model.set_mark(area, change["new"])
        return handler

    def _on_compare(self, _button: Any = None) -> None:
        table = self.model.compare()
        same = int(table["same?"].sum())
        self.result.value = table_html(table, classes="course-kit-table").replace(
            "<td>True</td>", "<td>yes</td>").replace("<td>False</td>", "<td>no</td>")
        self.messages.show(f"You and the course agree on {same} of {len(table)} areas. "
                           "Where you differ, read the 'why' column: is the evidence in the "
                           "chat?", "success" if same == len(table) else "info")
