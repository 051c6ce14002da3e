"""The follow-up tracker: what a patron asked for, what was promised, and by when.

Keeping a promise ("I'll call you when the book comes in") is how trust is built. This file
is the shared record of such promises. Module 3's tracker widget, Module 4's interaction log
and the action-plan workbook all read and write it through these functions, so the format
below is a contract:

``my_work/module03-followups.json`` (a :class:`~course_kit.storage.WorkStore`)::

    {"items": [{"id": str, "request": str, "promised": str, "due": "YYYY-MM-DD",
                "status": "open" | "closed", "outcome": str, "source": str,
                "created": ISO datetime}]}

A follow-up is *overdue* on a given day when it is still open and its due date is before
that day. Closing a follow-up records its outcome ("Called back; the book is on hold").
"""

from __future__ import annotations

import html
import uuid
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from course_kit.modules.module03.portfolio import html_page, md_escape
from course_kit.storage import WorkStore

__all__ = [
    "MAX_OUTCOME",
    "MAX_PROMISED",
    "MAX_REQUEST",
    "STORE_NAME",
    "FollowUpError",
    "add_follow_up",
    "close_follow_up",
    "export_follow_ups",
    "follow_ups_html",
    "follow_ups_markdown",
    "load_follow_ups",
    "overdue",
    "status_on",
]

#: The WorkStore name shared with Module 4 and the action-plan workbook.
STORE_NAME = "module03-followups"
MAX_REQUEST = 500  # as long as Module 4's "asked" field, which feeds this tracker
MAX_PROMISED = 300
MAX_OUTCOME = 300
_MAX_SOURCE = 40

Status = Literal["open", "due today", "overdue", "closed"]


class FollowUpError(ValueError):
    """A follow-up cannot be saved as it is; the message says why, in plain words."""


def _store(store: WorkStore | None) -> WorkStore:
    return store if store is not None else WorkStore(STORE_NAME)


def _clean(text: Any, what: str, limit: int, *, required: bool = True) -> str:
    if not isinstance(text, str):
        raise FollowUpError(f"The {what} must be text.")
    cleaned = text.strip()
    if required and not cleaned:
        raise FollowUpError(f"Please write the {what}; it is empty.")
    if len(cleaned) > limit:
        raise FollowUpError(
            f"The {what} is {len(cleaned)} characters long; please keep it to {limit} or fewer."
        )
    return cleaned


def _as_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise FollowUpError("The due date must be a date, written like 2026-03-15.")


def _valid(item: Any) -> dict[str, Any] | None:
    """Return a clean copy of a stored item, or ``None`` when it cannot be read."""
    if not isinstance(item, dict):
        return None
    try:
        due = date.fromisoformat(str(item["due"]))
        status = item.get("status", "open")
        if status not in ("open", "closed"):
            return None
        return {
            "id": str(item["id"]),
            "request": str(item["request"]),
            "promised": str(item.get("promised", "")),
            "due": due.isoformat(),
            "status": status,
            "outcome": str(item.get("outcome", "")),
            "source": str(item.get("source", "module03")),
            "created": str(item.get("created", "")),
        }
    except (KeyError, ValueError, TypeError):
        return None


def _read(store: WorkStore) -> tuple[dict[str, Any], list[Any]]:
    data = store.load()
    items = data.get("items")
    return data, items if isinstance(items, list) else []


def load_follow_ups(*, store: WorkStore | None = None) -> list[dict[str, Any]]:
    """All saved follow-ups, oldest first; items that cannot be read are left out.

    Never raises for a missing or damaged file: a damaged file is set aside by
    :meth:`WorkStore.load` (see its ``notice``) and an empty list comes back.
    """
    _data, raw = _read(_store(store))
    return [item for item in (_valid(r) for r in raw) if item is not None]


def add_follow_up(request: str, promised: str, due: date, source: str = "module03", *,
                  store: WorkStore | None = None) -> dict[str, Any]:
    """Save a new open follow-up and return it (a dict in the shared format).

    ``request`` is what the patron asked for, ``promised`` what staff said they would do,
    ``due`` the day by which it should be done, ``source`` the module or workbook that
    logged it. Raises :class:`FollowUpError` for an empty or too long text or a bad date;
    nothing is saved then.
    """
    item = {
        "id": uuid.uuid4().hex[:10],
        "request": _clean(request, "request", MAX_REQUEST),
        "promised": _clean(promised, "promise", MAX_PROMISED),
        "due": _as_date(due).isoformat(),
        "status": "open",
        "outcome": "",
        "source": _clean(source, "source", _MAX_SOURCE),
        "created": datetime.now().isoformat(timespec="seconds"),
    }
    target = _store(store)
    data, raw = _read(target)
    data["items"] = [*raw, item]
    target.save(data)
    return dict(item)


