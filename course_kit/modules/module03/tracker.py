"""The follow-up tracker widget: log a promise, see what is overdue, close it with an outcome.

:class:`TrackerModel` holds the state (the chosen "today" and the saved follow-ups) and is
tested without a browser; :class:`FollowUpTracker` is the thin view. Everything is stored
through :mod:`.followups`, so Module 4 and the action-plan workbook see the same list.
"""

from __future__ import annotations

import base64
import html
from datetime import date
from typing import Any

import ipywidgets as widgets
import traitlets

from course_kit.modules.module03 import followups as fu
from course_kit.storage import WorkStore
from course_kit.widgets.base import MessageArea, UserInputError, friendly_callback

__all__ = ["FollowUpTracker", "TrackerModel"]


class TrackerModel(traitlets.HasTraits):
    """The follow-ups and the day they are judged on (the participant's chosen "today")."""

    today = traitlets.Instance(date)
    items = traitlets.List(traitlets.Dict())

    def __init__(self, today: date | None = None, store: WorkStore | None = None) -> None:
        super().__init__(today=today or date.today())
        self.store = store or WorkStore(fu.STORE_NAME)
        self.reload()
        self.notice = self.store.notice

    def reload(self) -> None:
        """Read the saved follow-ups again (another notebook may have added some)."""
        self.items = fu.load_follow_ups(store=self.store)

    def add(self, request: str, promised: str, due: date | None) -> dict[str, Any]:
        """Log a new follow-up; raises :class:`UserInputError` with a plain message."""
        if due is None:
            raise UserInputError("Choose the date by which you promised to follow up.")
        try:
            item = fu.add_follow_up(request, promised, due, store=self.store)
        except fu.FollowUpError as exc:
            raise UserInputError(f"{exc} Nothing was lost: what you typed is still here.") from exc
        self.reload()
        return item

    def close(self, item_id: str | None, outcome: str) -> dict[str, Any]:
        """Close a follow-up with its outcome."""
        if not item_id:
            raise UserInputError("Pick the follow-up you want to close.")
        try:
            item = fu.close_follow_up(item_id, outcome, store=self.store)
        except fu.FollowUpError as exc:
            raise UserInputError(str(exc)) from exc
        self.reload()
        return item

    def overdue(self) -> list[dict[str, Any]]:
        """Open follow-ups past their due date on :attr:`today`."""
        return fu.overdue(self.items, self.today)

    def open_items(self) -> list[dict[str, Any]]:
        """Follow-ups not closed yet, soonest due first."""
        return sorted((i for i in self.items if i["status"] == "open"), key=lambda i: i["due"])

    def table_html(self) -> str:
        """The follow-ups as an escaped table, with the status on :attr:`today`."""
        return fu.follow_ups_html(self.items, self.today)


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class FollowUpTracker(widgets.VBox):
    """Log a request with a promise and a due date; overdue ones are flagged on "today"."""

    def __init__(self, today: date | None = None, store: WorkStore | None = None) -> None:
        self.model = TrackerModel(today, store)
        self.messages = MessageArea()
        wide = {"width": "95%", "max_width": "40em"}
        label = {"description_width": "10em"}
        self.request = widgets.Text(description="Patron asked for", continuous_update=False,
                                    placeholder="e.g. a large-print copy of a novel",
                                    style=label, layout=wide)
        self.promised = widgets.Text(description="I promised to", continuous_update=False,
                                     placeholder="e.g. call her when it arrives",
                                     style=label, layout=wide)
        self.due = widgets.DatePicker(description="By (date)", style=label)
        self.add_button = widgets.Button(description="Log follow-up", button_style="primary",
                                         tooltip="Save this follow-up")
        self.today = widgets.DatePicker(description="Today is", value=self.model.today,
                                        style=label)
        self.table = widgets.HTML()
        self.pick = widgets.Dropdown(description="Follow-up to close", options=[],
                                     style=label, layout=wide)
        self.outcome = widgets.Text(description="Outcome", continuous_update=False,
                                    placeholder="e.g. called back; book is on hold",
                                    style=label, layout=wide)
        self.close_button = widgets.Button(description="Close follow-up",
                                           tooltip="Record the outcome and close it")
        self.export_button = widgets.Button(description="Export for my portfolio",
                                            tooltip="Write Markdown and HTML files",
                                            layout={"width": "max-content"})
        self.downloads = widgets.HTML()
        guarded = friendly_callback(self.messages)
        self.add_button.on_click(guarded(self._on_add))
        self.close_button.on_click(guarded(self._on_close))
        self.export_button.on_click(guarded(self._on_export))
        self.today.observe(guarded(self._on_today), names="value")
        self.model.observe(guarded(self._render), names=["items", "today"])
        super().__init__([
            widgets.HTML("<strong>Log a promise</strong>"), self.request, self.promised,
            self.due, self.add_button, self.messages,
            widgets.HTML("<strong>My follow-ups</strong>"), self.today, self.table,
            self.pick, self.outcome,
            widgets.HBox([self.close_button, self.export_button],
                         layout={"flex_flow": "row wrap"}),
            self.downloads,
        ])
        self.add_class("course-kit-followup-tracker")
        if self.model.notice:
            self.messages.show(self.model.notice, "warning")
        elif self.model.items:
            self.messages.show(f"{len(self.model.items)} follow-ups are back from "
                               f"{self.model.store.path.name}.", "info")
        self._render()

    def _render(self, _change: Any = None) -> None:
        self.table.value = f'<div class="jp-RenderedHTMLCommon">{self.model.table_html()}</div>'
        chosen = self.pick.value
        options = [(f"due {i['due']}: {_short(i['request'])}", i["id"])
                   for i in self.model.open_items()]
        self.pick.options = options
        ids = [value for _label, value in options]
        self.pick.value = chosen if chosen in ids else (ids[0] if ids else None)

    def _on_today(self, change: dict[str, Any]) -> None:
        if change["new"] is None:
            raise UserInputError("Choose a date for 'Today is'.")
        self.model.today = change["new"]
        late = self.model.overdue()
        if late:
            self.messages.show(f"{len(late)} follow-up(s) overdue on "
                               f"{self.model.today.isoformat()}.", "warning")
        else:
            self.messages.show("Nothing is overdue on that day.", "success")

    def _on_add(self, _button: Any = None) -> None:
        self.model.add(self.request.value, self.promised.value, self.due.value)
        self.request.value = self.promised.value = ""
        self.messages.show("Logged and saved.", "success")

    def _on_close(self, _button: Any = None) -> None:
        item = self.model.close(self.pick.value, self.outcome.value)
        self.outcome.value = ""
        self.messages.show(f"Closed: {_short(item['request'])}.", "success")

    def _on_export(self, _button: Any = None) -> None:
        if not self.model.items:
            raise UserInputError("Log a follow-up first; there is nothing to export yet.")
        paths = fu.export_follow_ups(self.model.today, store=self.model.store)
        links = []
        for path, mime in zip(paths, ("text/markdown", "text/html"), strict=True):
            data = base64.b64encode(path.read_bytes()).decode("ascii")
            links.append(f'<a download="{html.escape(path.name)}" '
                         f'href="data:{mime};base64,{data}">Download {html.escape(path.name)}</a>')
        self.downloads.value = " · ".join(links)
        self.messages.show(f"Exported to my_work/{paths[0].name} and my_work/{paths[1].name}.",
                           "success")
