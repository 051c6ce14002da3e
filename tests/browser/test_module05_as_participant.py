"""Module 5 worked through as a participant would, in JupyterLab and Chromium.

Play "Two patrons, one computer" end to end on the best path, read the debrief, save a
reflection and export the paths; play a risky path in the safety scene; press Say it with no
response chosen and upload a broken scenario file (plain messages, no traceback); restart the
kernel and find the finished path, the debrief and the reflection back. Screenshots of the
player and the role-play cards are saved for the README (``docs/images/module05-*.png``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .clean import assert_clean_and_accessible
from .conftest import README_IMAGES, JupyterServer
from .lab import Lab

pytestmark = pytest.mark.browser

NOTEBOOK = "notebooks/05-conflict-resolution.ipynb"
IMAGES = README_IMAGES  # docs/images/ only when asked (COURSE_KIT_README_IMAGES=1)

COMPUTER_PATH = (
    "Okay. I'm here to help you both. Tell me what happened.",
    "A job application by 5 is important.",
    "You're right, 3 to 6 is our busiest time.",
)


def shoot(lab: Lab, locator, name: str, screenshot_dir: Path, height: int = 1400) -> None:
    lab.page.set_viewport_size({"width": 1280, "height": height})
    locator.scroll_into_view_if_needed()
    lab.screenshot(locator, screenshot_dir / name)
    lab.screenshot(locator, IMAGES / name)
    lab.page.set_viewport_size({"width": 1280, "height": 900})


def player(lab: Lab, title: str):
    """The player whose scenario is ``title`` (each section has its own)."""
    return lab.notebook().locator(".course-kit-roleplay").filter(
        has=lab.page.locator(".widget-html", has_text=title)).first


def say(box, text: str) -> None:
    box.get_by_role("radio", name=text).check()
    box.get_by_role("button", name="Say it").click()


def test_play_a_scene_end_to_end_and_find_it_after_a_restart(
    lab: Lab, jupyter_server: JupyterServer, screenshot_dir: Path, axe_script: Path, tmp_path: Path
) -> None:
    lab.open_notebook(NOTEBOOK)
    lab.run_all()
    assert_clean_and_accessible(lab, NOTEBOOK, axe_script, screenshot_dir)

    # Two patrons, one computer, on the best path.
    box = player(lab, "Two patrons, one computer")
    box.get_by_role("button", name="Start").click()
    box.get_by_text("That man took my computer!").wait_for()
    # Say it with nothing chosen: a plain message, no traceback.
    box.get_by_role("button", name="Say it").click()
    box.get_by_text("Choose one of the responses first").wait_for()
    say(box, COMPUTER_PATH[0])
    box.locator(".course-kit-message").get_by_text("Jay takes a breath and explains.").wait_for()
    say(box, COMPUTER_PATH[1] + " And Jay lost his place while he was away. Let's find a way "
             "that works for both of you.")
    box.get_by_text("There are never any free computers after school.").wait_for()
    say(box, COMPUTER_PATH[2] + " For today, the laptop at the desk is free for 45 minutes. "
             "And I'll pass on what you said about after school.")
    debrief = box.locator(".course-kit-debrief")
    debrief.get_by_text("Both get what they need").wait_for()
    debrief.get_by_text("You took the best path through this scenario.").wait_for()
    assert "3 best, 0 fair, 0 risky" in debrief.text_content()
    reflection = box.get_by_label("Your reflection")
    reflection.fill("Next time I ask about the root cause sooner.")
    reflection.press("Tab")
    box.get_by_role("button", name="Save reflection").click()
    box.get_by_text("Your reflection is saved with this path.").wait_for()
    box.get_by_role("button", name="Export my role-plays").click()
    box.get_by_role("link", name="Download module05-roleplays.html").wait_for()
    assert box.locator(".course-kit-roleplay").count() == 0  # one player, not nested
    shoot(lab, box, "module05-roleplay-player.png", screenshot_dir, height=2200)
    # At 768 px (a tablet, or a half screen) nothing in the player runs off to the side.
    lab.page.set_viewport_size({"width": 768, "height": 900})
    box.scroll_into_view_if_needed()
    assert box.evaluate("e => e.scrollWidth <= e.clientWidth + 1")
    lab.page.set_viewport_size({"width": 1280, "height": 900})

    # The safety scene, on a risky path: the debrief shows a better way (get help).
    safety = player(lab, "Someone who won't leave another patron alone")
    safety.get_by_role("button", name="Start").click()
    safety.get_by_role("radio", name="Go over alone and tell the man to stop.").wait_for()
    shoot(lab, safety, "module05-roleplay-choosing.png", screenshot_dir)
    say(safety, "Go over alone and tell the man to stop.")
    safety.locator(".course-kit-message").get_by_text("Going alone puts you at risk").wait_for()
    say(safety, "Stand in his way: \"Leave now, or I'm calling the police!\"")
    safety.locator(".course-kit-debrief").get_by_text("A path that works better").wait_for()
    safety.locator(".course-kit-debrief").get_by_text("Call the supervisor.").first.wait_for()

    # A broken scenario file: the file and the step are named; nothing else changes.
    broken = tmp_path / "our-scene.toml"
    text = (Path(__file__).resolve().parents[2] / "course_kit" / "modules" / "module05" /
            "scenarios" / "02-fines-dispute.toml").read_text(encoding="utf-8")
    broken.write_text(text.replace('next = "louder"', 'next = "shouting"', 1)
                      .replace('id = "fines-dispute"', 'id = "our-scene"'), encoding="utf-8")
    with lab.page.expect_file_chooser() as chooser:
        box.get_by_role("button", name="Add a scenario file").click()
    chooser.value.set_files(str(broken))
    box.get_by_text("This scenario file cannot be used. our-scene.toml, step 'start'").wait_for()

    saved = json.loads((jupyter_server.work_dir / "module05-roleplay.json").read_text())
    finished = {run["scenario"]: run for run in saved["runs"]}
    assert finished["computer-time"]["ending"] == "end_resolved"
    assert finished["computer-time"]["reflection"].startswith("Next time I ask")
    assert finished["harassment-safety"]["outcome"] == "unresolved"
    assert (jupyter_server.work_dir / "module05-roleplays.html").exists()

    # The role-play cards, for the README.
    cards = lab.notebook().locator(".ck-cards").first
    cards.wait_for(state="attached")
    shoot(lab, cards, "module05-role-play-cards.png", screenshot_dir)

    # Restart and run everything again: the finished path and the reflection come back.
    lab.restart_kernel()
    lab.run_all()
    box = player(lab, "Two patrons, one computer")
    box.get_by_text("Your role-play (finished) is back").wait_for()
    debrief = box.locator(".course-kit-debrief")
    debrief.get_by_text("Both get what they need").wait_for()
    debrief.get_by_text("Next time I ask about the root cause sooner.").wait_for()
    assert lab.problems() == {"error_outputs": [], "widget_errors": [], "unrendered_widgets": []}
