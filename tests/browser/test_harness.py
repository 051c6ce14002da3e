"""The browser checks themselves: they pass on a good notebook and fail on broken ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import REPO_ROOT
from .lab import Lab

pytestmark = pytest.mark.browser

FIXTURES = Path(__file__).parent / "fixtures"


def _rel(path: Path) -> str:
    return path.relative_to(REPO_ROOT).as_posix()


def _format(problems: dict[str, list[str]]) -> str:
    return "\n".join(
        f"{kind}:\n  " + "\n  ".join(found) for kind, found in problems.items() if found
    )


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("broken_raises", {"error_outputs"}),
        ("broken_syntax", {"error_outputs"}),
        ("broken_callback", {"error_outputs"}),
        ("broken_widget", {"widget_errors", "unrendered_widgets"}),
    ],
)
def test_harness_detects_problems(lab: Lab, fixture: str, expected: set[str]) -> None:
    """The checks demonstrably fail on broken notebooks (the good one is below)."""
    lab.open_notebook(_rel(FIXTURES / f"{fixture}.ipynb"))
    lab.run_all()
    problems = lab.problems()
    detected = {kind for kind, found in problems.items() if found}
    assert detected == expected, _format(problems) or "nothing detected"


def test_good_notebook_clicks_restarts_and_reruns(lab: Lab) -> None:
    """On a good notebook nothing is detected; clicking the Button runs the kernel callback,
    which rewrites the HTML widget; after a kernel restart the old widgets go away and a
    re-run renders them again. (One Run All serves the three checks.)"""
    lab.open_notebook(_rel(FIXTURES / "widgets_ok.ipynb"))
    lab.run_all()
    assert lab.problems() == {"error_outputs": [], "widget_errors": [], "unrendered_widgets": []}
    html = lab.notebook().locator(".widget-html-content", has_text="Not clicked yet")
    assert html.count() == 1
    lab.notebook().get_by_role("button", name="Record visit").click()
    lab.notebook().locator(
        ".widget-html-content", has_text="Clicked 1 time(s) at 3 visits"
    ).wait_for()
    lab.notebook().locator(".widget-output", has_text="click 1").wait_for()
    assert lab.problems() == {"error_outputs": [], "widget_errors": [], "unrendered_widgets": []}

    lab.restart_kernel()
    lab.run_all()
    assert lab.problems() == {"error_outputs": [], "widget_errors": [], "unrendered_widgets": []}
    # Fresh kernel: the click counter starts again from zero.
    lab.notebook().locator(".widget-html-content", has_text="Not clicked yet").wait_for()
    lab.notebook().get_by_role("button", name="Record visit").click()
    lab.notebook().locator(".widget-html-content", has_text="Clicked 1 time(s)").wait_for()
