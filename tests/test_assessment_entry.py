"""The participant's side of a graded assessment: forgiving entry, form checks, saved work."""

from __future__ import annotations

import pytest

from course_kit import assessment as entry
from course_kit.storage import WorkStore


@pytest.mark.parametrize(("typed", "meant"), [
    ("b", "b"), ('"B "', "b"), ("(c)", "c"), ("d)", "d"), (" A.", "a"), ("e", None),
    ("ab", None), (True, None), (None, None), (entry.____, None)])
def test_letters_as_librarians_type_them(typed: object, meant: str | None) -> None:
    value = typed.strip('"') if isinstance(typed, str) and typed.startswith('"') else typed
    assert entry.normalise_choice(value, "abcd") == meant


def test_names_for_the_letters_and_yes_no() -> None:
    assert (entry.b, entry.B, entry.yes, entry.no, entry.true) == ("b", "b", True, False, True)


@pytest.mark.parametrize(("typed", "meant"), [
    ("yes", True), ("No", False), ("TRUE", True), ("f", False), (1, True), (0, False),
    ("maybe", None), (2, None)])
def test_true_and_false(typed: object, meant: bool | None) -> None:
    assert entry.normalise_bool(typed) is meant


@pytest.mark.parametrize(("typed", "meant"), [
    (32.5, 32.5), ("32,5", 32.5), ("1,234", 1234.0), ("32.5 %", 32.5), ("$19.50", 19.5),
    ("forty", 40.0), (" 7 ", 7.0), ("about 30", None), (True, None), (float("nan"), None),
    ("1,2,3", None), ("", None)])
def test_numbers(typed: object, meant: float | None) -> None:
    assert entry.parse_number(typed) == meant


def test_form_check_says_what_is_wrong_without_the_key(capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(AssertionError, match="Not answered yet"):
        entry.check_form(entry.____, "choice")
    with pytest.raises(AssertionError, match="one letter: a, b, c, d"):
        entry.check_form("z", "choice")
    with pytest.raises(AssertionError, match="not a number"):
        entry.check_form("lots", "number")
    entry.check_form("c", "choice")
    assert "right form" in capsys.readouterr().out


def test_saved_work_is_shown_formatted_and_escaped(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("COURSE_KIT_WORK_DIR", str(tmp_path))
    WorkStore("notes").save({"m01-targeted-service": {
        "text": "Story time <script>alert(1)</script> & [a link](javascript:x)",
        "saved_at": "2026-11-29 10:00"}})
    html = entry.show_saved_work("notes#m01-targeted-service", "module01-persona").data
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "&amp;lt;" not in html  # escaped once, not twice
    assert 'href="javascript' not in html
    assert "Not done yet" in html  # no persona saved in this test's work folder
