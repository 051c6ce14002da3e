"""Check a finished assessment with the published keys: instant feedback without a trainer."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from course_kit.selfassess import SelfAssessment, self_assess
from course_kit.widgets.base import MessageArea, UserInputError, friendly_callback, labelled

__all__ = ["SelfAssessView", "assessment_notebooks", "results_html"]

_ICON = {"right": ("✔", "Earned", "#1b5e20"), "wrong": ("✘", "Not this time", "#8a1c1c"),
         "not answered": ("…", "Not answered", "#37474f")}


def assessment_notebooks(root: Path | None = None) -> list[Path]:
    """The participants' assessments in the kit (``exercises/release/*/*.ipynb``)."""
    base = root or Path(__file__).resolve().parents[2]
    return sorted((base / "exercises" / "release").glob("module*/*.ipynb"))


def _plain(text: str) -> str:
    """The words of a prompt on one line, without Markdown's bold marks."""
    return " ".join(text.replace("**", "").split())


def results_html(result: SelfAssessment) -> str:
    """The result as an HTML table (everything escaped; status said in words, not colour)."""
    esc = html.escape
    rows = []
    for item in result.items:
        icon, word, colour = _ICON[item.status]
        rows.append(
            f"<tr><td>{item.number}</td><td>{esc(_plain(item.prompt))}</td>"
            f"<td><span style='color:{colour};font-weight:bold'>{icon} {word}</span> "
            f"({item.earned:g} of {item.points:g})</td><td>{esc(item.feedback)}</td></tr>")
    table = ("<table class='course-kit-selfassess-table' style='border-collapse:collapse'>"
             "<caption>Your answers, checked with the published keys</caption><thead><tr>"
             "<th scope='col'>Question</th><th scope='col'>Asked</th><th scope='col'>Result"
             "</th><th scope='col'>Why</th></tr></thead><tbody>" + "".join(rows) +
             "</tbody></table>") if rows else ""
    manual = "".join(
        f"<h4>Judge your own work ({points:g} points)</h4><p>{esc(_plain(prompt))}"
        "</p><ul>" + "".join(f"<li>{esc(level)}</li>" for level in rubric) + "</ul>"
        for prompt, points, rubric in result.manual)
    return f"<p><strong>{esc(result.summary())}</strong></p>{table}{manual}"


class SelfAssessView(widgets.VBox):
    """Pick an assessment you filled in, click Check, read what you earned and why."""

    def __init__(self, notebooks: list[Path] | None = None) -> None:
        found = notebooks if notebooks is not None else assessment_notebooks()
        self.messages = MessageArea()
        self.picker = labelled(widgets.Dropdown(
            options=[(p.parent.name.replace("module", "Module "), str(p)) for p in found],
            layout={"width": "max-content"}), "Assessment")
        self.button = widgets.Button(description="Check my answers", button_style="primary",
                                     tooltip="Run my assessment and check it",
                                     layout={"width": "max-content"})
        self.results = widgets.HTML()
        self.button.on_click(friendly_callback(self.messages)(self._on_check))
        super().__init__([widgets.HBox([self.picker, self.button]), self.messages,
                          self.results])
        self.add_class("course-kit-selfassess")

    def _on_check(self, _button: Any = None) -> None:
        if not self.picker.value:
            raise UserInputError("There is no assessment to check in exercises/release/.")
        self.messages.show("Running your notebook and checking it: this takes a few "
                           "seconds…", "info")
        result = self_assess(Path(self.picker.value))
        if result.problem:
            self.results.value = ""
            self.messages.show(result.problem, "warning")
            return
        self.results.value = results_html(result)
        self.messages.show("Checked. Save your notebook, and keep trying the ones you missed.",
                           "success")
