"""The content calendar: four weeks of posts and one newsletter for one library event.

:class:`ContentCalendar` is the model behind the calendar builder widget. Each entry has a
channel, a date and time, an audience, a message (run through the plain-language check)
and the alt text of its image, which is required. The calendar warns about gaps (a week or
more with nothing planned), overload (too much on one day or in one week), a missing or
second newsletter and messages above grade 8. It is saved in ``my_work/`` and exported as
a CSV for a scheduling tool, an HTML calendar and Markdown, all escaped.
"""

from __future__ import annotations

import csv
import html
import io
import itertools
import re
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import traitlets

from course_kit.modules.module07.plain import GRADE_TARGET, check_message
from course_kit.saved_work import escape_markdown
from course_kit.storage import WorkStore, work_dir

__all__ = [
    "AUDIENCES",
    "CHANNELS",
    "GAP_DAYS",
    "MAX_ALT",
    "MAX_ENTRIES",
    "MAX_MESSAGE",
    "WINDOW_DAYS",
    "CalendarError",
    "ContentCalendar",
    "Entry",
    "branch_name",
    "calendar_markdown",
    "promotable_events",
]

CHANNELS: tuple[str, ...] = ("Facebook", "Instagram", "TikTok", "Newsletter")
AUDIENCES: tuple[str, ...] = ("everyone", "children", "teens", "adults", "seniors", "families",
                              "Spanish speakers")
#: Days before the event that the calendar covers (four weeks).
WINDOW_DAYS = 28
#: A stretch longer than this many days with nothing planned is a gap.
GAP_DAYS = 7
#: More than this many items on one day, or in one week, is overload.
MAX_PER_DAY, MAX_PER_WEEK = 2, 5
#: The kit's limits (not the platforms'): short messages, short alt text, a small plan.
MAX_MESSAGE, MAX_ALT, MAX_ENTRIES = 1000, 250, 40

_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class CalendarError(ValueError):
    """An entry or a calendar cannot be accepted as it is; the message says why."""


def promotable_events(programs: pd.DataFrame,
                      branches: pd.DataFrame | None = None) -> pd.DataFrame:
    """The one-off events in ``programs`` (a title held at most twice), newest first.

    These are the events worth a four-week campaign: a fair, a kickoff party, a tax day.
    Columns: ``program_id``, ``title``, ``branch_id``, ``branch`` (the branch's name, from
    ``branches``, default ``branches.csv``), ``date``, ``start_time``, ``audience``,
    ``language``, ``attendance``.
    """
    if branches is None:
        from course_kit.data import load_branches

        branches = load_branches()
    names = branches.set_index("branch_id")["name"]
    counts = programs["title"].map(programs["title"].value_counts())
    events = programs[counts <= 2].sort_values("date", ascending=False)
    events = events.assign(branch=events["branch_id"].map(names).fillna(events["branch_id"]))
    columns = ["program_id", "title", "branch_id", "branch", "date", "start_time", "audience",
               "language", "attendance"]
    return events[columns].reset_index(drop=True)


@dataclass(frozen=True)
class Entry:
    """One planned post or newsletter."""

    channel: str
    date: str          # ISO date, e.g. "2025-06-14"
    time: str          # 24-hour "HH:MM"
    audience: str
    message: str
    alt_text: str
    grade: float | None = None  # None: too short to score, or not in English

    @property
    def when(self) -> datetime:
        """Date and time as one value (for sorting)."""
        return datetime.fromisoformat(f"{self.date}T{self.time}")


def _clean_csv(value: Any) -> str:
    """A cell a spreadsheet will not run as a formula (OWASP's CSV injection advice)."""
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _grade(grade: float | None) -> str:
    return "" if grade is None else f"{grade:.1f}"


def _md(text: Any) -> str:
    """Text safe inside a Markdown table cell: one line, Markdown and HTML escaped."""
    return escape_markdown(" ".join(str(text).split()))


