"""The action-plan workbook, as a participant who did Modules 1-3 only, in JupyterLab.

Their persona, targeted-service note and follow-up are in ``my_work/`` beforehand. They open
notebook 11, see that work in steps 1-2 and empty boxes with links elsewhere, write their
name, answer a step, try a vague goal (refused, text kept) then a SMART one (kept), make the
portfolio, open it (0 axe violations), restart the kernel and find everything back.
Screenshots for the README go to ``docs/images/actionplan-*.png``.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from course_kit.modules.module01.personas import Persona
from course_kit.modules.module03.followups import add_follow_up
from course_kit.storage import WorkStore
from course_kit.widgets.notes import NotesModel

from .axe import describe, run_axe
from .clean import assert_clean_and_accessible
from .conftest import README_IMAGES, JupyterServer
from .lab import Lab

pytestmark = pytest.mark.browser

NOTEBOOK = "notebooks/11-action-plan.ipynb"
IMAGES = README_IMAGES  # docs/images/ only when asked (COURSE_KIT_README_IMAGES=1)
NAME = "Zoë O'Brien-Núñez"


def fill(field, text: str) -> None:
    field.fill(text)
    field.press("Tab")  # the widgets send their value when the field loses focus


def _did_modules_1_to_3(folder: Path) -> None:
    # A participant who did Modules 1-3 only: nothing else saved (the browser session's work
    # folder is shared with the other modules' tests).
    for saved in folder.glob("*.json"):
        saved.unlink()
    persona = Persona()
    persona.update({"name": "Lucía", "occupation": "night-shift nurse",
                    "goals": "Story time after work", "needs": "Evening hours"})
    persona.save(WorkStore("module01-persona", directory=folder))
    note = NotesModel("m01-targeted-service", store=WorkStore("notes", directory=folder))
    note.text = "An evening story time in Spanish at Riverside"
    note.save()
    add_follow_up("Large-print copy of a novel", "Call her when it arrives", date(2027, 1, 5),
                  store=WorkStore("module03-followups", directory=folder))



def test_plan_from_modules_1_to_3_to_a_portfolio(
    lab: Lab, jupyter_server: JupyterServer, screenshot_dir: Path, axe_script: Path
) -> None:
    work = jupyter_server.work_dir
    _did_modules_1_to_3(work)
    lab.open_notebook(NOTEBOOK)
    lab.run_all()
    assert_clean_and_accessible(lab, NOTEBOOK, axe_script, screenshot_dir)
    nb = lab.notebook()
    panels = nb.locator(".course-kit-plan-work")

    # Steps 1-2 show the saved work; later steps are empty, with a link to the module.
    needs = panels.nth(0)
    needs.get_by_text("Your work for this step: 2 of 4 pieces saved.").wait_for()
    needs.get_by_text("Lucía, age 35-64, night-shift nurse").wait_for()
    needs.get_by_text("An evening story time in Spanish at Riverside").wait_for()
    panels.nth(1).get_by_text("Large-print copy of a novel").wait_for()
    evaluation = panels.nth(6)
    evaluation.get_by_text("Your work for this step: 0 of 3 pieces saved.").wait_for()
    assert evaluation.get_by_role("link").first.get_attribute("href") == \
        "10-measuring-success.ipynb"
    lab.page.set_viewport_size({"width": 1280, "height": 1400})
    needs.scroll_into_view_if_needed()
    lab.screenshot(needs, screenshot_dir / "actionplan-saved-work.png")
    lab.screenshot(needs, IMAGES / "actionplan-saved-work.png")
    lab.page.set_viewport_size({"width": 1280, "height": 900})

    # About you: the name exactly as typed.
    about = nb.locator(".course-kit-plan-about")
    fill(about.get_by_label("Your name"), NAME)
    about.get_by_text("Saved your name").wait_for()
    fill(about.get_by_label("Your library"), "Millbrook Public Library")

    # Step 1: an answer, saved as typed.
    step1 = nb.locator(".course-kit-plan-needs")
    fill(step1.get_by_label("Which user groups matter most, and why?"),
         "Parents of young children who work days")
    step1.get_by_text("Saved 'Which user groups matter most").wait_for()

    # The goal builder: a vague goal is refused and stays typed; a SMART one is kept.
    goals = nb.locator(".course-kit-goal-builder")
    fill(goals.get_by_label("Goal: what changes, for whom"), "Improve engagement")
    goals.get_by_role("button", name="Keep this goal").click()
    goals.get_by_text("Not kept yet.", exact=False).wait_for()
    assert goals.get_by_label("Goal: what changes, for whom").input_value() == \
        "Improve engagement"
    fill(goals.get_by_label("Goal: what changes, for whom"),
         "Call back every patron whose hold is late within two days")
    fill(goals.get_by_label("Measure: what you will count"), "share of late holds called back")
    fill(goals.get_by_label("Target (with a number)"), "90%")
    fill(goals.get_by_label("Owner: who makes it happen"), "Circulation lead")
    fill(goals.get_by_label("By (date)"), "3/31/2027")
    # The checks follow the typing (each field is sent when it loses focus).
    expect(goals.locator(".ck-goal-checks li", has_text="not yet")).to_have_count(0)
    expect(goals.locator(".ck-goal-checks li", has_text="✔ yes")).to_have_count(4)
    goals.scroll_into_view_if_needed()
    lab.screenshot(goals, screenshot_dir / "actionplan-goal-builder.png")
    lab.screenshot(goals, IMAGES / "actionplan-goal-builder.png")
    goals.get_by_role("button", name="Keep this goal").click()
    goals.get_by_text("Kept: Call back every patron", exact=False).wait_for()

    # Step 4: a choice and a tick.
    step4 = nb.locator(".course-kit-plan-feedback")
    step4.get_by_label("How often?").select_option("every three months")
    step4.get_by_label("a focus group").check()
    step4.get_by_text("Saved 'How will you ask?'").wait_for()
    step4.scroll_into_view_if_needed()
    lab.screenshot(step4, screenshot_dir / "actionplan-feedback-step.png")
    lab.screenshot(nb.locator(".course-kit-plan-training"),
                   screenshot_dir / "actionplan-training-step.png")

    saved = json.loads((work / "actionplan.json").read_text(encoding="utf-8"))
    assert saved["participant"]["name"] == NAME
    assert saved["sections"]["feedback"] == {"frequency": "every three months",
                                             "instruments": ["a focus group"]}
    assert saved["goals"][0]["owner"] == "Circulation lead"

    # The portfolio.
    maker = nb.locator(".course-kit-portfolio-maker")
    maker.get_by_role("button", name="Make my portfolio").click()
    maker.get_by_text("Your portfolio has 4 pieces of work", exact=False).wait_for()
    maker.get_by_role("link", name="Download portfolio.pdf").wait_for()
    page_path = work / "portfolio.html"
    assert (work / "portfolio.pdf").read_bytes().startswith(b"%PDF")

    # At 768 px wide nothing spills out sideways.
    lab.page.set_viewport_size({"width": 768, "height": 1000})
    for widget in (goals, step1, step4, needs, nb.locator(".course-kit-plan-training")):
        widget.scroll_into_view_if_needed()
        assert widget.evaluate("e => e.scrollWidth <= e.clientWidth + 1")
    lab.page.set_viewport_size({"width": 1280, "height": 900})
    assert lab.problems() == {"error_outputs": [], "widget_errors": [], "unrendered_widgets": []}

    # Restart and run again: everything is back.
    lab.restart_kernel()
    lab.run_all()
    nb = lab.notebook()
    nb.locator(".course-kit-plan-about").get_by_text(f"Welcome back, {NAME}").wait_for()
    nb.locator(".course-kit-goal-builder").get_by_text("Your goal is back").wait_for()
    step1 = nb.locator(".course-kit-plan-needs")
    assert step1.get_by_label("Which user groups matter most, and why?").input_value() == \
        "Parents of young children who work days"
    assert nb.locator(".course-kit-plan-feedback").get_by_label("How often?").input_value() \
        == "every three months"

    # The portfolio page itself: accessible, escaped, with the name as typed.
    portfolio = lab.page.context.new_page()
    try:
        portfolio.goto(page_path.as_uri())
        portfolio.get_by_text(NAME).first.wait_for()
        portfolio.get_by_role("heading", name="Not done yet").wait_for()
        violations = run_axe(portfolio, axe_script)
        assert violations == [], describe(violations)
        portfolio.set_viewport_size({"width": 1000, "height": 1300})
        portfolio.screenshot(path=str(IMAGES / "actionplan-portfolio.png"))
        portfolio.screenshot(path=str(screenshot_dir / "actionplan-portfolio.png"))
    finally:
        portfolio.close()
