"""The reference-log explorer: filters over the question log, figures that follow them.

:class:`LogExplorerModel` holds the filters and computes the figures (tested without a
browser); :class:`LogExplorer` is the thin view: four labelled drop-downs, a summary line,
the tables by mode, type and READ level, a weekday × hour heat map and the hours that
need a second person at the desk.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets
import pandas as pd
import traitlets

from course_kit.modules.module04 import reference_log as ref
from course_kit.widgets.base import MessageArea, friendly_callback, labelled

__all__ = ["THRESHOLDS", "LogExplorer", "LogExplorerModel"]

#: Minutes of desk questions per hour from which the explorer suggests a second person.
THRESHOLDS: tuple[int, ...] = (20, 30, 40, 50)


class LogExplorerModel(traitlets.HasTraits):
    """Filters (branch, mode, question type, staffing threshold) and the figures for them."""

    branch = traitlets.Unicode("all")
    mode = traitlets.Unicode("all")
    question_type = traitlets.Unicode("all")
    threshold = traitlets.Int(30)
    #: Changes each time the figures are recomputed (views observe it).
    version = traitlets.Int(0)

    def __init__(self, log: pd.DataFrame, **kwargs: Any) -> None:
        self.log = log if "day" in log.columns else ref.prepare(log)
        self.choices: dict[str, list[str]] = {
            "branch": ["all", *sorted(self.log["branch_id"].unique())],
            "mode": ["all", *[str(c) for c in self.log["mode"].cat.categories]],
            "question_type": ["all", *[str(c) for c in self.log["question_type"].cat.categories]],
        }
        super().__init__(**kwargs)
        self.rows = self.log
        self.recompute()

    @traitlets.validate("branch", "mode", "question_type")
    def _known(self, proposal: dict[str, Any]) -> str:
        name, value = proposal["trait"].name, proposal["value"]
        if value not in self.choices[name]:
            raise traitlets.TraitError(
                f"{value!r} is not a {name.replace('_', ' ')} in the log. "
                f"Choose one of: {', '.join(self.choices[name])}.")
        return value

    @traitlets.validate("threshold")
    def _positive(self, proposal: dict[str, Any]) -> int:
        if not 1 <= proposal["value"] <= 60:
            raise traitlets.TraitError("The threshold is minutes in an hour: 1 to 60.")
        return proposal["value"]

    @traitlets.observe("branch", "mode", "question_type", "threshold")
    def _changed(self, _change: dict[str, Any]) -> None:
        self.recompute()

    def recompute(self) -> None:
        """Select the rows for the filters; the figures are read from :attr:`rows`."""
        self.rows = ref.filter_log(self.log, self.branch, self.mode, self.question_type)
        self.version += 1

    def summary(self) -> ref.LogSummary:
        """Headline figures for the selected rows."""
        return ref.summarise(self.rows)

    def staffing(self) -> dict[str, list[tuple[str, int, float]]]:
        """For each branch in the selection: hours that need a second person at the desk.

        Uses the branch filter only: the desk's load is all its questions, whatever
        mode or type is being looked at.
        """
        branches = self.choices["branch"][1:] if self.branch == "all" else [self.branch]
        return {b: ref.second_person_hours(self.log, b, self.threshold) for b in branches}


def _staffing_html(staffing: dict[str, list[tuple[str, int, float]]], threshold: int,
                   names: dict[str, str]) -> str:
    items = []
    for code, hours in staffing.items():
        branch = html.escape(names.get(code, code))
        if not hours:
            items.append(f"<li><strong>{branch}</strong>: one person is enough at every hour.</li>")
            continue
        shown = ", ".join(f"{d} {h}:00 ({m:.0f} min)" for d, h, m in hours[:8])
        more = f" and {len(hours) - 8} more" if len(hours) > 8 else ""
        items.append(f"<li><strong>{branch}</strong>: {len(hours)} hours a week; busiest "
                     f"{shown}{more}.</li>")
    return (f"<p><strong>A second person at the desk</strong> (desk questions, in person and "
            f"by phone, fill {threshold} minutes or more of the hour on average):</p>"
            f"<ul>{''.join(items)}</ul>")


class LogExplorer(widgets.VBox):
    """Drop-downs for branch, mode, question type and threshold over a LogExplorerModel.

    ``branches`` (the branches table) is optional: with it, branches are shown by name.
    """

    def __init__(self, log: pd.DataFrame, branches: pd.DataFrame | None = None) -> None:
        self.model = LogExplorerModel(log)
        self.names: dict[str, str] = (
            dict(zip(branches["branch_id"], branches["name"], strict=True))
            if branches is not None else {})
        self.messages = MessageArea()
        self.summary = widgets.HTML()
        self.tables = widgets.HTML()
        self.heatmap = widgets.HTML()
        self.staffing = widgets.HTML()
        names = {"branch": "Branch", "mode": "Mode", "question_type": "Question type"}
        self.controls: dict[str, widgets.Dropdown] = {
            key: labelled(widgets.Dropdown(
                options=[(self.names.get(v, v), v) for v in self.model.choices[key]],
                value=getattr(self.model, key), layout={"width": "max-content"}), label)
            for key, label in names.items()
        }
        self.controls["threshold"] = labelled(
            widgets.Dropdown(options=list(THRESHOLDS), value=self.model.threshold,
                             layout={"width": "max-content"}),
            "Second person from (minutes per hour)")
        guarded = friendly_callback(self.messages)
        for key, control in self.controls.items():
            widgets.link((control, "value"), (self.model, key))
        self.model.observe(guarded(self._refresh), names="version")
        filters = widgets.HBox(list(self.controls.values()),
                               layout={"flex_flow": "row wrap"})
        super().__init__([filters, self.messages, self.summary, self.heatmap, self.tables,
                          self.staffing])
        self.add_class("course-kit-log-explorer")
        self._refresh()

    def _refresh(self, _change: Any = None) -> None:
        rows = self.model.rows
        self.summary.value = f"<p><strong>{self.model.summary().sentence()}</strong></p>"
        if rows.empty:
            self.heatmap.value = self.tables.value = ""
            self.messages.show("No questions match these filters. Choose 'all' in one of "
                               "the drop-downs.", "info")
        else:
            self.messages.clear()
            self.heatmap.value = ref.heatmap_html(
                ref.weekday_hour(rows), f"Questions by weekday (rows) and hour (columns), "
                f"n = {len(rows):,}. Darker cells have more questions.")
            mode = ref.by_mode(rows).to_html(classes="course-kit-table", border=0)
            read = ref.by_read_level(rows).drop(columns="what the level means").to_html(
                classes="course-kit-table", border=0)
            kind = ref.by_type(rows).to_html(classes="course-kit-table", border=0)
            self.tables.value = (
                '<div style="display:flex;flex-wrap:wrap;gap:8px 24px">'
                f"<div>{mode}</div><div>{kind}</div><div>{read}</div></div>")
        self.staffing.value = _staffing_html(self.model.staffing(), self.model.threshold,
                                             self.names)
