"""Module 2 worked through as a participant would, in JupyterLab and Chromium.

Rewrite the Riverside notice and compare the scores, export it; try the checker on Spanish
and on nothing; classify and rewrite a question; pick a reply; write and check the steps for
placing a hold; restart the kernel and find the work back. Screenshots of the main widgets are
saved for the README (``docs/images/module02-*.png``).
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

NOTEBOOK = "notebooks/02-effective-communication.ipynb"
IMAGES = README_IMAGES  # docs/images/ only when asked (COURSE_KIT_README_IMAGES=1)
REWRITE = ("Riverside no longer opens in the evening. This started on January 1, 2025, after a "
           "budget cut. Central and Eastside are still open in the evening. You can also borrow "
           "e-books and films online at any time. If you asked us to keep a book for you at "
           "Riverside, we will keep it for seven days.")
STEPS = ("1. Find the book in the search box on our website.\n2. Click Reserve it.\n"
         "3. Type your card number and password.\n"
         "4. Pick the branch where you want to collect it.\n"
         "5. We send you an email when it is ready.")


def fill(field, text: str) -> None:
    field.fill(text)
    field.press("Tab")  # the widgets send their value when the field loses focus


def test_rewrite_practice_and_instructions_survive_a_restart(
    lab: Lab, jupyter_server: JupyterServer, screenshot_dir: Path, axe_script: Path
) -> None:
    lab.open_notebook(NOTEBOOK)
    lab.run_all()
    assert_clean_and_accessible(lab, NOTEBOOK, axe_script, screenshot_dir)
    nb = lab.notebook()

    # The rewrite challenge: the Riverside notice, rewritten, scores side by side.
    rewrite = nb.locator(".course-kit-rewrite")
    rewrite.get_by_text("Please be advised that, effective January 1, 2025").wait_for()
    fill(rewrite.get_by_label("Your rewrite"), REWRITE)
    rewrite.get_by_role("button", name="Compare scores").click()
    rewrite.get_by_text("Saved. Grade 17.2 → 5.2.").wait_for()
    rewrite.get_by_text("Scores before and after your rewrite").wait_for()
    rewrite.get_by_role("button", name="Export for my portfolio").click()
    rewrite.get_by_role("link", name="Download module02-rewrite.html").wait_for()
    lab.page.set_viewport_size({"width": 1280, "height": 1400})
    rewrite.scroll_into_view_if_needed()
    lab.screenshot(rewrite, screenshot_dir / "module02-rewrite.png")
    lab.screenshot(rewrite, IMAGES / "module02-rewrite.png")
    lab.page.set_viewport_size({"width": 1280, "height": 900})
    saved = json.loads((jupyter_server.work_dir / "module02-rewrite.json").read_text())
    assert saved["drafts"]["notice-riverside-hours"] == REWRITE
    assert (jupyter_server.work_dir / "module02-rewrite.html").exists()

    # The free checker: Spanish gets a plain note, an empty box a prompt.
    checker = nb.locator(".course-kit-plain-checker")
    fill(checker.get_by_label("Text to check"),
         "Por favor abran más tarde, trabajo hasta las seis.")
    checker.get_by_role("button", name="Check my text").click()
    checker.get_by_text("looks like Spanish").first.wait_for()
    fill(checker.get_by_label("Text to check"), "")
    checker.get_by_role("button", name="Check my text").click()
    checker.get_by_text("There is no text to check yet").first.wait_for()

    # Question practice: the first question is closed; rewrite it as a neutral one.
    questions = nb.locator(".course-kit-question-practice")
    questions.get_by_role("button", name="closed").click()
    questions.get_by_text("Yes, closed.").wait_for()
    fill(questions.get_by_label("Rewrite it"), "What would you like to know about France?")
    questions.get_by_role("button", name="Check my question").click()
    questions.get_by_text("Looks neutral.").wait_for()
    lab.screenshot(questions, IMAGES / "module02-questions.png")

    # Reply practice: a poor reply first, then the best one.
    replies = nb.locator(".course-kit-reply-practice")
    replies.get_by_text("You should come on Saturdays instead.").wait_for()
    replies.get_by_label("Reply C").check()
    replies.get_by_text("Not the best.").wait_for()
    replies.get_by_label("Reply B").check()
    replies.get_by_text("Good choice.").wait_for()

    # Instructions for placing a hold.
    steps = nb.locator(".course-kit-instructions")
    fill(steps.get_by_label("Your steps"), STEPS)
    steps.get_by_role("button", name="Check my steps").click()
    steps.get_by_text("6 of 6 checks pass.").first.wait_for()

    # Restart the kernel and run everything again: the work comes back.
    lab.restart_kernel()
    lab.run_all()
    nb = lab.notebook()
    rewrite = nb.locator(".course-kit-rewrite")
    rewrite.get_by_text("Your rewrites are back").wait_for()
    assert rewrite.get_by_label("Your rewrite").input_value() == REWRITE
    assert nb.locator(".course-kit-instructions").get_by_label("Your steps").input_value() \
        == STEPS
    assert nb.locator(".course-kit-reply-practice").get_by_label("Reply B").is_checked()
    nb.locator(".course-kit-question-practice").get_by_text("1 right out of 1").wait_for()

    # At 768 px wide (a tablet, or a half screen) nothing spills out sideways.
    lab.page.set_viewport_size({"width": 768, "height": 1000})
    for name in ("rewrite", "plain-checker", "question-practice", "reply-practice",
                 "instructions"):
        widget = nb.locator(f".course-kit-{name}")
        widget.scroll_into_view_if_needed()
        assert widget.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), name
    lab.page.set_viewport_size({"width": 1280, "height": 900})
    assert lab.problems() == {"error_outputs": [], "widget_errors": [], "unrendered_widgets": []}



def test_exported_rewrite_has_no_accessibility_violations(
    browser_context: BrowserContext, axe_script: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    from course_kit import data
    from course_kit.modules.module02.rewrite import RewriteChallenge, challenge_texts

    monkeypatch.setenv("COURSE_KIT_WORK_DIR", str(tmp_path))
    model = RewriteChallenge(challenge_texts(data.load_comment_replies(), data.load_comments()))
    model.keep(REWRITE + " <b>Thanks!</b>")
    _, page_path = model.export(tmp_path)
    page = browser_context.new_page()
    try:
        page.goto(page_path.as_uri())
        violations = run_axe(page, axe_script)
        assert violations == [], describe(violations)
    finally:
        page.close()
