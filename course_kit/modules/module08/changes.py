"""Evaluating a service change: before and after, against branches that did not change.

A single "before/after" number mixes the change with everything else that happened that
year. Comparing the branch that changed with branches that did not (a *difference in
differences*) separates the two, and a rate (visits per open hour) shows whether people
stopped coming or only lost the hours they used to come in. Millbrook's example is
Riverside's evening hours, ended on January 1, 2025; the same steps evaluate a change a
library makes after listening to users.
"""

from __future__ import annotations

import pandas as pd

from course_kit.plotting import OKABE_ITO, DescribedFigure, new_figure, styled

__all__ = [
    "before_after",
    "difference_in_differences",
    "plot_monthly",
    "program_before_after",
]


def before_after(visits: pd.DataFrame, change_on: str = "2025-01-01",
                 names: dict[str, str] | None = None) -> pd.DataFrame:
    """Visits and visits per open hour per branch, 12 months before and after ``change_on``.

    ``visits`` has month, branch_id, visits and open_hours (``visits.csv``).
    """
    when = pd.Timestamp(change_on)
    start, end = when - pd.DateOffset(years=1), when + pd.DateOffset(years=1)
    table = visits[(visits["month"] >= start) & (visits["month"] < end)].copy()
    table["period"] = (table["month"] >= when).map({False: "before", True: "after"})
    sums = table.groupby(["branch_id", "period"])[["visits", "open_hours"]].sum().unstack()
    out = pd.DataFrame({
        "visits before": sums[("visits", "before")],
        "visits after": sums[("visits", "after")],
    })
    out["change %"] = (100 * (out["visits after"] / out["visits before"] - 1)).round(1)
    out["per open hour before"] = (sums[("visits", "before")]
                                   / sums[("open_hours", "before")]).round(1)
    out["per open hour after"] = (sums[("visits", "after")]
                                  / sums[("open_hours", "after")]).round(1)
    if names:
        out.index = out.index.map(lambda b: names.get(b, b))
    out.index.name = "branch"
    return out


def difference_in_differences(table: pd.DataFrame, changed: str) -> float:
    """The changed branch's % change minus the average % change of the other branches.

    ``table`` is :func:`before_after`'s output. About 0 means the change made no difference
    beyond what happened everywhere.
    """
    others = table.drop(index=changed)
    others_change = 100 * (others["visits after"].sum() / others["visits before"].sum() - 1)
    return round(float(table.loc[changed, "change %"] - others_change), 1)


def program_before_after(programs: pd.DataFrame, before_title: str, after_title: str,
                         ) -> pd.DataFrame:
    """Sessions and attendance per session for a program before and after it was changed."""
    rows = {}
    for label, title in (("before", before_title), ("after", after_title)):
        part = programs[programs["title"] == title]
        rows[label] = {
            "program": title,
            "day": part["date"].dt.day_name().mode().iat[0] if len(part) else "",
            "sessions": len(part),
            "attendance": int(part["attendance"].sum()),
            "per session": round(float(part["attendance"].mean()), 1) if len(part) else 0.0,
        }
    return pd.DataFrame(rows).T


@styled
def plot_monthly(visits: pd.DataFrame, branch: str, change_on: str = "2025-01-01",
                 names: dict[str, str] | None = None) -> DescribedFigure:
    """Monthly visits of one branch, this year against last year, month by month."""
    names = names or {}
    when = pd.Timestamp(change_on)
    part = visits[visits["branch_id"] == branch].copy()
    part["year"] = part["month"].dt.year
    part["m"] = part["month"].dt.month
    fig = new_figure(7.0, 3.4)
    ax = fig.subplots()
    styles = {when.year - 1: (OKABE_ITO[0], "o", "-"), when.year: (OKABE_ITO[5], "s", "--")}
    for year, (colour, marker, line) in styles.items():
        one = part[part["year"] == year].sort_values("m")
        ax.plot(one["m"], one["visits"], color=colour, marker=marker, linestyle=line,
                label=str(year))
    ax.set_xticks(range(1, 13), ["J", "F", "M", "A", "M", "J", "J", "A", "S", "O", "N", "D"])
    ax.set_ylim(bottom=0)
    ax.set_ylabel("Visits per month")
    ax.legend(title="Year")
    name = names.get(branch, branch)
    ax.set_title(f"{name}: visits per month")
    before = part[part["year"] == when.year - 1].set_index("m")["visits"]
    after = part[part["year"] == when.year].set_index("m")["visits"]
    lower = int((after < before.reindex(after.index)).sum())
    description = (f"{name}'s monthly visits in {when.year} (dashed) against {when.year - 1} "
                   f"(solid): {lower} of {len(after)} months are lower.")
    return DescribedFigure(fig, description)
