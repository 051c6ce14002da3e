"""The KPI dashboard of Module 10: one measure, one branch, one year, month by month.

The model precomputes the monthly table once, so each change of a control only reads it
(well under 100 ms). The chart is drawn in HTML (bars with their numbers written on them),
so it needs no image and reads the same in a screen reader.
"""

from __future__ import annotations

import html

import pandas as pd
import traitlets

from course_kit.modules.module10.analysis import MEASURES, monthly

__all__ = ["KPIDashboard"]

_BAR = "#0072B2"


class KPIDashboard(traitlets.HasTraits):
    """Pick a measure, a branch (or all) and a year; read the months, the total and the change."""

    measure = traitlets.Unicode("visits")
    branch = traitlets.Unicode("All")
    year = traitlets.Int(2025)

    def __init__(self, usage: pd.DataFrame, names: dict[str, str] | None = None,
                 residents: int | None = None) -> None:
        super().__init__()
        self.names = dict(names or {})
        self.residents = residents
        self.tables = {m: monthly(usage, m) for m in MEASURES}
        self.years = sorted({p.year for p in self.tables["visits"].index})
        self.branches = ["All", *[c for c in self.tables["visits"].columns if c != "All"]]

    @traitlets.validate("measure")
    def _valid_measure(self, proposal: traitlets.Bunch) -> str:
        if proposal["value"] not in MEASURES:
            raise traitlets.TraitError(f"Choose one of: {', '.join(MEASURES)}.")
        return proposal["value"]

    def series(self) -> pd.Series:
        """The chosen measure per month of the chosen year and branch."""
        table = self.tables[self.measure]
        if self.branch not in table.columns:
            raise ValueError(f"There is no branch “{self.branch}”.")
        column = table[self.branch]
        return column[column.index.year == self.year]

    def summary(self) -> str:
        """Total, per resident (all branches), change on the year before, busiest month."""
        months = self.series()
        where = self.names.get(self.branch, "all branches" if self.branch == "All"
                               else self.branch)
        text = (f"{MEASURES[self.measure]}, {where}, {self.year}: {int(months.sum()):,} in all; "
                f"busiest month {months.idxmax():%B} ({int(months.max()):,}), quietest "
                f"{months.idxmin():%B} ({int(months.min()):,}).")
        if self.branch == "All" and self.residents:
            text += f" That is {months.sum() / self.residents:.2f} per resident."
        if self.year - 1 in self.years:
            before = self.tables[self.measure][self.branch]
            before = before[before.index.year == self.year - 1].sum()
            if before:
                text += f" Change on {self.year - 1}: {100 * (months.sum() / before - 1):+.1f}%."
        return text

    def chart_html(self) -> str:
        """A bar per month with its number, and the summary as its caption."""
        months = self.series()
        top = float(months.max()) or 1.0
        rows = "".join(
            f'<div style="display:flex;align-items:center;gap:6px;margin:1px 0">'
            f'<span style="width:3em">{m:%b}</span>'
            f'<span style="display:inline-block;height:14px;background:{_BAR};'
            f'width:{70 * v / top:.1f}%"></span><span>{int(v):,}</span></div>'
            for m, v in months.items())
        return (f'<figure class="course-kit-kpi" style="margin:0;color:#111;max-width:640px">'
                f"{rows}<figcaption>{html.escape(self.summary())}</figcaption></figure>")
