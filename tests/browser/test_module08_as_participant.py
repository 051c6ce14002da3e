"""Module 8 worked through as a participant would, in JupyterLab and Chromium.

Read the score and the gaps in the feedback workbench, write a "you said, we did" line and
export it, upload a malformed file and then a good one, restart the kernel and find the file
and the answers back. Screenshots go to ``test-artifacts/screenshots/`` and, for the README,
``docs/images/``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from .clean import assert_clean_and_accessible
from .conftest import README_IMAGES, REPO_ROOT, JupyterServer
from .lab import Lab

pytestmark = pytest.mark.browser

NOTEBOOK = "notebooks/08-gathering-feedback.ipynb"
IMAGES = README_IMAGES  # docs/images/ only when asked (COURSE_KIT_README_IMAGES=1)
SAMPLE = REPO_ROOT / "course_kit" / "modules" / "module08" / "sample_feedback.csv"
HOURS = "From March 3, Riverside is open until 8 pm on Tuesdays and Thursdays."


def fill(field, text: str) -> None:
    field.fill(text)
    field.press("Tab")  # the widgets send their value when the field loses focus


def shot(lab: Lab, locator, screenshot_dir: Path, name: str) -> None:
    path = lab.screenshot(locator, screenshot_dir / name)
    IMAGES.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, IMAGES / name)


def upload(lab: Lab, widget, path: Path) -> None:
    """Choose a file with the upload button (its file input is not in the page)."""
    with lab.page.expect_file_chooser() as chooser:
        widget.get_by_role("button", name="Upload a CSV").click()
    chooser.value.set_files(str(path))


def test_workbench_analyses_drafts_uploads_and_survives_a_restart(
    lab: Lab, jupyter_server: JupyterServer, screenshot_dir: Path, axe_script: Path, tmp_path: Path
) -> None:
    lab.open_notebook(NOTEBOOK)
    lab.run_all()
    assert_clean_and_accessible(lab, NOTEBOOK, axe_script, screenshot_dir)
    nb = lab.notebook()

    # Steps 1-2 on the case study: the score, then Riverside's gaps.
    analysis = nb.locator(".course-kit-feedback-analysis")
    analysis.get_by_text("NPS +18 from 520 answers").first.wait_for()
    analysis.get_by_role("tab", name="LibQUAL+ gaps").click()
    analysis.get_by_label("LibQUAL+ gaps for:").select_option("Riverside Branch")
    analysis.get_by_text("5 of 22 items are below the minimum").first.wait_for()
    lab.page.set_viewport_size({"width": 1280, "height": 2600})
    analysis.scroll_into_view_if_needed()
    shot(lab, analysis, screenshot_dir, "module08-workbench.png")

    # At 768 px the workbench fits its column: wide tables scroll inside their own box.
    lab.page.set_viewport_size({"width": 768, "height": 1400})
    analysis.scroll_into_view_if_needed()
    overflow = analysis.evaluate("el => el.scrollWidth - el.clientWidth")
    assert overflow <= 1, f"the workbench is {overflow} px wider than its column at 768 px"

    # Step 3: one "we did" line, checked and exported.
    lab.page.set_viewport_size({"width": 1280, "height": 1600})
    reply = nb.locator(".course-kit-feedback-reply")
    fill(reply.get_by_label("We did, about Opening hours:"), HOURS)
    reply.locator("section[aria-label='Draft notice']").get_by_text(HOURS).wait_for()
    reply.locator(".course-kit-plain-check").get_by_text("grade").first.wait_for()
    reply.get_by_role("button", name="Export for my portfolio").click()
    reply.get_by_role("link", name="Download feedback-report.html").wait_for()
    reply.scroll_into_view_if_needed()
    shot(lab, reply, screenshot_dir, "module08-you-said-we-did.png")
    lab.page.set_viewport_size({"width": 1280, "height": 900})
    report = (jupyter_server.work_dir / "feedback-report.md").read_text(encoding="utf-8")
    assert "From March 3, Riverside is open until 8 pm" in report

    # A malformed upload: a plain message naming the row; the case study stays.
    analysis.get_by_label("My own file").check()
    ragged = tmp_path / "ragged.csv"
    ragged.write_text("Branch,Score\nNorth,10,extra\n", encoding="utf-8")
    upload(lab, analysis, ragged)
    analysis.get_by_text("Row 2 has 3 values, but the header has 2 columns").wait_for()
    # A good file of one's own: read, columns guessed, analyzed.
    upload(lab, analysis, SAMPLE)
    analysis.get_by_text("Read sample_feedback.csv: 12 rows, 3 columns").wait_for()
    analysis.get_by_role("button", name="Use these columns").click()
    analysis.get_by_text("Analyzed 12 answers from sample_feedback.csv").wait_for()
    analysis.get_by_role("tab", name="Personal data").click()
    analysis.get_by_text("an e-mail address").first.wait_for()
    assert lab.problems()["error_outputs"] == []

    saved = json.loads((jupyter_server.work_dir / "module08-workbench.json").read_text())
    assert saved["source"] == "My own file" and saved["file_name"] == "sample_feedback.csv"
    assert saved["actions"]["hours"] == HOURS
    assert (jupyter_server.work_dir / "module08-uploads" / "sample_feedback.csv").exists()

    # Restart the kernel and run everything again: the file and the answer come back.
    lab.restart_kernel()
    lab.run_all()
    analysis = lab.notebook().locator(".course-kit-feedback-analysis")
    analysis.get_by_text("Your file sample_feedback.csv and your answers are back.").wait_for()
    assert analysis.get_by_label("My own file").is_checked()
    analysis.get_by_text("sample_feedback.csv): 12 rows, 11 recommend scores").wait_for()
    assert lab.problems() == {"error_outputs": [], "widget_errors": [], "unrendered_widgets": []}
