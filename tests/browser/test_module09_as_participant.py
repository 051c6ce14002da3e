"""Module 9 worked through as a participant would, in JupyterLab and Chromium.

Record a missing check in the accessibility audit of Hillcrest, export it; check a color pair
in the contrast calculator; name a partner for the Vietnamese gap in the language-needs map;
pick a scenario choice; restart the kernel and find the audit, the partner and the choice back.
Screenshots of the three main widgets go to ``test-artifacts/screenshots/`` and, for the
README, ``docs/images/module09-*.png``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .clean import assert_clean_and_accessible
from .conftest import README_IMAGES, JupyterServer
from .lab import Lab

pytestmark = pytest.mark.browser

NOTEBOOK = "notebooks/09-welcoming-and-inclusive.ipynb"
IMAGES = README_IMAGES  # docs/images/ only when asked (COURSE_KIT_README_IMAGES=1)


def fill(field, text: str) -> None:
    field.fill(text)
    field.press("Tab")  # the widgets send their value when the field loses focus


def shoot(lab: Lab, locator, screenshot_dir: Path, name: str) -> None:
    lab.page.set_viewport_size({"width": 1280, "height": 1800})
    locator.scroll_into_view_if_needed()
    lab.screenshot(locator, screenshot_dir / name)
    lab.screenshot(locator, IMAGES / name)
    lab.page.set_viewport_size({"width": 1280, "height": 900})


def test_audit_contrast_and_language_map_survive_a_restart(
    lab: Lab, jupyter_server: JupyterServer, screenshot_dir: Path, axe_script: Path
) -> None:
    lab.open_notebook(NOTEBOOK)
    lab.run_all()
    assert_clean_and_accessible(lab, NOTEBOOK, axe_script, screenshot_dir)
    nb = lab.notebook()

    # The audit: Hillcrest as the 2025 audit left it, then the accessible route measured.
    audit = nb.locator(".course-kit-audit")
    audit.get_by_text("Hillcrest Branch: 7 of 9 checked items meet the standard").first.wait_for()
    audit.get_by_label("Check", exact=True).select_option(index=0)
    audit.get_by_text("§403.5.1").first.wait_for()
    fill(audit.get_by_label("Measured value"), "not sure")
    audit.get_by_role("button", name="Record this check").click()
    audit.get_by_text("is not a number").wait_for()
    assert audit.get_by_label("Measured value").input_value() == "not sure"
    fill(audit.get_by_label("Measured value"), "34")
    audit.get_by_role("button", name="Record this check").click()
    audit.get_by_text("Recorded: Accessible route").wait_for()
    audit.get_by_text("7 of 10 checked items meet the standard; 3 do not").first.wait_for()
    audit.get_by_role("button", name="Export for my portfolio").click()
    audit.get_by_role("link", name="Download accessibility-audit-hil.html").wait_for()
    shoot(lab, audit, screenshot_dir, "module09-audit.png")
    saved = json.loads((jupyter_server.work_dir / "module09-audit.json").read_text())
    assert saved["entries"]["HIL"]["P1"]["measured"] == 34
    assert (jupyter_server.work_dir / "accessibility-audit-hil.html").exists()

    # The contrast calculator: #777777 on white fails AA for normal text.
    contrast = nb.locator(".course-kit-contrast")
    fill(contrast.get_by_label("Text color"), "#777777")
    contrast.get_by_text("#777777 on #ffffff: 4.48:1").wait_for()
    fill(contrast.get_by_label("Background color"), "white-ish")
    contrast.get_by_text("is not a color code we can read").wait_for()
    fill(contrast.get_by_label("Background color"), "#ffffff")
    contrast.get_by_text("Fails AA, normal text").wait_for()
    shoot(lab, contrast, screenshot_dir, "module09-contrast.png")

    # The language-needs map: a partner for the Vietnamese gap.
    languages = nb.locator(".course-kit-language-map")
    languages.get_by_role("button", name="Save partner").click()
    languages.get_by_text("Name a partner organization first").wait_for()
    partner = "Eastgate Vietnamese Community Association"
    fill(languages.get_by_label("Partner organization"), partner)
    fill(languages.get_by_label("First step"), "Meet their coordinator in March.")
    languages.get_by_role("button", name="Save partner").click()
    languages.get_by_text("Saved the partner for Vietnamese").wait_for()
    shoot(lab, languages, screenshot_dir, "module09-language-map.png")

    # A scenario: the choice the sources support.
    scenario = nb.locator(".course-kit-scenarios").filter(has_text="A child as interpreter")
    scenario.get_by_label("Greet them, show the card form in Vietnamese", exact=False).check()
    scenario.get_by_role("button", name="See what happens").click()
    scenario.get_by_text("This is the choice the sources support.").wait_for()

    # Restart the kernel and run everything again: the work comes back.
    lab.restart_kernel()
    lab.run_all()
    nb = lab.notebook()
    audit = nb.locator(".course-kit-audit")
    audit.get_by_text("Your audit is back").wait_for()
    audit.get_by_text("7 of 10 checked items meet the standard; 3 do not").first.wait_for()
    languages = nb.locator(".course-kit-language-map")
    languages.get_by_text("Your partners are back").wait_for()
    assert languages.get_by_label("Partner organization").input_value() == partner
    scenario = nb.locator(".course-kit-scenarios").filter(has_text="A child as interpreter")
    scenario.get_by_text("This is the choice the sources support.").wait_for()
    assert lab.problems() == {"error_outputs": [], "widget_errors": [], "unrendered_widgets": []}

    # At 768 px (a tablet, or a laptop with the file browser open) nothing spills sideways.
    lab.page.set_viewport_size({"width": 768, "height": 900})
    for name in ("audit", "contrast", "language-map", "scenarios"):
        widget = nb.locator(f".course-kit-{name}").first
        widget.scroll_into_view_if_needed()
        overflow = widget.evaluate("el => el.scrollWidth - el.clientWidth")
        assert overflow <= 2, f"{name} is {overflow} px wider than its cell at 768 px"
