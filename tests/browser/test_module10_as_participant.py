"""Module 10 worked through as a participant would, in JupyterLab and Chromium.

In the value calculator: read both ratios, type zero costs and a $10,000 book (plain messages,
nothing lost), set a book at $15, export the one-page summary; in the KPI dashboard, Riverside's
computer sessions; in the stakeholder report, one answer. Restart the kernel and find the
calculator's figures and the answer back. Screenshots of the calculator and the dashboard go to
``test-artifacts/screenshots/`` and, for the README, ``docs/images/module10-*.png``.
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

NOTEBOOK = "notebooks/10-measuring-success.ipynb"
IMAGES = README_IMAGES  # docs/images/ only when asked (COURSE_KIT_README_IMAGES=1)
BOOKS = "Books borrowed (adult and teen)"


def fill(field, text: str) -> None:
    field.fill(text)
    field.press("Tab")  # the widgets send their value when the field loses focus


def shoot(lab: Lab, locator, screenshot_dir: Path, name: str) -> None:
    lab.page.set_viewport_size({"width": 1280, "height": 1800})
    locator.scroll_into_view_if_needed()
    lab.screenshot(locator, screenshot_dir / name)
    lab.screenshot(locator, IMAGES / name)
    lab.page.set_viewport_size({"width": 1280, "height": 900})


def test_value_calculator_dashboard_and_report_survive_a_restart(
    lab: Lab, jupyter_server: JupyterServer, screenshot_dir: Path, axe_script: Path
) -> None:
    lab.open_notebook(NOTEBOOK)
    lab.run_all()
    assert_clean_and_accessible(lab, NOTEBOOK, axe_script, screenshot_dir)
    nb = lab.notebook()

    # The value calculator: Millbrook's 2025 figures, both ratios side by side.
    roi = nb.locator(".course-kit-roi")
    roi.get_by_text("$4.02 per $1").wait_for()
    roi.get_by_text("302%").first.wait_for()
    roi.get_by_text("$3.02 to $5.03 per $1").wait_for()

    # Zero costs and a $10,000 book: plain messages, the typed text stays, the result holds.
    fill(roi.get_by_label("Operating costs ($)"), "0")
    roi.get_by_text("The operating costs must be more than $0").wait_for()
    assert roi.get_by_label("Operating costs ($)").input_value() == "0"
    roi.get_by_text("$4.02 per $1").wait_for()
    fill(roi.get_by_label("Operating costs ($)"), "998,600")
    roi.get_by_text("Operating costs: $998,600. Saved.").wait_for()
    assert roi.get_by_label("Service").input_value() == BOOKS
    fill(roi.get_by_label("Value per use ($)"), "10000")
    roi.get_by_text("not what a user would pay").wait_for()
    assert roi.get_by_label("Value per use ($)").input_value() == "10000"
    fill(roi.get_by_label("Value per use ($)"), "15")
    roi.get_by_text(f"{BOOKS}: $15.00 per use. Saved.").wait_for()
    roi.get_by_text("$3.42 per $1").wait_for()  # 4,018,131 − 86,827 × $7, over $998,600
    roi.get_by_role("button", name="Export the one-page summary").click()
    roi.get_by_role("link", name="Download module10-roi-summary.pdf").wait_for()
    shoot(lab, roi, screenshot_dir, "module10-roi-calculator.png")
    saved = json.loads((jupyter_server.work_dir / "module10-roi.json").read_text())
    assert saved["values"][BOOKS] == 15 and saved["costs"] == 998_600
    for suffix in ("html", "pdf", "md"):
        assert (jupyter_server.work_dir / f"module10-roi-summary.{suffix}").exists()

    # The KPI dashboard: Riverside's computer sessions, 2025 against 2024.
    board = nb.locator(".course-kit-kpi-dashboard")
    board.get_by_label("Measure").select_option(label="Computer sessions")
    board.get_by_label("Branch").select_option(label="Riverside Branch")
    board.get_by_text("Change on 2024: -27.5%").wait_for()
    shoot(lab, board, screenshot_dir, "module10-kpi-dashboard.png")

    # The stakeholder report: one answer, saved as it is left.
    report = nb.locator(".course-kit-form-report")
    answer = "Riverside's evening hours ended on January 1, 2025."
    fill(report.get_by_label("What changed?"), answer)
    report.get_by_text("Saved (1 of 5 answered)").wait_for()

    # Restart the kernel and run everything again: the work comes back.
    lab.restart_kernel()
    lab.run_all()
    nb = lab.notebook()
    roi = nb.locator(".course-kit-roi")
    roi.get_by_text("Your figures are back").wait_for()
    roi.get_by_text("$3.42 per $1").wait_for()
    assert roi.get_by_label("Value per use ($)").input_value() == "15"
    report = nb.locator(".course-kit-form-report")
    report.get_by_text("Your answers are back").wait_for()
    assert report.get_by_label("What changed?").input_value() == answer
    assert lab.problems() == {"error_outputs": [], "widget_errors": [], "unrendered_widgets": []}

    # At 768 px (a tablet, or a laptop with the file browser open) nothing spills sideways.
    lab.page.set_viewport_size({"width": 768, "height": 900})
    for name in ("roi", "kpi-dashboard", "form-report", "form-pdsa"):
        widget = nb.locator(f".course-kit-{name}").first
        widget.scroll_into_view_if_needed()
        overflow = widget.evaluate("el => el.scrollWidth - el.clientWidth")
        assert overflow <= 2, f"{name} is {overflow} px wider than its cell at 768 px"



def test_exported_pages_have_no_accessibility_violations(
    browser_context: BrowserContext, axe_script: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    from course_kit.modules.module10.report import PlanForm
    from course_kit.modules.module10.roi import ROICalculator

    monkeypatch.setenv("COURSE_KIT_WORK_DIR", str(tmp_path))
    calculator = ROICalculator()
    calculator.set_label("Millbrook <b>Public</b> Library", "2025")
    calculator.set_value("Movies borrowed", "90")  # flagged as far from the published value
    _, summary, _ = calculator.export(tmp_path)
    report = PlanForm("report")
    report.set("changed", "Riverside's evening hours ended <i>on January 1</i>.")
    _, report_page = report.export(tmp_path)
    page = browser_context.new_page()
    try:
        for path in (summary, report_page):
            page.goto(path.as_uri())
            violations = run_axe(page, axe_script)
            assert violations == [], describe(violations)
    finally:
        page.close()
