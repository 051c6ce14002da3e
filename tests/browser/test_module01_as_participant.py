"""Module 1 worked through as a participant would, in JupyterLab and Chromium.

Fill in the persona builder, save, use the segment explorer and a self-check question,
restart the kernel, and find the persona back. Screenshots of the main widgets are saved
for the README (``test-artifacts/screenshots/``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .clean import assert_clean_and_accessible
from .conftest import JupyterServer
from .lab import Lab

pytestmark = pytest.mark.browser

NOTEBOOK = "notebooks/01-understanding-library-users.ipynb"
QUESTION_7 = 18  # the cell "answer_7 = ____ / quiz.q7.check()"
RUN_CELL = """async ([index, source]) => {
    const notebook = window.jupyterapp.shell.currentWidget.content;
    notebook.activeCellIndex = index;
    notebook.widgets[index].model.sharedModel.setSource(source);
    await window.jupyterapp.commands.execute('notebook:run-cell');
}"""


def fill(field, text: str) -> None:
    field.fill(text)
    field.press("Tab")  # the widgets send their value when the field loses focus


def test_persona_builder_saves_and_survives_a_restart(
    lab: Lab, jupyter_server: JupyterServer, screenshot_dir: Path, axe_script: Path
) -> None:
    lab.open_notebook(NOTEBOOK)
    lab.run_all()
    assert_clean_and_accessible(lab, NOTEBOOK, axe_script, screenshot_dir)
    nb = lab.notebook()

    # The segment explorer: add a kind of use, then turn the first segment into a persona.
    explorer = nb.locator(".course-kit-segment-explorer")
    explorer.get_by_label("program visits").check()
    explorer.locator(".course-kit-segment-chart").get_by_text("Program-goers").first.wait_for()
    explorer.get_by_role("button", name="Turn into a persona").click()
    explorer.get_by_text("The persona builder now starts from this segment").wait_for()
    lab.page.set_viewport_size({"width": 1280, "height": 1400})
    explorer.scroll_into_view_if_needed()
    lab.screenshot(explorer, screenshot_dir / "module01-segment-explorer.png")
    lab.page.set_viewport_size({"width": 1280, "height": 900})

    builder = nb.locator(".course-kit-persona-builder")
    builder.get_by_text("Based on: Segment 1").first.wait_for()
    fill(builder.get_by_label("Name", exact=True), "Rosa")
    fill(builder.get_by_label("Occupation"), "night-shift nurse")
    fill(builder.get_by_label("Goals"), "Read on the bus\nHelp my son with homework")
    fill(builder.get_by_label("Needs"), "E-books\nHomework help after 6 pm")
    fill(builder.get_by_label("Quote"), "I never get there before it closes.")
    builder.get_by_label("text message").check()
    builder.get_by_role("button", name="Save persona").click()
    builder.get_by_text("Saved. Rosa will be here when you come back.").wait_for()
    builder.locator(".course-kit-persona").get_by_text("Rosa, age").wait_for()
    builder.get_by_role("button", name="Export for my portfolio").click()
    builder.get_by_role("link", name="Download persona-rosa.html").wait_for()
    builder.scroll_into_view_if_needed()
    lab.screenshot(builder, screenshot_dir / "module01-persona-builder.png")

    saved = json.loads((jupyter_server.work_dir / "module01-persona.json").read_text())
    assert saved["complete"] is True
    assert saved["persona"]["name"] == "Rosa"
    assert "text message" in saved["persona"]["channels"]
    assert (jupyter_server.work_dir / "persona-rosa.html").exists()

    # A self-check question: a wrong answer, then the right one.
    question = nb.locator(".course-kit-question").filter(has_text="fewest library cards")
    question.get_by_label("a) 0-12").check()
    question.get_by_role("button", name="Check").click()
    question.get_by_text("Not quite.").wait_for()
    question.get_by_label("b) 13-17").check()
    question.get_by_role("button", name="Check").click()
    question.get_by_text("Correct.").wait_for()
    lab.screenshot(question, screenshot_dir / "module01-question.png")

    # Restart the kernel and run everything again: the work comes back.
    lab.restart_kernel()
    lab.run_all()
    builder = lab.notebook().locator(".course-kit-persona-builder")
    builder.get_by_text("Your saved persona is back").wait_for()
    assert builder.get_by_label("Name", exact=True).input_value() == "Rosa"
    assert builder.get_by_label("text message").is_checked()
    question = lab.notebook().locator(".course-kit-question").filter(
        has_text="fewest library cards")
    assert question.get_by_label("b) 13-17").is_checked()
    assert lab.problems() == {"error_outputs": [], "widget_errors": [], "unrendered_widgets": []}


def test_bad_input_gets_a_message_not_a_traceback(lab: Lab) -> None:
    lab.open_notebook(NOTEBOOK)
    lab.run_all()
    nb = lab.notebook()
    # Saving an unfinished persona: a plain message, and the typed name stays.
    builder = nb.locator(".course-kit-persona-builder")
    fill(builder.get_by_label("Name", exact=True), "Ana")
    builder.get_by_label("Goals").fill("")
    builder.get_by_label("Goals").press("Tab")
    builder.get_by_role("button", name="Save persona").click()
    builder.get_by_text("Your draft is kept").wait_for()
    assert builder.get_by_label("Name", exact=True).input_value() == "Ana"
    # Unticking every kind of use in the explorer: a message, the old result stays.
    explorer = nb.locator(".course-kit-segment-explorer")
    for box in explorer.get_by_role("checkbox").all():
        box.uncheck()
    explorer.get_by_text("Pick at least one kind of use").wait_for()
    # Saving an empty note.
    notes = nb.locator(".course-kit-notes").filter(has_text="one need")
    notes.get_by_role("button", name="Save my notes").click()
    notes.get_by_text("The note is empty").wait_for()
    assert lab.problems()["error_outputs"] == []
    # A number answer typed as a word, or with a percent sign, in the cell of question 7:
    # one plain line, no traceback (the kit's kernel set-up).
    for typed, said in (("forty", "Type the number in digits: answer_7 = 40"),
                        ("32.5%", "Type the number alone: answer_7 = 32.5")):
        lab.page.evaluate(RUN_CELL, [QUESTION_7, f"answer_7 = {typed}\nquiz.q7.check()"])
        lab.wait_for_idle()
        shown = lab.cell(QUESTION_7).locator(".jp-OutputArea-output").inner_text()
        assert said in shown, shown
        assert "Traceback" not in shown and "Error" not in shown and len(
            shown.strip().splitlines()) == 1, shown
