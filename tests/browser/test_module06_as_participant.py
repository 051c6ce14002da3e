"""Module 6 worked through as a participant would, in JupyterLab and Chromium.

Compare the three recommendations for a title (a title search, a higher minimum number of
borrowers, the opt-in box), choose one and save; build a learning plan from a common goal,
fix a bad date and save; plan a program from a group and save; restart the kernel and find
all three back. Screenshots of the three widgets are saved for the README
(``docs/images/module06-*.png``).
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from .clean import assert_clean_and_accessible
from .conftest import README_IMAGES, JupyterServer
from .lab import Lab

pytestmark = pytest.mark.browser

NOTEBOOK = "notebooks/06-personalized-service.ipynb"
IMAGES = README_IMAGES  # docs/images/ only when asked (COURSE_KIT_README_IMAGES=1)


def fill(field, text: str) -> None:
    field.fill(text)
    field.press("Tab")  # the widgets send their value when the field loses focus


def shoot(lab: Lab, widget, name: str, screenshot_dir: Path) -> None:
    lab.page.set_viewport_size({"width": 1280, "height": 1400})
    widget.scroll_into_view_if_needed()
    lab.screenshot(widget, screenshot_dir / name)
    lab.screenshot(widget, IMAGES / name)
    lab.page.set_viewport_size({"width": 1280, "height": 900})


def test_three_widgets_save_and_survive_a_restart(
    lab: Lab, jupyter_server: JupyterServer, screenshot_dir: Path, axe_script: Path
) -> None:
    lab.open_notebook(NOTEBOOK)
    lab.run_all()
    assert_clean_and_accessible(lab, NOTEBOOK, axe_script, screenshot_dir)
    nb = lab.notebook()
    work = jupyter_server.work_dir

    # The recommender: find a title, raise the minimum, try opt-in, choose and save.
    advisor = nb.locator(".course-kit-recommender")
    advisor.get_by_text("For:").first.wait_for()
    fill(advisor.get_by_label("Or find a title"), "zzqx no such book")
    advisor.get_by_text("No title in the catalog contains").wait_for()
    fill(advisor.get_by_label("Or find a title"), "Lantern Case")
    advisor.get_by_text("Showing suggestions for The Lantern Case").wait_for()
    lists = advisor.locator(".course-kit-suggestions")
    lists.get_by_text("The Ferry Case").first.wait_for()
    advisor.get_by_label("Show a co-borrowed title only if").select_option("10")
    advisor.get_by_text("fewer than 10 people").wait_for()
    fill(advisor.get_by_label("Why"), "She reads a series in order, so volume 2 comes next.")
    advisor.get_by_role("button", name="Save my choice").click()
    advisor.get_by_text("Choose which suggestion you would offer").wait_for()
    assert advisor.get_by_label("Why").input_value().startswith("She reads a series")
    advisor.get_by_label("Use only the loan histories of borrowers who opted in").check()
    advisor.get_by_text("Not enough borrowers in common").wait_for()
    advisor.get_by_role("radio", name="Similar in the catalog").check()
    advisor.get_by_role("button", name="Save my choice").click()
    advisor.get_by_text("Saved. Your choice will be here").wait_for()
    advisor.get_by_role("button", name="Export for my portfolio").click()
    advisor.get_by_role("link", name="Download recommendation.html").wait_for()
    shoot(lab, advisor, "module06-recommender.png", screenshot_dir)
    saved = json.loads((work / "module06-recommendation.json").read_text())
    assert saved["complete"] is True
    assert saved["recommendation"]["choice"] == "similar"
    assert saved["recommendation"]["min_support"] == 10
    assert saved["recommendation"]["opt_in_only"] is True

    # The learning plan: start from a goal, a bad date gets a message, then save.
    plan = nb.locator(".course-kit-learning-plan")
    plan.get_by_label("Start from a common goal").select_option("Learn to use an e-reader")
    plan.get_by_role("button", name="Use this goal").click()
    plan.get_by_text("The plan now starts from this goal").wait_for()
    assert plan.get_by_label("Goal", exact=True).input_value() == "Learn to use an e-reader"
    fill(plan.get_by_label("By (date) 2"), "next Tuesday")
    plan.get_by_role("button", name="Save plan").click()
    plan.get_by_text("'next Tuesday' is not a date").wait_for()
    assert plan.get_by_label("By (date) 2").input_value() == "next Tuesday"
    fill(plan.get_by_label("By (date) 2"), (date.today() + timedelta(days=14)).isoformat())
    fill(plan.get_by_label("How we check in"), "a phone call")
    plan.get_by_role("button", name="Save plan").click()
    plan.get_by_text("Saved. Your plan will be here").wait_for()
    plan.get_by_role("button", name="Export for my portfolio").click()
    plan.get_by_role("link", name="Download learning-plan-learn-to-use-an-e-reader.md").wait_for()
    shoot(lab, plan, "module06-learning-plan.png", screenshot_dir)
    saved = json.loads((work / "module06-learning-plan.json").read_text())
    assert saved["complete"] is True and len(saved["plan"]["steps"]) == 3

    # The program planner: start from a group, the evidence follows, save.
    planner = nb.locator(".course-kit-program-planner")
    planner.get_by_label("Start from a group").select_option("Teens")
    planner.get_by_role("button", name="Use this group").click()
    planner.get_by_text("What Millbrook ran for teens").wait_for()
    planner.get_by_text("After-School Maker Club").wait_for()
    fill(planner.get_by_label("Their need"), "Somewhere to go after school, with computers")
    fill(planner.get_by_label("Program name"), "Teen Tech Lab")
    planner.get_by_role("button", name="Save program").click()
    planner.get_by_text("Choose a format").wait_for()
    for label, option in (("Format", "club"), ("Day", "Tuesday"),
                          ("Time", "after school (3-6)"), ("Promote it by", "text message"),
                          ("Outcome to measure",
                           "confidence: I feel more confident about what I just learned")):
        planner.get_by_label(label, exact=True).select_option(label=option)
    planner.get_by_role("button", name="Save program").click()
    planner.get_by_text("Saved. Your program will be here").wait_for()
    shoot(lab, planner, "module06-program-planner.png", screenshot_dir)
    saved = json.loads((work / "module06-program.json").read_text())
    assert saved["complete"] is True and saved["program"]["outcome"] == "confidence"

    # Restart the kernel and run everything again: all three come back.
    lab.restart_kernel()
    lab.run_all()
    nb = lab.notebook()
    advisor = nb.locator(".course-kit-recommender")
    advisor.get_by_text("Your saved choice is back").wait_for()
    assert advisor.get_by_label("Why").input_value().startswith("She reads a series")
    assert advisor.get_by_label("Use only the loan histories of borrowers who opted in") \
        .is_checked()
    plan = nb.locator(".course-kit-learning-plan")
    plan.get_by_text("Your saved plan is back").wait_for()
    assert plan.get_by_label("How we check in").input_value() == "a phone call"
    planner = nb.locator(".course-kit-program-planner")
    planner.get_by_text("Your saved program is back").wait_for()
    assert planner.get_by_label("Program name").input_value() == "Teen Tech Lab"

    # At 768 px wide nothing spills out sideways.
    lab.page.set_viewport_size({"width": 768, "height": 1000})
    for widget in (advisor, plan, planner):
        widget.scroll_into_view_if_needed()
        assert widget.evaluate("e => e.scrollWidth <= e.clientWidth + 1")
    lab.page.set_viewport_size({"width": 1280, "height": 900})
    assert lab.problems() == {"error_outputs": [], "widget_errors": [], "unrendered_widgets": []}
