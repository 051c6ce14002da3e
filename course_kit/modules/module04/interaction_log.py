"""The interaction log: a short record of each question a participant handles.

Each entry says what was asked, how, what was answered, where it was referred and
whether a follow-up is needed (what was promised, by when). Entries are appended to the
participant's own log, ``my_work/module04-interactions.json``, saved at once. An entry
that needs a follow-up is also sent to the Module 3 follow-up tracker
(``course_kit.modules.module03.followups.add_follow_up``) when that module is installed;
when it is not, the entry stays in this log and the widget says so.

:class:`InteractionLog` is the model (tested without a browser); :class:`InteractionForm`
is the thin view.
"""

from __future__ import annotations

import base64
import html
import importlib
from datetime import date, datetime
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import traitlets

from course_kit.saved_work import escape_markdown
from course_kit.storage import WorkStore, work_dir
from course_kit.widgets.base import MessageArea, UserInputError, friendly_callback, labelled

__all__ = [
    "LIMITS",
    "MODES",
    "REFERRALS",
    "InteractionForm",
    "InteractionLog",
    "entries_markdown",
    "send_to_tracker",
]

MODES: tuple[str, ...] = ("in person", "phone", "chat", "email")
REFERRALS: tuple[str, ...] = ("not referred", "Central reference", "IT help", "Children's",
                              "Local history room", "Outside agency", "other")
#: Longest text accepted per field, in characters.
LIMITS: dict[str, int] = {"asked": 500, "answered": 1000, "promised": 300}
MAX_ENTRIES = 500
TRACKER = "course_kit.modules.module03.followups"


def send_to_tracker(request: str, promised: str, due: date) -> tuple[bool, str]:
    """Add a follow-up to Module 3's tracker; ``(False, reason)`` when it is not there."""
    try:
        module = importlib.import_module(TRACKER)
        add = module.add_follow_up
    except (ImportError, AttributeError):
        return False, ("The Module 3 follow-up tracker is not installed here, so this "
                       "follow-up is kept in your interaction log only.")
    try:
        add(request=request, promised=promised, due=due, source="module04")
    except ValueError as exc:  # the tracker's own checks (e.g. its shorter length limits)
        return False, (f"It could not be added to your Module 3 follow-up tracker ({exc}); "
                       "it is kept in your interaction log.")
    return True, "It was also added to your Module 3 follow-up tracker."


def _clean(text: Any, field: str) -> str:
    if not isinstance(text, str):
        raise UserInputError(f"'{field}' must be text.")
    text = text.strip()
    if len(text) > LIMITS[field]:
        raise UserInputError(f"'{field}' has {len(text):,} characters; the limit is "
                             f"{LIMITS[field]:,}. Please shorten it; your text is still here.")
    return text


