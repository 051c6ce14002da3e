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
import numpy as np
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
        super().__init__()
        # The desk's minutes per hour depend on the branch only: computed once, here.
        self.desk = {b: ref.desk_minutes(self.log, b) for b in self.choices["branch"][1:]}
        # Plain arrays for the filters and counts: a filter change costs a few milliseconds.
        self._codes = {
            key: pd.Categorical(self.log[column].astype(str),
                                categories=self.choices[key][1:]).codes
            for key, column in (("branch", "branch_id"), ("mode", "mode"),
                                ("question_type", "question_type"))
        }
        self._read = self.log["read_level"].to_numpy()
        self._minutes = self.log["duration_minutes"].to_numpy()
        self._resolved = self.log["resolved"].to_numpy(dtype=bool)
        self._slot = (self.log["day"].to_numpy(dtype=np.int64) * 24
                      + self.log["hour"].to_numpy(dtype=np.int64))
        self.mask = np.ones(len(self.log), dtype=bool)
        with self.hold_trait_notifications():
            for key, value in kwargs.items():  # filters given up front, checked like any
                setattr(self, key, value)
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
        """Select the rows for the filters (:attr:`mask`); views then read :meth:`figures`."""
        mask = np.ones(len(self.log), dtype=bool)
        for key in ("branch", "mode", "question_type"):
            value = getattr(self, key)
            if value != "all":
                mask &= self._codes[key] == self.choices[key].index(value) - 1
        self.mask = mask
        self.version += 1

    @property
    def rows(self) -> pd.DataFrame:
        """The selected rows of the log."""
        return self.log[self.mask]

    def heat(self) -> pd.DataFrame:
        """Questions per weekday and hour for the selection (as :func:`weekday_hour`)."""
        counts = np.bincount(self._slot[self.mask], minlength=7 * 24).reshape(7, 24)
        table = pd.DataFrame(counts, index=list(ref.DAYS), columns=range(24))
        used = [h for h in range(24) if counts[:, h].sum() > 0]
        return table[used] if used else table.iloc[:, 9:18]

    def summary(self) -> ref.LogSummary:
        """Headline figures for the selected rows (as :func:`summarise`)."""
        total = int(self.mask.sum())
        open_ = int((~self._resolved[self.mask]).sum())
        pct = round(100 * open_ / total, 1) if total else 0.0
        busiest = None
        if total:
            counts = np.bincount(self._slot[self.mask], minlength=7 * 24)
            slot = int(counts.argmax())
            busiest = (ref.DAYS[slot // 24], slot % 24, int(counts[slot]))
        return ref.LogSummary(total, open_, pct, busiest)

    def counts(self, key: str) -> list[tuple[str, int, float, float]]:
        """``(value, questions, share %, median minutes)`` for each mode or question type,
        largest first (as :func:`by_mode` and :func:`by_type`)."""
        codes, names = self._codes[key][self.mask], self.choices[key][1:]
        minutes, total = self._minutes[self.mask], max(int(self.mask.sum()), 1)
        out = []
        for i, name in enumerate(names):
            chosen = codes == i
            n = int(chosen.sum())
            if n:
                out.append((name, n, round(100 * n / total, 1),
                            float(np.median(minutes[chosen]))))
        return sorted(out, key=lambda row: -row[1])

    def levels(self) -> list[tuple[int, int, float, float]]:
        """``(READ level, questions, share %, median minutes)`` (as :func:`by_read_level`)."""
        read, minutes = self._read[self.mask], self._minutes[self.mask]
        total = max(int(self.mask.sum()), 1)
        out = []
        for level in ref.READ_LEVELS:
            chosen = read == level
            n = int(chosen.sum())
            out.append((level, n, round(100 * n / total, 1),
                        float(np.median(minutes[chosen])) if n else float("nan")))
        return out

    def staffing(self) -> dict[str, list[tuple[str, int, float]]]:
        """For each branch in the selection: hours that need a second person at the desk.

        Uses the branch filter only: the desk's load is all its questions, whatever
        mode or type is being looked at.
        """
        branches = self.choices["branch"][1:] if self.branch == "all" else [self.branch]
        return {b: ref.hours_over(self.desk[b], self.threshold) for b in branches}


def _table(index: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> str:
    """A small table as HTML, the first item of each row as its header."""
    head = "".join(f'<th scope="col">{c}</th>' for c in (index, *columns))
    body = "".join(
        f'<tr><th scope="row">{html.escape(str(r[0]))}</th>'
        + "".join(f"<td>{v:,}</td>" if isinstance(v, int) else f"<td>{v:g}</td>" for v in r[1:])
        + "</tr>" for r in rows)
    return (f'<table class="course-kit-table"><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>")


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
        summary = self.model.summary()
        self.summary.value = f"<p><strong>{summary.sentence()}</strong></p>"
        if not summary.questions:
            self.heatmap.value = self.tables.value = ""
            self.messages.show("No questions match these filters. Choose 'all' in one of "
                               "the drop-downs.", "info")
        else:
            self.messages.clear()
            self.heatmap.value = ref.heatmap_html(
                self.model.heat(), f"Questions by weekday (rows) and hour (columns), "
                f"n = {summary.questions:,}. Darker cells have more questions.")
            mode = _table("mode", ("questions", "share_%", "median_minutes"),
                          self.model.counts("mode"))
            kind = _table("question type", ("questions", "share_%", "median_minutes"),
                          self.model.counts("question_type"))
            read = _table("READ level", ("questions", "share_%", "median_minutes"),
                          self.model.levels())
            self.tables.value = (
                '<div style="display:flex;flex-wrap:wrap;gap:8px 24px">'
                f"<div>{mode}</div><div>{kind}</div><div>{read}</div></div>")
        self.staffing.value = _staffing_html(self.model.staffing(), self.model.threshold,
                                             self.names)
