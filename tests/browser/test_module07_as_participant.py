"""Module 7 worked through as a participant would, in JupyterLab and Chromium.

Change the base in the analytics explorer, plan posts in the content-calendar builder, export
the calendar, answer a self-check, restart the kernel and find the calendar back; then bad
input gets a plain message and keeps the typing. Screenshots of the widgets go to
``test-artifacts/screenshots/`` and, for the README, ``docs/images/``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from .clean import assert_clean_and_accessible
from .conftest import README_IMAGES, JupyterServer
from .lab import Lab

pytestmark = pytest.mark.browser

NOTEBOOK = "notebooks/07-digital-engagement.ipynb"
IMAGES = README_IMAGES  # docs/images/ only when asked (COURSE_KIT_README_IMAGES=1)
EVENT = "Health Fair, Sat 26 Apr 2025 (Hillcrest Branch, for all)"


def fill(field, text: str) -> None:
    field.fill(text)
    field.press("Tab")  # the widgets send their value when the field loses focus


def shot(lab: Lab, locator, screenshot_dir: Path, name: str) -> None:
    path = lab.screenshot(locator, screenshot_dir / name)
    IMAGES.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, IMAGES / name)


def add_item(builder, channel: str, day: str, time: str, message: str, alt: str) -> None:
    builder.get_by_label("Channel").select_option(channel)
    fill(builder.get_by_label("Date", exact=True), day)
    fill(builder.get_by_label("Time", exact=True), time)
    fill(builder.get_by_label("Message", exact=True), message)
    fill(builder.get_by_label("Image alt text"), alt)
    add = builder.get_by_role("button", name="Add to calendar")
    add.click()
    # On a loaded machine the last field's value can reach the kernel just after the click
    # (CI once saw "Not added yet ... Write the image's alt text" with the text in the
    # field). What was typed is kept, so a second click adds it, as it would for a person.
    refused = builder.get_by_text("Not added yet; what you typed is kept. Write the image's")
    added = builder.get_by_text(f"Added: {channel} on {day}")
    added.or_(refused).first.wait_for()
    if not added.is_visible():
        add.click()


def test_calendar_is_planned_exported_and_survives_a_restart(
    lab: Lab, jupyter_server: JupyterServer, screenshot_dir: Path, axe_script: Path
) -> None:
    lab.open_notebook(NOTEBOOK)
    lab.run_all()
    assert_clean_and_accessible(lab, NOTEBOOK, axe_script, screenshot_dir)
    nb = lab.notebook()

    # The analytics explorer: per follower, TikTok leads and Facebook trails.
    explorer = nb.locator(".course-kit-analytics")
    explorer.get_by_label("Engagements per").select_option("followers")
    explorer.get_by_text("Per followers: TikTok has the highest rate").wait_for()
    explorer.scroll_into_view_if_needed()
    shot(lab, explorer, screenshot_dir, "module07-analytics.png")

    # The calendar builder: an event, two items, an export.
    builder = nb.locator(".course-kit-calendar-builder")
    builder.get_by_label("Event to promote").select_option(label=EVENT)
    add_item(builder, "Facebook", "2025-04-12", "18:30",
             "Our free Health Fair is on Saturday, April 26, at Hillcrest. Come and meet "
             "local nurses.", "A nurse takes a man's blood pressure at a library table")
    builder.get_by_text("Added: Facebook on 2025-04-12 at 18:30").wait_for()
    add_item(builder, "Newsletter", "2025-04-24", "09:00",
             "Free health checks at Hillcrest this Saturday. Bring a friend.",
             "Leaflets and a blood pressure cuff on a table")
    builder.get_by_text("Added: Newsletter on 2025-04-24").wait_for()
    warnings = builder.locator(".course-kit-calendar-warnings")
    warnings.get_by_text("Gap: nothing between Sat 29 Mar and Sat 12 Apr").wait_for()
    assert "No newsletter yet" not in warnings.text_content()
    calendar = builder.locator(".course-kit-calendar")
    calendar.get_by_text("EVENT: Health Fair").wait_for()
    assert "18:30 Facebook" in calendar.text_content()
    builder.get_by_role("button", name="Export for my portfolio").click()
    builder.get_by_role("link", name="Download content-calendar-health-fair.csv").wait_for()
    lab.page.set_viewport_size({"width": 1280, "height": 1600})
    builder.scroll_into_view_if_needed()
    shot(lab, builder, screenshot_dir, "module07-calendar-builder.png")
    lab.page.set_viewport_size({"width": 1280, "height": 900})

    # At 768 px (a tablet, or a laptop with the file browser open) nothing spills sideways.
    lab.page.set_viewport_size({"width": 768, "height": 900})
    lab.page.wait_for_timeout(300)
    for widget in (builder, explorer, nb.locator(".course-kit-chat-review")):
        assert widget.evaluate("el => el.scrollWidth <= el.clientWidth + 2"), widget
    lab.page.set_viewport_size({"width": 1280, "height": 900})

    saved = json.loads((jupyter_server.work_dir / "module07-calendar.json").read_text())
    assert saved["event"]["title"] == "Health Fair"
    assert [e["channel"] for e in saved["entries"]] == ["Facebook", "Newsletter"]
    csv_text = (jupyter_server.work_dir / "content-calendar-health-fair.csv").read_text()
    assert csv_text.startswith("publish_at,channel")

    # The chat review: judge chat B, compare with the course's reading.
    review = nb.locator(".course-kit-chat-review")
    review.get_by_label("Chat", exact=True).select_option(label="Chat B: A book for a book club")
    review.get_by_text("checked out").wait_for()
    verdicts = {"Inclusion": "not seen", "Approachability": "missing", "Engagement": "missing",
                "Searching": "missing", "Evaluation": "not seen", "Closure": "shown"}
    for area, verdict in verdicts.items():
        review.get_by_label(area, exact=True).select_option(verdict)
    review.get_by_role("button", name="Compare with the course's reading").click()
    review.get_by_text("You and the course agree on 5 of 6 areas.").wait_for()
    lab.page.set_viewport_size({"width": 1280, "height": 1400})
    review.evaluate("el => el.scrollIntoView({block: 'center'})")
    shot(lab, review, screenshot_dir, "module07-chat-review.png")
    lab.page.set_viewport_size({"width": 1280, "height": 900})

    # A self-check question: a wrong answer, then the right one.
    question = nb.locator(".course-kit-question").filter(has_text="highest engagement rate per")
    question.get_by_label("a) Facebook").check()
    question.get_by_role("button", name="Check").click()
    question.get_by_text("Not quite.").wait_for()
    question.get_by_label("c) TikTok").check()
    question.get_by_role("button", name="Check").click()
    question.get_by_text("Correct.").wait_for()

    # Restart the kernel and run everything again: the calendar comes back.
    lab.restart_kernel()
    lab.run_all()
    builder = lab.notebook().locator(".course-kit-calendar-builder")
    builder.get_by_text("Your calendar is back from module07-calendar.json: 2 item(s).").wait_for()
    assert "18:30 Facebook" in builder.locator(".course-kit-calendar").text_content()
    review = lab.notebook().locator(".course-kit-chat-review")
    assert review.get_by_label("Closure", exact=True).input_value() == "shown"
    assert lab.problems() == {"error_outputs": [], "widget_errors": [], "unrendered_widgets": []}

    # Bad input gets a message and keeps the typing. No alt text (and, after the restart,
    # no event chosen): a plain message; the typing stays.
    nb = lab.notebook()
    fill(builder.get_by_label("Message", exact=True), "Come to the fair!")
    builder.get_by_role("button", name="Add to calendar").click()
    builder.get_by_text("Not added yet; what you typed is kept.").wait_for()
    assert builder.get_by_label("Message", exact=True).input_value() == "Come to the fair!"
    # A time that is not a time.
    builder.get_by_label("Event to promote").select_option(label=EVENT)
    fill(builder.get_by_label("Image alt text"), "A crowd at a fair")
    fill(builder.get_by_label("Time", exact=True), "half past six")
    builder.get_by_role("button", name="Add to calendar").click()
    builder.get_by_text("is not a time").wait_for()
    # Saving an empty forum reply.
    notes = nb.locator(".course-kit-notes").filter(has_text="public reply")
    notes.get_by_role("button", name="Save my notes").click()
    notes.get_by_text("The note is empty").wait_for()
    assert lab.problems() == {"error_outputs": [], "widget_errors": [], "unrendered_widgets": []}


def test_exported_calendar_page_has_no_violations(browser_context, axe_script: Path,
                                                  tmp_path: Path) -> None:
    from datetime import timedelta

    from course_kit.data import load_programs
    from course_kit.modules.module07.calendar import ContentCalendar, promotable_events

    from .axe import describe, run_axe

    events = promotable_events(load_programs())
    calendar = ContentCalendar()
    calendar.set_event(events[events["title"] == "Health Fair"].iloc[0].to_dict())
    for days, channel in ((20, "Facebook"), (9, "Newsletter"), (1, "Instagram")):
        calendar.add(channel, calendar.event_day - timedelta(days=days), "10:00", "everyone",
                     "Free health checks at Hillcrest <on Saturday>.", "A nurse at a table")
    _csv, page_file, _md = calendar.export(tmp_path)
    page = browser_context.new_page()
    try:
        page.goto(page_file.as_uri())
        violations = run_axe(page, axe_script)
    finally:
        page.close()
    assert violations == [], describe(violations)