class InteractionLog(traitlets.HasTraits):
    """The participant's log: a list of entries (dicts), saved in ``my_work/``."""

    entries = traitlets.List(traitlets.Dict())

    def __init__(self, store: WorkStore | None = None) -> None:
        super().__init__()
        self.store = store or WorkStore("module04-interactions")
        saved = self.store.load()
        self.notice = self.store.notice
        raw = saved.get("entries", [])
        good = [e for e in raw if isinstance(e, dict) and isinstance(e.get("asked"), str)] \
            if isinstance(raw, list) else []
        if isinstance(raw, list) and len(good) < len(raw):
            self.notice = (f"{len(raw) - len(good)} saved entries could not be read and were "
                           "left out (the file itself was not changed).")
        self.entries = good

    def add(self, asked: str, mode: str, answered: str, referred_to: str = "not referred",
            follow_up: bool = False, promised: str = "", due: date | None = None,
            today: date | None = None) -> dict[str, Any]:
        """Check and append one entry, save the log, and return the entry."""
        asked, answered = _clean(asked, "asked"), _clean(answered, "answered")
        promised = _clean(promised, "promised")
        if not asked:
            raise UserInputError("Write what the person asked, in a few words.")
        if mode not in MODES:
            raise UserInputError(f"Mode must be one of: {', '.join(MODES)}.")
        if referred_to not in REFERRALS:
            raise UserInputError(f"Referred to must be one of: {', '.join(REFERRALS)}.")
        if not answered and referred_to == "not referred" and not follow_up:
            raise UserInputError("Write what you answered, choose where you referred the "
                                 "person, or tick 'Follow-up needed'.")
        if follow_up:
            if not promised:
                raise UserInputError("A follow-up needs a promise: write what you will do "
                                     "(e.g. 'call back with the form').")
            if not isinstance(due, date):
                raise UserInputError("A follow-up needs a date: pick when you will do it.")
            if due < (today or date.today()):
                raise UserInputError("The follow-up date is in the past; pick today or later.")
        if len(self.entries) >= MAX_ENTRIES:
            raise UserInputError(f"Your log has {MAX_ENTRIES} entries, the limit. Export it "
                                 "for your portfolio and start a new one with a trainer.")
        entry = {
            "logged_at": datetime.now().strftime("%Y-%m-%d %H:%M"),
            "asked": asked, "mode": mode, "answered": answered, "referred_to": referred_to,
            "follow_up": bool(follow_up), "promised": promised if follow_up else "",
            "due": due.isoformat() if follow_up and due else "", "in_tracker": False,
        }
        self.entries = [*self.entries, entry]
        self.save()
        return entry

    def mark_tracked(self, index: int) -> None:
        """Record that entry ``index`` is in the Module 3 tracker, and save."""
        entries = [dict(e) for e in self.entries]
        entries[index]["in_tracker"] = True
        self.entries = entries
        self.save()

    def remove_last(self) -> dict[str, Any]:
        """Remove the newest entry (an undo for a mistake), save, and return it."""
        if not self.entries:
            raise UserInputError("Your log is empty: there is nothing to remove.")
        last = self.entries[-1]
        self.entries = self.entries[:-1]
        self.save()
        return last

    def save(self) -> Path:
        """Write the log atomically to ``my_work/``."""
        return self.store.save({"entries": list(self.entries)})

    def open_follow_ups(self) -> list[dict[str, Any]]:
        """Entries that need a follow-up, earliest date first."""
        return sorted((e for e in self.entries if e.get("follow_up")),
                      key=lambda e: str(e.get("due", "")))

    def to_markdown(self) -> str:
        """The log as escaped Markdown (a table), for the portfolio."""
        return entries_markdown(self.entries)

    def to_html(self) -> str:
        """The log as an escaped HTML table."""
        esc = html.escape
        head = "".join(f"<th scope='col'>{h}</th>" for h in
                       ("When", "Asked", "Mode", "Answered", "Referred to", "Follow-up"))
        rows = []
        for e in self.entries:
            follow = (f"{esc(e.get('promised', ''))} (by {esc(e.get('due', ''))})"
                      if e.get("follow_up") else "none")
            rows.append("<tr>" + "".join(f"<td>{esc(str(e.get(k, '')))}</td>" for k in
                                         ("logged_at", "asked", "mode", "answered",
                                          "referred_to")) + f"<td>{follow}</td></tr>")
        return (f"<table class='course-kit-table'><caption>My interaction log "
                f"({len(self.entries)} entries)</caption><thead><tr>{head}</tr></thead>"
                f"<tbody>{''.join(rows)}</tbody></table>")

    def to_html_page(self) -> str:
        """A complete HTML page with the log (for the portfolio)."""
        return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
                "<title>My interaction log</title>"
                '<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
                '<body style="font-family:system-ui,sans-serif"><main><h1>My interaction log'
                f"</h1>{self.to_html()}</main></body></html>\n")

    def export(self, folder: Path | None = None) -> tuple[Path, Path]:
        """Write ``interaction-log.md`` and ``.html`` to ``folder`` (default my_work/)."""
        if not self.entries:
            raise UserInputError("Your log is empty. Add an entry first, then export.")
        target = Path(folder) if folder is not None else work_dir()
        target.mkdir(parents=True, exist_ok=True)
        md, page = target / "interaction-log.md", target / "interaction-log.html"
        md.write_text(self.to_markdown(), encoding="utf-8")
        page.write_text(self.to_html_page(), encoding="utf-8")
        return md, page


def _md(text: Any) -> str:
    """Escape text for a Markdown table cell: one line, Markdown and HTML shown as typed."""
    return escape_markdown(" ".join(str(text).split()))


def entries_markdown(data: dict[str, Any] | list[dict[str, Any]]) -> str:
    """Escaped Markdown for a saved log (``{"entries": [...]}``) or a list of entries."""
    entries = data.get("entries", []) if isinstance(data, dict) else data
    lines = ["# My interaction log", "",
             "| When | Asked | Mode | Answered | Referred to | Follow-up |",
             "| --- | --- | --- | --- | --- | --- |"]
    for e in entries:
        follow = (f"{_md(e.get('promised', ''))} (by {_md(e.get('due', ''))})"
                  if e.get("follow_up") else "none")
        lines.append("| " + " | ".join(_md(e.get(k, "")) for k in
                                       ("logged_at", "asked", "mode", "answered",
                                        "referred_to")) + f" | {follow} |")
    if not entries:
        lines.append("| (no entries yet) | | | | | |")
    return "\n".join(lines) + "\n"


