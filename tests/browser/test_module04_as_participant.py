"""Module 4 worked through as a participant would, in JupyterLab and Chromium.

Filter the reference-log explorer; walk the troubleshooting tree and try to load a broken
tree of one's own; mark a transcript in the interview step-through; log an interaction with a
follow-up (refused without a promise, what was typed kept), see it reach Module 3's tracker,
export the log; restart the kernel and find the log and the marks back. Screenshots of the
main widgets are saved for the README (``docs/images/module04-*.png``).
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

NOTEBOOK = "notebooks/04-addressing-inquiries.ipynb"
REPO = Path(__file__).resolve().parents[2]
IMAGES = README_IMAGES  # docs/images/ only when asked (COURSE_KIT_README_IMAGES=1)
WIDGETS = (".course-kit-log-explorer", ".course-kit-referral-helper", ".course-kit-interview",
           ".course-kit-interaction-log", ".course-kit-sources")


def fill(field, text: str) -> None:
    field.fill(text)
    field.press("Tab")  # the widgets send their value when the field loses focus


def shoot(lab: Lab, locator, name: str, screenshot_dir: Path) -> None:
    lab.page.set_viewport_size({"width": 1280, "height": 1400})
    locator.scroll_into_view_if_needed()
    lab.screenshot(locator, screenshot_dir / name)
    lab.screenshot(locator, IMAGES / name)
    lab.page.set_viewport_size({"width": 1280, "height": 900})


def test_module04_widgets_and_saved_work_survive_a_restart(
    lab: Lab, jupyter_server: JupyterServer, screenshot_dir: Path, axe_script: Path, tmp_path: Path
) -> None:
    lab.open_notebook(NOTEBOOK)
    lab.run_all()
    assert_clean_and_accessible(lab, NOTEBOOK, axe_script, screenshot_dir)
    nb = lab.notebook()

    # The reference-log explorer: chat only, then back to everything.
    explorer = nb.locator(".course-kit-log-explorer")
    explorer.get_by_text("38,129 questions").first.wait_for()
    explorer.get_by_label("Mode").select_option(label="chat")
    explorer.get_by_text("7,057 questions").first.wait_for()
    explorer.get_by_label("Mode").select_option(label="all")
    explorer.get_by_text("Busiest hour: Sat 11:00-12:00").first.wait_for()
    explorer.get_by_text("A second person at the desk").wait_for()
    shoot(lab, explorer, "module04-log-explorer.png", screenshot_dir)

    # The troubleshooting tree: printing, the job is not in the queue.
    tree = nb.locator(".course-kit-referral-helper").first      # section 3's helper
    tree.get_by_text("Troubleshooting a technical problem").wait_for()
    tree.get_by_role("button", name="Printing").click()
    tree.get_by_role("button", name="No", exact=True).click()
    tree.get_by_text("Next step:").wait_for()
    tree.get_by_text("Send again from the computer").wait_for()
    # A broken tree of one's own: the file and the node are named, the path stays typed.
    broken = tmp_path / "our-tree.toml"
    broken.write_text('title = "Ours"\nstart = "a"\n[nodes.a]\nask = "?"\n'
                      'options = [{ label = "x", next = "b" }]\n', encoding="utf-8")
    fill(tree.get_by_label("Or load your own tree file"), str(broken))
    tree.get_by_role("button", name="Load my tree").click()
    tree.get_by_text("The decision tree our-tree.toml cannot be used").wait_for()
    tree.get_by_text("node 'a': option 1 ('x') leads to 'b'").wait_for()
    assert tree.get_by_label("Or load your own tree file").input_value() == str(broken)
    tree.get_by_text("Send again from the computer").wait_for()   # the old tree is still there
    shoot(lab, tree, "module04-troubleshooting.png", screenshot_dir)
    # A trainer's edited copy of the referral tree loads, and its own partner comes out.
    text = (REPO / "course_kit/modules/module04/trees/referral.toml").read_text(encoding="utf-8")
    edited = tmp_path / "riverton-referrals.toml"
    edited.write_text(text.replace('who = "Local history room"',
                                   'who = "Riverton County Historical Society"'),
                      encoding="utf-8")
    fill(tree.get_by_label("Or load your own tree file"), str(edited))
    tree.get_by_role("button", name="Load my tree").click()
    tree.get_by_text("Loaded riverton-referrals.toml: Where to refer a question.").wait_for()
    tree.get_by_role("button", name="A family's history, old photos or local records").click()
    tree.get_by_text("Riverton County Historical Society").wait_for()

    # The interview step-through: read on, mark the missing closure, check.
    interview = nb.locator(".course-kit-interview")
    interview.get_by_role("button", name="Next turn").click()
    interview.get_by_text("Do you have books on taxes?").wait_for()
    interview.get_by_label("Closure").select_option(label="missing")
    interview.get_by_label("Approachability").select_option(label="turn 1")
    interview.get_by_role("button", name="Check my marks").click()
    interview.get_by_text("2 of 6 areas marked right.").wait_for()
    shoot(lab, interview, "module04-interview.png", screenshot_dir)

    # The interaction log: a follow-up without a promise is refused, the question stays.
    form = nb.locator(".course-kit-interaction-log")
    fill(form.get_by_label("What was asked"), "Large-print guide to Medicare")
    form.get_by_label("Follow-up needed").check()
    form.get_by_role("button", name="Add to my log").click()
    form.get_by_text("A follow-up needs a promise").wait_for()
    assert form.get_by_label("What was asked").input_value() == "Large-print guide to Medicare"
    fill(form.get_by_label("What you promised"), "Call when the county's copy arrives")
    due = (date.today() + timedelta(days=7)).isoformat()
    form.get_by_label("Follow up by").fill(due)
    form.get_by_label("Follow up by").press("Tab")
    form.get_by_role("button", name="Add to my log").click()
    form.get_by_text("Added to your log. It was also added to your Module 3").wait_for()
    form.get_by_role("button", name="Export for my portfolio").click()
    form.get_by_role("link", name="Download interaction-log.html").wait_for()
    shoot(lab, form, "module04-interaction-log.png", screenshot_dir)

    saved = json.loads((jupyter_server.work_dir / "module04-interactions.json").read_text())
    assert [(e["asked"], e["due"], e["in_tracker"]) for e in saved["entries"]] == [
        ("Large-print guide to Medicare", due, True)]
    followups = json.loads((jupyter_server.work_dir / "module03-followups.json").read_text())
    # Other tests in this browser session may have logged Module 3 follow-ups of their own.
    assert [(i["request"], i["source"]) for i in followups["items"]
            if i["source"] == "module04"] == [("Large-print guide to Medicare", "module04")]
    assert (jupyter_server.work_dir / "interaction-log.md").exists()

    # At 768 px (a tablet, a half screen) no widget is wider than the notebook.
    lab.page.set_viewport_size({"width": 768, "height": 900})
    for selector in WIDGETS:
        for widget in nb.locator(selector).all():
            widget.scroll_into_view_if_needed()
            overflow = widget.evaluate("e => e.scrollWidth - e.clientWidth")
            assert overflow <= 2, f"{selector} is {overflow} px too wide at 768 px"
    lab.screenshot(nb.locator(".course-kit-log-explorer"),
                   screenshot_dir / "module04-log-explorer-768.png")
    lab.page.set_viewport_size({"width": 1280, "height": 900})

    # Restart the kernel and run everything again: the log and the marks come back.
    lab.restart_kernel()
    lab.run_all()
    nb = lab.notebook()
    form = nb.locator(".course-kit-interaction-log")
    form.get_by_text("Your log is back: 1 entries").wait_for()
    form.get_by_text("Call when the county's copy arrives").wait_for()
    interview = nb.locator(".course-kit-interview")
    assert interview.get_by_label("Closure").input_value() == "missing"
    assert lab.problems() == {"error_outputs": [], "widget_errors": [], "unrendered_widgets": []}
