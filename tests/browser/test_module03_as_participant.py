"""Module 3 worked through as a participant would, in JupyterLab and Chromium.

Make a loans extract safer in the privacy lab (until k ≥ 5), choose a retention period and
save; log a follow-up, see it flagged overdue on a later "today", close it; answer a desk
scenario; restart the kernel and find the plan and the follow-ups back; then hostile input
is shown as typed. Screenshots of the two main widgets are saved for the README
(``docs/images/module03-*.png``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext

from .axe import describe, run_axe
from .clean import assert_clean_and_accessible
from .conftest import README_IMAGES, JupyterServer
from .lab import Lab

pytestmark = pytest.mark.browser

NOTEBOOK = "notebooks/03-building-rapport-and-trust.ipynb"
IMAGES = README_IMAGES  # docs/images/ only when asked (COURSE_KIT_README_IMAGES=1)


def fill(field, text: str) -> None:
    field.fill(text)
    field.press("Tab")  # the widgets send their value when the field loses focus


def test_privacy_lab_and_tracker_survive_a_restart(
    lab: Lab, jupyter_server: JupyterServer, screenshot_dir: Path, axe_script: Path
) -> None:
    lab.open_notebook(NOTEBOOK)
    lab.run_all()
    assert_clean_and_accessible(lab, NOTEBOOK, axe_script, screenshot_dir)
    nb = lab.notebook()

    # The privacy lab: as held, k = 1; leave out three columns and k reaches 10.
    privacy = nb.locator(".course-kit-privacy-lab")
    privacy.get_by_text("k = 1: below the target of 5").wait_for()
    for label in ("Neighborhood", "Home branch", "Day the card was issued"):
        privacy.get_by_label(label).select_option(label="leave out")
    privacy.get_by_text("k = 10: every patron shares their row").wait_for()
    privacy.get_by_role("button", name="Save my plan").click()
    privacy.get_by_text("the plan is not finished yet").wait_for()
    privacy.get_by_label("Keep the link to loans").select_option(
        label="Keep for 30 days after return")
    fill(privacy.get_by_label("Why that period?"), "Long enough to sort out a disputed return.")
    privacy.get_by_role("button", name="Save my plan").click()
    privacy.get_by_text("Saved. Your plan reaches k = 10.").wait_for()
    privacy.get_by_role("button", name="Export for my portfolio").click()
    privacy.get_by_role("link", name="Download module03-privacy.html").wait_for()
    lab.page.set_viewport_size({"width": 1280, "height": 1400})
    privacy.scroll_into_view_if_needed()
    lab.screenshot(privacy, screenshot_dir / "module03-privacy-lab.png")
    lab.screenshot(privacy, IMAGES / "module03-privacy-lab.png")
    lab.page.set_viewport_size({"width": 1280, "height": 900})

    saved = json.loads((jupyter_server.work_dir / "module03-privacy.json").read_text())
    assert saved["complete"] is True and saved["plan"]["k"] == 10
    assert saved["plan"]["levels"]["registered_on"] == "drop"

    # The follow-up tracker: an empty promise is refused and the request stays typed.
    tracker = nb.locator(".course-kit-followup-tracker")
    fill(tracker.get_by_label("Patron asked for"), "Large-print copy of a novel")
    tracker.get_by_label("By (date)").fill("2026-03-03")
    tracker.get_by_label("By (date)").press("Tab")
    tracker.get_by_role("button", name="Log follow-up").click()
    tracker.get_by_text("Please write the promise").wait_for()
    assert tracker.get_by_label("Patron asked for").input_value() == \
        "Large-print copy of a novel"
    fill(tracker.get_by_label("I promised to"), "Call her when it arrives")
    tracker.get_by_role("button", name="Log follow-up").click()
    tracker.get_by_text("Logged and saved.").wait_for()
    tracker.get_by_label("Today is").fill("2026-03-05")
    tracker.get_by_label("Today is").press("Tab")
    tracker.get_by_text("1 follow-up(s) overdue on 2026-03-05").wait_for()
    tracker.locator(".course-kit-followups").get_by_text("Overdue").wait_for()
    tracker.scroll_into_view_if_needed()
    lab.screenshot(tracker, screenshot_dir / "module03-followup-tracker.png")
    lab.screenshot(tracker, IMAGES / "module03-followup-tracker.png")
    fill(tracker.get_by_label("Outcome"), "Called; it is on hold for her")
    tracker.get_by_role("button", name="Close follow-up").click()
    tracker.get_by_text("Closed: Large-print copy of a novel.").wait_for()

    items = json.loads((jupyter_server.work_dir / "module03-followups.json").read_text())["items"]
    assert [(i["status"], i["outcome"]) for i in items] == [
        ("closed", "Called; it is on hold for her")]

    # The welcome audit: the data about Riverside, and one answer saved.
    welcome = nb.locator(".course-kit-welcome-audit")
    welcome.get_by_label("Branch").select_option("Riverside")
    welcome.get_by_text("Spanish (32%)", exact=False).wait_for()
    welcome.get_by_label("Did someone greet you", exact=False).select_option("no")
    welcome.get_by_text("Saved. Riverside: 0 yes, 1 no").wait_for()

    # A desk scenario: the consequence is explained.
    scenario = nb.locator(".course-kit-scenario").filter(has_text="permit")
    scenario.get_by_label("Say \"I'm not sure. Let me check with you,\"", exact=False).check()
    scenario.get_by_role("button", name="See what happens").click()
    scenario.get_by_text("Builds trust.").wait_for()

    # Restart the kernel and run everything again: the plan and the follow-up come back.
    lab.restart_kernel()
    lab.run_all()
    nb = lab.notebook()
    privacy = nb.locator(".course-kit-privacy-lab")
    privacy.get_by_text("Your plan is back").wait_for()
    privacy.get_by_text("k = 10: every patron shares their row").wait_for()
    assert privacy.get_by_label("Why that period?").input_value().startswith("Long enough")
    tracker = nb.locator(".course-kit-followup-tracker")
    tracker.get_by_text("1 follow-ups are back").wait_for()
    tracker.locator(".course-kit-followups").get_by_text("Large-print copy of a novel").wait_for()

    # At 768 px wide (a tablet, or a half screen) nothing spills out sideways.
    lab.page.set_viewport_size({"width": 768, "height": 1000})
    welcome = nb.locator(".course-kit-welcome-audit")
    for widget in (privacy, tracker, welcome):
        widget.scroll_into_view_if_needed()
        assert widget.evaluate("e => e.scrollWidth <= e.clientWidth + 1")
    lab.page.set_viewport_size({"width": 1280, "height": 900})

    # Hostile input is shown as typed; too long a promise is refused and kept as typed.
    fill(tracker.get_by_label("Patron asked for"), "<img src=x onerror=alert(1)> help")
    fill(tracker.get_by_label("I promised to"), "x" * 301)
    tracker.get_by_label("By (date)").fill("2026-04-01")
    tracker.get_by_label("By (date)").press("Tab")
    tracker.get_by_role("button", name="Log follow-up").click()
    tracker.get_by_text("300 or fewer").wait_for()
    assert tracker.get_by_label("I promised to").input_value() == "x" * 301
    fill(tracker.get_by_label("I promised to"), "Email the form")
    tracker.get_by_role("button", name="Log follow-up").click()
    table = tracker.locator(".course-kit-followups")
    table.get_by_text("<img src=x onerror=alert(1)> help").wait_for()
    assert table.locator("img").count() == 0
    assert lab.problems() == {"error_outputs": [], "widget_errors": [], "unrendered_widgets": []}


def test_exported_pages_have_no_accessibility_violations(
    browser_context: BrowserContext, axe_script: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import date

    from course_kit.data import load_patrons
    from course_kit.modules.module03 import followups, privacy, winback

    monkeypatch.setenv("COURSE_KIT_WORK_DIR", str(tmp_path))
    followups.add_follow_up("Large-print novel <b>", "Call when it arrives", date(2026, 3, 3))
    plan = privacy.PrivacyPlan(load_patrons())
    plan.levels = {**plan.levels, "neighbourhood_id": "drop", "home_branch_id": "drop",
                   "registered_on": "drop"}
    plan.retention, plan.reason = privacy.RETENTION[0], "Only while the item is out."
    ideas = winback.WinBackPlan(["65+"])
    ideas.set_idea("65+", "Home delivery")
    from course_kit.modules.module03.welcome import welcome_html

    welcome = tmp_path / "module03-welcome.html"
    welcome.write_text(welcome_html({"branches": {"Riverside": {"greeting": "no"}}}),
                       encoding="utf-8")
    pages = [followups.export_follow_ups(date(2026, 3, 5))[1], plan.export()[1],
             ideas.export()[1], welcome]
    page = browser_context.new_page()
    try:
        for path in pages:
            page.goto(path.as_uri())
            violations = run_axe(page, axe_script)
            assert violations == [], f"{path.name}: {describe(violations)}"
    finally:
        page.close()
