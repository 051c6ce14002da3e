"""The content-calendar builder: a form over :class:`~.calendar.ContentCalendar`.

Pick an event, then add posts and one newsletter: channel, date, time, audience, message
and image alt text. The message is checked for plain language as it is typed; the
calendar, its warnings and the unfinished form are saved in ``my_work/`` at every change;
*Export* writes a CSV for a scheduling tool, an HTML calendar and Markdown.
"""

from __future__ import annotations

import base64
from datetime import date
from typing import Any

import ipywidgets as widgets
import pandas as pd
import traitlets

from course_kit.modules.module07.calendar import (
    AUDIENCES,
    CHANNELS,
    CalendarError,
    ContentCalendar,
    promotable_events,
)
from course_kit.modules.module07.plain import check_message
from course_kit.storage import WorkStore
from course_kit.widgets.base import MessageArea, UserInputError, friendly_callback, labelled

__all__ = ["CalendarBuilder"]

_DRAFT_FIELDS = ("channel", "date", "time", "audience", "message", "alt_text")


class CalendarBuilder(widgets.VBox):
    """Plan four weeks of posts and a newsletter for one event; saved as you go."""

    def __init__(self, programs: pd.DataFrame, slot: str = "module07-calendar",
                 store: WorkStore | None = None) -> None:
        self.model = ContentCalendar()
        self.store = store or WorkStore(slot)
        self.events = promotable_events(programs)
        self.messages = MessageArea()
        self.event = labelled(widgets.Dropdown(options=self._event_options(), value=None,
                                               layout={"width": "max-content",
                                                       "max_width": "95%"}),
                              "Event to promote")
        self.channel = labelled(widgets.Dropdown(options=list(CHANNELS)), "Channel")
        self.day = labelled(widgets.DatePicker(), "Date")
        self.time = labelled(widgets.Text(value="18:00", placeholder="HH:MM, e.g. 18:30",
                                          continuous_update=False), "Time")
        self.audience = labelled(widgets.Dropdown(options=list(AUDIENCES)), "Audience")
        self.message = labelled(widgets.Textarea(
            placeholder="What do you want people to know and do?", continuous_update=False,
            layout={"width": "95%", "height": "5em"}), "Message")
        self.alt_text = labelled(widgets.Textarea(
            placeholder="Describe the picture for someone who cannot see it",
            continuous_update=False, layout={"width": "95%", "height": "3em"}),
            "Image alt text")
        self.check = widgets.HTML()
        self.add_button = widgets.Button(description="Add to calendar", button_style="primary",
                                         tooltip="Check this item and add it to the calendar")
        self.pick = labelled(widgets.Dropdown(options=[], layout={"width": "auto",
                                                                  "flex": "1 1 auto"}), "Entry")
        self.remove_button = widgets.Button(description="Remove entry",
                                            tooltip="Remove the chosen entry",
                                            layout={"width": "max-content"})
        self.export_button = widgets.Button(description="Export for my portfolio",
                                            tooltip="Write CSV, HTML and Markdown files",
                                            layout={"width": "max-content"})
        self.warnings = widgets.HTML()
        self.calendar = widgets.HTML()
        self.downloads = widgets.HTML()
        guarded = friendly_callback(self.messages)
        self._restore()
        self.event.observe(guarded(self._on_event), names="value")
        for name in _DRAFT_FIELDS:
            getattr(self, _control(name)).observe(guarded(self._on_draft), names="value")
        self.message.observe(guarded(self._on_message), names="value")
        self.add_button.on_click(guarded(self._on_add))
        self.remove_button.on_click(guarded(self._on_remove))
        self.export_button.on_click(guarded(self._on_export))
        form = widgets.VBox([self.channel, self.day, self.time, self.audience, self.message,
                             self.check, self.alt_text,
                             widgets.HBox([self.add_button, self.export_button],
                                          layout={"flex_flow": "row wrap"}),
                             self.messages, self.downloads,
                             widgets.HBox([self.pick, self.remove_button])],
                            layout={"flex": "1 1 360px", "min_width": "300px"})
        side = widgets.VBox([widgets.HTML("<strong>To look at again</strong>"), self.warnings],
                            layout={"flex": "1 1 300px", "min_width": "260px"})
        super().__init__([self.event, widgets.HBox([form, side],
                                                   layout={"flex_flow": "row wrap"}),
                          self.calendar])
        self.add_class("course-kit-calendar-builder")
        self._render()

    # -- state -------------------------------------------------------------------------
    def _event_options(self) -> list[tuple[str, str]]:
        return [(f"{r.title}, {r.date:%a %d %b %Y} ({r.branch}, for {r.audience})",
                 r.program_id) for r in self.events.itertuples()]

    def _event_record(self, program_id: str) -> dict[str, Any]:
        row = self.events[self.events["program_id"] == program_id]
        if row.empty:
            raise UserInputError(f"There is no event {program_id!r} in the programs.")
        return row.iloc[0].to_dict()

    def _restore(self) -> None:
        saved = self.store.load()
        if self.store.notice:
            self.messages.show(self.store.notice, "warning")
        if not saved:
            return
        ignored = self.model.update(saved)
        if self.model.event:
            self.event.value = self.model.event["program_id"]
            self._set_window()
        draft = saved.get("draft") if isinstance(saved.get("draft"), dict) else {}
        for name in _DRAFT_FIELDS:
            value = draft.get(name)
            if value in (None, ""):
                continue
            try:
                if name == "date":
                    value = date.fromisoformat(str(value))
                getattr(self, _control(name)).value = value
            except (ValueError, TypeError, KeyError, traitlets.TraitError):
                ignored.append(f"the draft's {name}")
        note = (f"Your calendar is back from {self.store.path.name}: "
                f"{len(self.model.entries)} item(s).")
        if ignored:
            note += " Some parts could not be read and were left out: " + ", ".join(ignored) + "."
        self.messages.show(note, "info")

    def _set_window(self) -> None:
        first, last = self.model.window
        self.day.min, self.day.max = None, None
        if self.day.value is not None and not first <= self.day.value <= last:
            self.day.value = None
        self.day.min, self.day.max = first, last
        if self.day.value is None:
            self.day.value = first

    def draft(self) -> dict[str, Any]:
        """What is typed in the form now (kept even when it cannot be added yet)."""
        out = {name: getattr(self, _control(name)).value for name in _DRAFT_FIELDS}
        out["date"] = out["date"].isoformat() if out["date"] else ""
        return out

    def _save(self) -> None:
        self.model.save(self.store, self.draft())

    def _render(self) -> None:
        self.calendar.value = self.model.calendar_html()
        notes = self.model.warnings()
        self.warnings.value = (
            '<ul class="course-kit-calendar-warnings">'
            + "".join(f"<li>{_esc(w)}</li>" for w in notes) + "</ul>"
            if notes else "<p>Nothing: the plan looks balanced.</p>")
        self.pick.options = [(f"{i + 1}. {e.date} {e.time} {e.channel}: {e.message[:40]}", i)
                             for i, e in enumerate(self.model.entries)]
        if self.model.entries and self.pick.value is None:
            self.pick.value = 0

    # -- callbacks -----------------------------------------------------------------------
    def _on_event(self, change: dict[str, Any]) -> None:
        if change["new"] is None:
            return
        self.model.set_event(self._event_record(change["new"]))
        self._set_window()
        self._render()
        self._save()
        if self.model.entries:
            outside = self.model.warnings()
            self.messages.show(f"Event changed to {self.model.title()}. Check the dates of "
                               f"the items you planned ({len(outside)} note(s)).", "info")

    def _on_draft(self, _change: dict[str, Any]) -> None:
        self._save()

    def _on_message(self, change: dict[str, Any]) -> None:
        text = str(change["new"])
        self.check.value = check_message(text).to_html() if text.strip() else ""

    def _on_add(self, _button: Any = None) -> None:
        try:
            entry = self.model.add(self.channel.value, self.day.value, self.time.value,
                                   self.audience.value, self.message.value,
                                   self.alt_text.value)
        except CalendarError as exc:
            self._save()
            raise UserInputError(f"Not added yet; what you typed is kept. {exc}") from exc
        self.message.value, self.alt_text.value = "", ""
        self._render()
        self._save()
        self.messages.show(f"Added: {entry.channel} on {entry.date} at {entry.time} "
                           f"({len(self.model.entries)} item(s) planned).", "success")

    def _on_remove(self, _button: Any = None) -> None:
        if self.pick.value is None:
            raise UserInputError("There is nothing to remove yet.")
        try:
            entry = self.model.remove(int(self.pick.value))
        except CalendarError as exc:
            raise UserInputError(str(exc)) from exc
        self._render()
        self._save()
        self.messages.show(f"Removed: {entry.channel} on {entry.date}.", "success")

    def _on_export(self, _button: Any = None) -> None:
        try:
            paths = self.model.export(self.store.path.parent)
        except CalendarError as exc:
            raise UserInputError(str(exc)) from exc
        links = []
        for path, mime in zip(paths, ("text/csv", "text/html", "text/markdown"), strict=True):
            data = base64.b64encode(path.read_bytes()).decode("ascii")
            links.append(f'<a download="{_esc(path.name)}" href="data:{mime};base64,{data}">'
                         f"Download {_esc(path.name)}</a>")
        self.downloads.value = " · ".join(links)
        self.messages.show(f"Exported {len(paths)} files to my_work/.", "success")


def _control(name: str) -> str:
    return "day" if name == "date" else name


def _esc(text: str) -> str:
    import html

    return html.escape(text)
