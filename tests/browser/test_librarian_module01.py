"""Issue 9: what a librarian meets in Welcome and Module 1, in JupyterLab and Chromium.

Each test is one point where a participant who never coded stalled or lost work: a widget
whose kernel is gone, a return visit to an autosaved notebook, focus and links that cannot
be seen, arrow keys that leave the activity, a layout that breaks at 768 px.
"""

from __future__ import annotations

import json
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import REPO_ROOT, JupyterServer
from .lab import Lab

pytestmark = pytest.mark.browser

NOTEBOOK = "notebooks/01-understanding-library-users.ipynb"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


@pytest.fixture
def copy_of_module01() -> Iterator[str]:
    """A copy of Module 1 that a test may save (the repository's notebook is never saved)."""
    folder = REPO_ROOT / "test-artifacts" / f"librarian-{uuid.uuid4().hex[:8]}"
    folder.mkdir(parents=True)
    shutil.copy(REPO_ROOT / NOTEBOOK, folder / Path(NOTEBOOK).name)
    try:
        yield (folder / Path(NOTEBOOK).name).relative_to(REPO_ROOT).as_posix()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _save(lab: Lab) -> None:
    lab.page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
    lab.page.wait_for_function(
        "() => { const w = window.jupyterapp.shell.currentWidget;"
        " return w && w.context && !w.context.model.dirty; }")


def _before_text(lab: Lab, selector: str) -> str:
    """The text a CSS ``::before`` puts over the first element matching ``selector``."""
    return str(lab.page.evaluate(
        "(sel) => { const el = document.querySelector(sel);"
        " return el ? getComputedStyle(el, '::before').content : ''; }", selector))


def test_return_visit_shows_no_widget_errors_and_says_what_to_run(
        lab: Lab, copy_of_module01: str, screenshot_dir: Path) -> None:
    lab.open_notebook(copy_of_module01)
    lab.run_all()
    _save(lab)
    saved = json.loads((REPO_ROOT / copy_of_module01).read_text())
    mimes = [m for c in saved["cells"] for o in c.get("outputs", []) for m in o.get("data", {})]
    assert WIDGET_MIME not in mimes
    lab.close_all()
    lab.delete_sessions()

    lab.open_notebook(copy_of_module01, prestart_kernel=False)  # the next day
    text = lab.notebook().text_content() or ""
    assert "Error displaying widget" not in text and "model not found" not in text
    assert "Run All Cells" in text
    lab.screenshot(lab.cell(48), screenshot_dir / "librarian-return-visit.png")


def test_dead_widget_says_what_to_do_and_typing_is_kept(
        lab: Lab, jupyter_server: JupyterServer, screenshot_dir: Path) -> None:
    lab.open_notebook(NOTEBOOK)
    lab.run_all()
    builder = lab.notebook().locator(".course-kit-persona-builder")
    name = builder.get_by_label("Name", exact=True)
    name.click()
    name.press_sequentially("Marisol")  # no Tab, no Enter: the librarian just types
    lab.page.wait_for_timeout(1500)
    lab.restart_kernel()
    saved = json.loads((jupyter_server.work_dir / "module01-persona.json").read_text())
    assert saved["persona"]["name"] == "Marisol"
    advice = _before_text(
        lab, ".jp-OutputArea-output:has(.course-kit-persona-builder)")
    assert "no longer connected" in advice and "Run All Cells" in advice
    builder.scroll_into_view_if_needed()
    lab.screenshot(builder.locator("xpath=ancestor::div[contains(@class,'jp-OutputArea-output')]"),
                   screenshot_dir / "librarian-dead-widget.png")
    lab.run_all()
    builder = lab.notebook().locator(".course-kit-persona-builder")
    assert builder.get_by_label("Name", exact=True).input_value() == "Marisol"
    assert _before_text(lab, ".jp-OutputArea-output:has(.course-kit-persona-builder)") in (
        "none", "normal", "")


def test_focus_is_clearly_visible_and_links_look_like_links(lab: Lab) -> None:
    lab.open_notebook(NOTEBOOK)
    lab.run_all()
    nb = lab.notebook()
    builder = nb.locator(".course-kit-persona-builder")
    for control in (builder.get_by_role("button", name="Save persona"),
                    builder.get_by_label("Name", exact=True),
                    builder.get_by_label("Age band"),
                    builder.get_by_label("text message"),
                    nb.locator(".course-kit-question").first.locator("input").first):
        for _ in range(3):  # JupyterLab may take focus back a moment later on a busy machine
            control.focus()
            lab.page.keyboard.press("Shift+Tab")
            lab.page.keyboard.press("Tab")  # focus by keyboard, as :focus-visible wants
            lab.page.wait_for_timeout(100)
            if control.evaluate("el => document.activeElement === el"):
                break
        style = control.evaluate(
            "el => { const s = getComputedStyle(el); return [s.outlineStyle, s.outlineWidth,"
            " s.outlineColor]; }")
        assert style[0] != "none" and float(style[1].rstrip("px")) >= 2, style
        assert style[2] in ("rgb(26, 26, 26)",), style
    fill = builder.get_by_label
    fill("Name", exact=True).fill("Rosa")
    fill("Goals").fill("Read on the bus")
    fill("Needs").fill("E-books")
    fill("Needs").press("Tab")
    builder.get_by_role("button", name="Save persona").click()
    builder.get_by_role("button", name="Export for my portfolio").click()
    link = builder.get_by_role("link", name="Download persona-rosa.html")
    link.wait_for()
    decoration = link.evaluate("el => getComputedStyle(el).textDecorationLine")
    assert "underline" in decoration


