"""The follow-up tracker's shared record (Module 3; read by Module 4 and the action plan)."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from course_kit.modules.module03 import followups as fu
from course_kit.storage import WorkStore


def test_add_saves_in_the_shared_format(work_dir: Path) -> None:
    item = fu.add_follow_up("Large-print copy of a novel", "Call when it arrives",
                            date(2026, 3, 10))
    saved = json.loads((work_dir / "module03-followups.json").read_text(encoding="utf-8"))
    assert saved["items"] == [item]
    assert set(item) == {"id", "request", "promised", "due", "status", "outcome", "source",
                         "created"}
    assert item["due"] == "2026-03-10"
    assert item["status"] == "open" and item["outcome"] == "" and item["source"] == "module03"
    datetime.fromisoformat(item["created"])  # an ISO datetime


def test_two_adds_keep_both_and_other_keys_in_the_file(work_dir: Path) -> None:
    WorkStore("module03-followups").save({"items": [], "note": "kept"})
    first = fu.add_follow_up("a", "b", date(2026, 1, 1))
    second = fu.add_follow_up("c", "d", "2026-01-02", source="module04")
    assert [i["id"] for i in fu.load_follow_ups()] == [first["id"], second["id"]]
    assert fu.load_follow_ups()[1]["source"] == "module04"
    assert WorkStore("module03-followups").load()["note"] == "kept"


@pytest.mark.parametrize(
    ("request_text", "promised", "due", "words"),
    [
        ("", "call back", date(2026, 1, 1), "empty"),
        ("   ", "call back", date(2026, 1, 1), "empty"),
        ("a book", "", date(2026, 1, 1), "empty"),
        ("x" * 501, "call back", date(2026, 1, 1), "500 or fewer"),
        ("a book", "y" * 301, date(2026, 1, 1), "300 or fewer"),
        ("a book", "call back", "next Tuesday", "2026-03-15"),
        ("a book", "call back", 20260101, "must be a date"),
        (42, "call back", date(2026, 1, 1), "must be text"),
    ],
)
def test_bad_input_is_refused_in_plain_words_and_nothing_is_saved(
        work_dir: Path, request_text: object, promised: str, due: object, words: str) -> None:
    with pytest.raises(fu.FollowUpError, match=words):
        fu.add_follow_up(request_text, promised, due)  # type: ignore[arg-type]
    assert fu.load_follow_ups() == []


def test_close_records_the_outcome(work_dir: Path) -> None:
    item = fu.add_follow_up("Wi-Fi password reset", "Email steps", date(2026, 2, 1))
    closed = fu.close_follow_up(item["id"], "Sent the steps; patron confirmed")
    assert closed["status"] == "closed"
    assert fu.load_follow_ups()[0]["outcome"] == "Sent the steps; patron confirmed"
    with pytest.raises(fu.FollowUpError, match="not in the list"):
        fu.close_follow_up("nope", "done")
    with pytest.raises(fu.FollowUpError, match="empty"):
        fu.close_follow_up(item["id"], " ")


def test_overdue_is_judged_on_the_chosen_day(work_dir: Path) -> None:
    late = fu.add_follow_up("a", "b", date(2026, 3, 1))
    today = fu.add_follow_up("c", "d", date(2026, 3, 5))
    later = fu.add_follow_up("e", "f", date(2026, 3, 9))
    done = fu.add_follow_up("g", "h", date(2026, 2, 1))
    fu.close_follow_up(done["id"], "done")
    items = {i["id"]: i for i in fu.load_follow_ups()}
    day = date(2026, 3, 5)
    assert [fu.status_on(items[k["id"]], day) for k in (late, today, later, done)] == [
        "overdue", "due today", "open", "closed"]
    assert [i["id"] for i in fu.overdue(list(items.values()), day)] == [late["id"]]
    assert fu.overdue(list(items.values()), date(2026, 3, 1)) == []


def test_damaged_items_are_skipped_and_a_damaged_file_is_set_aside(work_dir: Path) -> None:
    path = work_dir / "module03-followups.json"
    path.write_text(json.dumps({"items": [
        {"id": "1", "request": "ok", "promised": "p", "due": "2026-01-01", "status": "open"},
        {"id": "2", "request": "bad date", "due": "soon"},
        {"id": "3", "request": "bad status", "due": "2026-01-01", "status": "maybe"},
        "not a dict",
    ]}), encoding="utf-8")
    assert [i["id"] for i in fu.load_follow_ups()] == ["1"]
    path.write_text("{not json", encoding="utf-8")
    assert fu.load_follow_ups() == []
    assert list(work_dir.glob("module03-followups.damaged-*.json"))


def test_exports_escape_what_was_typed(work_dir: Path) -> None:
    fu.add_follow_up("<script>alert(1)</script> *urgent*", "# call", date(2026, 1, 2))
    md, page = fu.export_follow_ups(date(2026, 1, 5))
    text, markup = md.read_text(encoding="utf-8"), page.read_text(encoding="utf-8")
    assert "<script>" not in text and "&lt;script&gt;" in text and r"\*urgent\*" in text
    assert "Promised: \\# call" in text
    assert "**Overdue**" in text
    assert "<script>" not in markup and "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    assert "Overdue" in markup and '<html lang="en">' in markup


def test_markdown_of_nothing_says_so() -> None:
    assert "No follow-ups logged yet." in fu.follow_ups_markdown({}, date(2026, 1, 1))
    assert "No follow-ups logged yet." in fu.follow_ups_markdown({"items": "x"})