class ContentCalendar(traitlets.HasTraits):
    """Four weeks of planned posts and one newsletter for one event.

    ``event`` holds the event's ``program_id``, ``title``, ``date`` (ISO), ``start_time``,
    ``branch_id``, ``audience`` and, when known, ``branch`` (the branch's name); ``entries``
    is the plan, sorted by date and time.
    """

    event = traitlets.Dict()
    entries = traitlets.List(traitlets.Instance(Entry), default_value=[])

    # -- the event -----------------------------------------------------------------------
    def set_event(self, event: dict[str, Any]) -> None:
        """Choose the event; entries outside its four-week window are refused later."""
        keys = ("program_id", "title", "date", "start_time", "branch_id", "audience")
        missing = [k for k in keys if not str(event.get(k, "")).strip()]
        if missing:
            raise CalendarError(f"The event lacks {', '.join(missing)}.")
        try:
            day = pd.Timestamp(event["date"]).date()
        except (ValueError, TypeError) as exc:
            raise CalendarError(f"The event's date {event['date']!r} is not a date.") from exc
        named = {"branch": str(event["branch"])} if str(event.get("branch", "")).strip() else {}
        self.event = {k: str(event[k]) for k in keys} | named | {"date": day.isoformat()}

    @property
    def event_day(self) -> date:
        """The day of the event."""
        if not self.event:
            raise CalendarError("Choose an event first.")
        return date.fromisoformat(self.event["date"])

    @property
    def window(self) -> tuple[date, date]:
        """First and last day a post may be planned (the event day itself included)."""
        return self.event_day - timedelta(days=WINDOW_DAYS), self.event_day

    # -- entries -------------------------------------------------------------------------
    def make_entry(self, channel: str, day: Any, time: str, audience: str, message: str,
                   alt_text: str) -> Entry:
        """Check the fields and return an :class:`Entry` (not yet added)."""
        problems = []
        if channel not in CHANNELS:
            problems.append(f"Choose a channel: {', '.join(CHANNELS)}.")
        if audience not in AUDIENCES:
            problems.append(f"Choose an audience: {', '.join(AUDIENCES)}.")
        when = None
        if isinstance(day, datetime):
            when = day.date()
        elif isinstance(day, date):
            when = day
        elif isinstance(day, str) and day.strip():
            try:
                when = date.fromisoformat(day.strip())
            except ValueError:
                problems.append(f"{day!r} is not a date: write it as 2025-06-14.")
        else:
            problems.append("Pick a date.")
        if when is not None and self.event:
            first, last = self.window
            if not first <= when <= last:
                problems.append(f"Pick a date from {first:%a %d %b} to {last:%a %d %b %Y} "
                                "(the four weeks up to the event).")
        time = str(time).strip()
        if not _TIME.match(time):
            problems.append(f"{time or 'The time'!r} is not a time: write it as 18:30.")
        message, alt_text = str(message).strip(), str(alt_text).strip()
        if not message:
            problems.append("Write the message.")
        elif len(message) > MAX_MESSAGE:
            problems.append(f"The message has {len(message):,} characters; keep it under "
                            f"{MAX_MESSAGE:,}.")
        if not alt_text:
            problems.append("Write the image's alt text: what would someone who cannot see "
                            "the picture need to know?")
        elif len(alt_text) > MAX_ALT:
            problems.append(f"The alt text has {len(alt_text)} characters; keep it under "
                            f"{MAX_ALT}.")
        elif alt_text.casefold() == message.casefold():
            problems.append("The alt text repeats the message: describe the picture instead.")
        if not self.event:
            problems.append("Choose an event first.")
        if problems:
            raise CalendarError(" ".join(problems))
        hours, minutes = _TIME.match(time).groups()  # type: ignore[union-attr]
        score = check_message(message).grade
        grade = None if score is None else max(0.0, score)
        return Entry(channel, when.isoformat(), f"{int(hours):02d}:{minutes}",  # type: ignore[union-attr]
                     audience, message, alt_text, grade)

    def add(self, channel: str, day: Any, time: str, audience: str, message: str,
            alt_text: str) -> Entry:
        """Check and add one entry; raise :class:`CalendarError` with every problem."""
        if len(self.entries) >= MAX_ENTRIES:
            raise CalendarError(f"The calendar already has {MAX_ENTRIES} entries; remove one "
                                "first.")
        entry = self.make_entry(channel, day, time, audience, message, alt_text)
        self.entries = sorted([*self.entries, entry], key=lambda e: (e.when, e.channel))
        return entry

    def remove(self, index: int) -> Entry:
        """Remove the entry at ``index`` (0-based, in date order) and return it."""
        if not 0 <= index < len(self.entries):
            raise CalendarError("There is no such entry to remove.")
        removed = self.entries[index]
        self.entries = [e for i, e in enumerate(self.entries) if i != index]
        return removed

    # -- warnings ------------------------------------------------------------------------
    def warnings(self) -> list[str]:
        """What to look at again, in plain words (empty when the plan looks balanced)."""
        if not self.event:
            return ["Choose an event first."]
        if not self.entries:
            return ["Nothing is planned yet."]
        found = []
        first, last = self.window
        days = sorted({date.fromisoformat(e.date) for e in self.entries})
        stops = [first, *days, last]
        for before, after in itertools.pairwise(stops):
            if (after - before).days > GAP_DAYS:
                found.append(f"Gap: nothing between {before:%a %d %b} and {after:%a %d %b} "
                             f"({(after - before).days} days). People forget: plan something.")
        per_day = pd.Series([e.date for e in self.entries]).value_counts()
        for day, n in per_day[per_day > MAX_PER_DAY].sort_index().items():
            found.append(f"Overload: {n} items on {date.fromisoformat(day):%a %d %b}. "
                         f"Spread them out (at most {MAX_PER_DAY} a day).")
        pairs = pd.Series([(e.date, e.channel) for e in self.entries]).value_counts()
        for (day, channel), n in pairs[pairs > 1].sort_index().items():
            found.append(f"Overload: {n} {channel} items on {date.fromisoformat(day):%a %d %b}.")
        for week in range(WINDOW_DAYS // 7):
            start = first + timedelta(days=7 * week)
            n = sum(start <= date.fromisoformat(e.date) < start + timedelta(days=7)
                    for e in self.entries)
            if n > MAX_PER_WEEK:
                found.append(f"Overload: {n} items in the week from {start:%a %d %b} "
                             f"(at most {MAX_PER_WEEK}).")
        letters = sum(e.channel == "Newsletter" for e in self.entries)
        if letters == 0:
            found.append("No newsletter yet: plan one issue that mentions the event.")
        elif letters > 1:
            found.append(f"{letters} newsletters are planned; the plan has room for one.")
        if not any((last - date.fromisoformat(e.date)).days <= 2 for e in self.entries):
            found.append("No reminder in the last two days before the event.")
        for e in self.entries:
            if e.grade is not None and e.grade > GRADE_TARGET:
                found.append(f"{e.channel} on {date.fromisoformat(e.date):%a %d %b}: reading "
                             f"grade {e.grade:.1f}; aim for {GRADE_TARGET:g} or lower.")
        return found

    # -- saving --------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """The calendar as plain data (for saving)."""
        return {"event": dict(self.event), "entries": [asdict(e) for e in self.entries]}

    def update(self, data: dict[str, Any]) -> list[str]:
        """Load ``data`` (from :meth:`to_dict`); return what could not be read, in words."""
        ignored: list[str] = []
        event = data.get("event")
        if isinstance(event, dict) and event:
            try:
                self.set_event(event)
            except CalendarError as exc:
                ignored.append(f"the event ({exc})")
        entries = data.get("entries", [])
        if not isinstance(entries, list):
            return [*ignored, "the entries"]
        kept = []
        for i, item in enumerate(entries[:MAX_ENTRIES], start=1):
            try:
                kept.append(self.make_entry(item["channel"], item["date"], item["time"],
                                            item["audience"], item["message"],
                                            item["alt_text"]))
            except (CalendarError, KeyError, TypeError):
                ignored.append(f"entry {i}")
        self.entries = sorted(kept, key=lambda e: (e.when, e.channel))
        return ignored

    def save(self, store: WorkStore, draft: dict[str, Any] | None = None) -> Path:
        """Save the calendar (and the form's unfinished ``draft``) to ``store``."""
        return store.save({**self.to_dict(), "draft": dict(draft or {})})

    # -- exports -------------------------------------------------------------------------
    def title(self) -> str:
        """'Health Fair, Sat 14 Jun 2025 10:00 (Central Library)' style heading."""
        if not self.event:
            return "Content calendar (no event chosen)"
        return (f"{self.event['title']}, {self.event_day:%a %d %b %Y} "
                f"{self.event['start_time']} ({branch_name(self.event)})")

    def to_csv(self) -> str:
        """One row per item: publish_at, channel, audience, message, alt_text, grade.

        Cells that a spreadsheet would run as a formula are prefixed with ``'``.
        """
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["publish_at", "channel", "audience", "message", "alt_text",
                         "reading_grade"])
        for e in self.entries:
            writer.writerow([_clean_csv(v) for v in (f"{e.date} {e.time}", e.channel,
                                                     e.audience, e.message, e.alt_text,
                                                     _grade(e.grade))])
        return out.getvalue()

    def calendar_html(self, whole: bool = False) -> str:
        """The four weeks as an HTML table, Monday to Sunday, everything escaped.

        Messages are cut after 90 characters to keep the notebook's view short; ``whole``
        (the exported page) shows each one as it was written.
        """
        if not self.event:
            return "<p>Choose an event to see its calendar.</p>"
        esc = html.escape
        first, last = self.window
        start = first - timedelta(days=first.weekday())
        by_day: dict[str, list[Entry]] = {}
        for e in self.entries:
            by_day.setdefault(e.date, []).append(e)
        head = "".join(f'<th scope="col">{d}</th>' for d in
                       ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"))
        rows, day = [], start
        while day <= last:
            cells = []
            for _ in range(7):
                inside = first <= day <= last
                style = ("vertical-align:top;border:1px solid #999;padding:3px;width:14%;"
                         "overflow-wrap:anywhere;")
                style += "background:#fff" if inside else "background:#eee;color:#555"
                items = "".join(
                    f'<li><strong>{esc(e.time)} {esc(e.channel)}</strong> '
                    f'({esc(e.audience)}): {esc(e.message if whole else e.message[:90])}'
                    f'{"…" if len(e.message) > 90 and not whole else ""}</li>'
                    for e in by_day.get(day.isoformat(), []))
                mark = (' <strong style="color:#8a1c1c">EVENT: '
                        f'{esc(self.event["title"])}</strong>' if day == last else "")
                listed = (f'<ul style="padding-left:1.1em;margin:2px">{items}</ul>'
                          if items else "")
                cells.append(f'<td style="{style}"><div>{day:%d %b}{mark}</div>{listed}</td>')
                day += timedelta(days=1)
            rows.append(f"<tr>{''.join(cells)}</tr>")
        return (f'<table class="course-kit-calendar" style="border-collapse:collapse;'
                f'font-size:85%;width:100%;table-layout:fixed;color:#111">'
                f"<caption style=\"text-align:left;font-weight:bold\">{esc(self.title())}"
                f"</caption><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody>"
                "</table>")

    def to_markdown(self) -> str:
        """The plan as Markdown: a table of items and the warnings still open."""
        return calendar_markdown(self.to_dict(), warnings=self.warnings())

    def to_html_page(self) -> str:
        """A complete, accessible HTML page with the calendar and the warnings."""
        notes = "".join(f"<li>{html.escape(w)}</li>" for w in self.warnings())
        return (
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>Content calendar: {html.escape(self.title())}</title>"
            '<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
            '<body style="font-family:system-ui,sans-serif;line-height:1.4"><main>'
            f"<h1>Content calendar</h1>{self.calendar_html(whole=True)}"
            f"<h2>To look at again</h2><ul>{notes or '<li>Nothing: the plan looks balanced.</li>'}"
            "</ul></main></body></html>\n"
        )

    def export(self, folder: Path | None = None) -> tuple[Path, Path, Path]:
        """Write ``content-calendar-<event>.csv``, ``.html`` and ``.md`` to ``folder``."""
        if not self.event:
            raise CalendarError("Choose an event before exporting.")
        if not self.entries:
            raise CalendarError("Plan at least one item before exporting.")
        target = Path(folder) if folder is not None else work_dir()
        target.mkdir(parents=True, exist_ok=True)
        slug = re.sub(r"[^a-z0-9]+", "-", self.event["title"].lower()).strip("-") or "event"
        stem = target / f"content-calendar-{slug}"
        paths = (stem.with_suffix(".csv"), stem.with_suffix(".html"), stem.with_suffix(".md"))
        for path, text in zip(paths, (self.to_csv(), self.to_html_page(), self.to_markdown()),
                              strict=True):
            path.write_text(text, encoding="utf-8")
        return paths


def branch_name(event: dict[str, Any]) -> str:
    """The event's branch by name ("Central Library"); its id in calendars saved before
    the name was kept."""
    return str(event.get("branch") or event.get("branch_id", ""))


def calendar_markdown(data: dict[str, Any], warnings: list[str] | None = None) -> str:
    """Saved calendar data (``my_work/module07-calendar.json``) as escaped Markdown.

    Used for the portfolio and the action plan; reads the saved dict without the data files.
    """
    event = data.get("event") or {}
    title = _md(event.get("title", "no event chosen"))
    out = [f"# Content calendar: {title}", ""]
    if event:
        out += [f"Event on {_md(event.get('date', ''))} at {_md(event.get('start_time', ''))}, "
                f"{_md(branch_name(event))}, for {_md(event.get('audience', ''))}.",
                ""]
    entries = [e for e in data.get("entries", []) if isinstance(e, dict)]
    out += ["| date | time | channel | audience | message | image alt text | grade |",
            "|---|---|---|---|---|---|---|"]
    for e in entries:
        grade = e.get("grade")
        out.append("| " + " | ".join(_md(e.get(k, "")) for k in
                                     ("date", "time", "channel", "audience", "message",
                                      "alt_text"))
                   + f" | {_grade(grade) if isinstance(grade, int | float) else ''} |")
    if not entries:
        out.append("| (nothing planned yet) | | | | | | |")
    if warnings:
        out += ["", "## To look at again", ""] + [f"- {_md(w)}" for w in warnings]
    return "\n".join(out) + "\n"