class InteractionForm(widgets.VBox):
    """A form that appends to the interaction log, the log as a table, and export."""

    def __init__(self, store: WorkStore | None = None) -> None:
        self.model = InteractionLog(store)
        self.messages = MessageArea()
        wide = {"width": "95%"}
        self.asked = labelled(widgets.Textarea(placeholder="e.g. How do I renew my card online?",
                                               layout={**wide, "height": "3.5em"}),
                              "What was asked")
        self.mode = labelled(widgets.Dropdown(options=list(MODES)), "Mode")
        self.answered = labelled(widgets.Textarea(placeholder="what you told or showed them",
                                                  layout={**wide, "height": "3.5em"}),
                                 "What you answered")
        self.referred = labelled(widgets.Dropdown(options=list(REFERRALS)), "Referred to")
        self.follow_up = labelled(widgets.Checkbox(indent=False), "Follow-up needed")
        self.promised = labelled(widgets.Text(placeholder="e.g. call back with the tax form",
                                              layout=wide), "What you promised")
        self.due = labelled(widgets.DatePicker(), "Follow up by")
        self.add_button = widgets.Button(description="Add to my log", button_style="primary",
                                         tooltip="Check and add this entry to my log")
        self.undo_button = widgets.Button(description="Remove last entry",
                                          tooltip="Remove the newest entry from my log",
                                          layout={"width": "max-content"})
        self.export_button = widgets.Button(description="Export for my portfolio",
                                            tooltip="Write Markdown and HTML files",
                                            layout={"width": "max-content"})
        self.table = widgets.HTML()
        self.downloads = widgets.HTML()
        guarded = friendly_callback(self.messages)
        self.add_button.on_click(guarded(self._on_add))
        self.undo_button.on_click(guarded(self._on_undo))
        self.export_button.on_click(guarded(self._on_export))
        self.model.observe(guarded(self._render), names="entries")
        super().__init__([
            self.asked, widgets.HBox([self.mode, self.referred],
                                     layout={"flex_flow": "row wrap"}),
            self.answered, self.follow_up,
            widgets.HBox([self.promised, self.due], layout={"flex_flow": "row wrap"}),
            widgets.HBox([self.add_button, self.undo_button, self.export_button],
                         layout={"flex_flow": "row wrap"}),
            self.messages, self.downloads, self.table,
        ])
        self.add_class("course-kit-interaction-log")
        self._render()
        if self.model.notice:
            self.messages.show(self.model.notice, "warning")
        elif self.model.entries:
            self.messages.show(f"Your log is back: {len(self.model.entries)} entries from "
                               f"{self.model.store.path.name}.", "info")

    def _render(self, _change: Any = None) -> None:
        self.table.value = self.model.to_html() if self.model.entries else ""

    def _on_add(self, _button: Any = None) -> None:
        entry = self.model.add(self.asked.value, self.mode.value, self.answered.value,
                               self.referred.value, self.follow_up.value,
                               self.promised.value, self.due.value)
        note = "Added to your log."
        if entry["follow_up"]:
            sent, why = send_to_tracker(entry["asked"], entry["promised"],
                                        date.fromisoformat(entry["due"]))
            if sent:
                self.model.mark_tracked(len(self.model.entries) - 1)
            note += " " + why
        # The form is emptied only after the entry is safely saved.
        self.asked.value = self.answered.value = self.promised.value = ""
        self.follow_up.value = False
        self.due.value = None
        self.messages.show(note, "success")

    def _on_undo(self, _button: Any = None) -> None:
        last = self.model.remove_last()
        self.messages.show(f"Removed: “{last['asked'][:60]}”.", "info")

    def _on_export(self, _button: Any = None) -> None:
        md, page = self.model.export(self.model.store.path.parent)
        links = []
        for path, mime in ((md, "text/markdown"), (page, "text/html")):
            data = base64.b64encode(path.read_bytes()).decode("ascii")
            links.append(f'<a download="{path.name}" href="data:{mime};base64,{data}">'
                         f"Download {path.name}</a>")
        self.downloads.value = " · ".join(links)
        self.messages.show(f"Exported to my_work/{md.name} and my_work/{page.name}.", "success")