def test_arrow_keys_change_the_choice_not_the_cell(lab: Lab) -> None:
    lab.open_notebook(NOTEBOOK)
    lab.run_all()
    nb = lab.notebook()
    question = nb.locator(".course-kit-question").filter(has_text="fewest library cards")
    first = question.get_by_label("a) 0-12")
    first.check()
    first.focus()
    active = lab.page.evaluate(
        "() => window.jupyterapp.shell.currentWidget.content.activeCellIndex")
    lab.page.keyboard.press("ArrowDown")
    lab.page.wait_for_timeout(300)
    assert question.get_by_label("b) 13-17").is_checked()
    assert lab.page.evaluate(
        "() => window.jupyterapp.shell.currentWidget.content.activeCellIndex") == active
    band = nb.locator(".course-kit-persona-builder").get_by_label("Age band")
    band.focus()
    active = lab.page.evaluate(
        "() => window.jupyterapp.shell.currentWidget.content.activeCellIndex")
    before = band.input_value()
    lab.page.keyboard.press("ArrowDown")
    lab.page.wait_for_timeout(300)
    assert band.input_value() != before
    assert lab.page.evaluate(
        "() => window.jupyterapp.shell.currentWidget.content.activeCellIndex") == active


def test_module01_works_at_768_px_with_the_file_browser_open(
        lab: Lab, screenshot_dir: Path) -> None:
    lab.open_notebook(NOTEBOOK)
    lab.run_all()  # (at 768 px the toolbar hides the kernel indicator the helper waits for)
    lab.page.set_viewport_size({"width": 768, "height": 1000})
    lab.page.evaluate("() => window.jupyterapp.shell.expandLeft()")  # Lab's default
    lab.page.wait_for_timeout(500)
    nb = lab.notebook()
    builder = nb.locator(".course-kit-persona-builder")
    builder.scroll_into_view_if_needed()
    name = builder.get_by_label("Name", exact=True)
    assert name.bounding_box()["width"] >= 150
    for button in builder.get_by_role("button").all():
        if button.is_visible():
            cut = button.evaluate("el => el.scrollWidth > el.clientWidth + 1")
            assert not cut, button.inner_text()
    lab.screenshot(builder, screenshot_dir / "librarian-768-persona-builder.png")
    explorer = nb.locator(".course-kit-segment-explorer")
    explorer.scroll_into_view_if_needed()
    # The explorer itself never scrolls sideways; its wide table scrolls in its own region.
    assert explorer.evaluate("el => el.scrollWidth <= el.clientWidth + 1")
    region = explorer.get_by_role("region", name="Segment profiles (scrolls sideways)")
    assert region.evaluate("el => getComputedStyle(el).overflowX") == "auto"
    headers = region.locator("thead tr")
    assert headers.count() == 1 and "" not in [
        t.strip() for t in headers.locator("th").all_inner_texts()]
    lab.screenshot(explorer, screenshot_dir / "librarian-768-segment-explorer.png")
    # The data dictionary (data.describe, cell 23) fits: its long descriptions wrap, nothing
    # runs off the right edge, the last column is on screen.
    dictionary = lab.cell(23).locator(".jp-OutputArea-output table")
    dictionary.evaluate("el => el.scrollIntoView({block: 'start'})")
    lab.page.screenshot(path=str(screenshot_dir / "librarian-768-data-dictionary.png"))
    # No sideways scrolling: the whole table, its last column too, is inside what is shown.
    assert dictionary.evaluate("""el => {
        const out = el.closest('.jp-OutputArea-output');
        let box = el.parentElement;
        for (; box !== out; box = box.parentElement) {
            if (box.scrollWidth > box.clientWidth + 1) return false;
        }
        return out.scrollWidth <= out.clientWidth + 1
            && el.getBoundingClientRect().right <= out.getBoundingClientRect().right;
    }""")
    assert dictionary.locator("thead th").last.inner_text().replace("\n", "") == "description"