def close_follow_up(item_id: str, outcome: str, *,
                    store: WorkStore | None = None) -> dict[str, Any]:
    """Mark follow-up ``item_id`` closed with its ``outcome``; return the updated item."""
    text = _clean(outcome, "outcome", MAX_OUTCOME)
    target = _store(store)
    data, raw = _read(target)
    for entry in raw:
        if isinstance(entry, dict) and str(entry.get("id")) == str(item_id):
            entry["status"], entry["outcome"] = "closed", text
            data["items"] = raw
            target.save(data)
            closed = _valid(entry)
            if closed is None:
                raise FollowUpError("That follow-up is damaged in the saved file.")
            return closed
    raise FollowUpError("That follow-up is not in the list any more. Reload the tracker.")


def status_on(item: dict[str, Any], today: date) -> Status:
    """The item's status on ``today``: closed, overdue, due today or open."""
    if item["status"] == "closed":
        return "closed"
    due = date.fromisoformat(item["due"])
    if due < today:
        return "overdue"
    if due == today:
        return "due today"
    return "open"


def overdue(items: list[dict[str, Any]], today: date) -> list[dict[str, Any]]:
    """The open items whose due date is before ``today``, most overdue first."""
    late = [i for i in items if status_on(i, today) == "overdue"]
    return sorted(late, key=lambda i: i["due"])


def follow_ups_markdown(data: dict[str, Any], today: date | None = None) -> str:
    """The saved follow-ups (the store's dict) as escaped Markdown for the portfolio."""
    on = today or date.today()
    raw = data.get("items") if isinstance(data, dict) else None
    items = [i for i in (_valid(r) for r in (raw if isinstance(raw, list) else [])) if i]
    out = ["# My follow-ups", "", f"Status on {on.isoformat()}.", ""]
    if not items:
        out.append("No follow-ups logged yet.")
    for item in sorted(items, key=lambda i: i["due"]):
        out += [
            f"- **{status_on(item, on).capitalize()}**, due {item['due']}: "
            f"{md_escape(item['request'])}",
            f"  - Promised: {md_escape(item['promised'])}",
        ]
        if item["outcome"]:
            out.append(f"  - Outcome: {md_escape(item['outcome'])}")
    return "\n".join(out) + "\n"


_STATUS_STYLE = {
    "overdue": ("#8a1c1c", "#fdecea", "✘ Overdue"),
    "due today": ("#6d4c00", "#fff8e1", "! Due today"),
    "open": ("#1f4e79", "#eef4fb", "Open"),
    "closed": ("#1b5e20", "#e8f5e9", "✔ Closed"),
}


def follow_ups_html(items: list[dict[str, Any]], today: date) -> str:
    """The follow-ups as an escaped HTML table (status in words, never colour alone)."""
    if not items:
        return "<p>No follow-ups logged yet.</p>"
    rows = []
    for item in sorted(items, key=lambda i: (i["status"] == "closed", i["due"])):
        fg, bg, label = _STATUS_STYLE[status_on(item, today)]
        esc = html.escape
        rows.append(
            f'<tr><td style="color:{fg};background:{bg};font-weight:bold">{label}</td>'
            f"<td>{esc(item['due'])}</td><td>{esc(item['request'])}</td>"
            f"<td>{esc(item['promised'])}</td><td>{esc(item['outcome'])}</td></tr>"
        )
    return (
        '<table class="course-kit-table course-kit-followups" style="color:#111">'
        f"<caption>Follow-ups on {today.isoformat()}</caption>"
        '<thead><tr><th scope="col">Status</th><th scope="col">Due</th>'
        '<th scope="col">Request</th><th scope="col">Promised</th>'
        '<th scope="col">Outcome</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def export_follow_ups(today: date, *, store: WorkStore | None = None,
                      folder: Path | None = None) -> tuple[Path, Path]:
    """Write ``followups.md`` and ``followups.html`` for the portfolio; return their paths."""
    target_store = _store(store)
    data = target_store.load()
    items = load_follow_ups(store=target_store)
    target = Path(folder) if folder is not None else target_store.path.parent
    target.mkdir(parents=True, exist_ok=True)
    md, page = target / "module03-followups.md", target / "module03-followups.html"
    md.write_text(follow_ups_markdown(data, today), encoding="utf-8")
    body = "<h1>My follow-ups</h1>" + follow_ups_html(items, today)
    page.write_text(html_page("My follow-ups", body), encoding="utf-8")
    return md, page
