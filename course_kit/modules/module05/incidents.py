"""Incident analysis for Module 5: when, where and what kind; which responses ended well.

Every function takes the incident log (:func:`course_kit.data.load_incidents`) and returns a
small table with its counts beside its percentages, or a
:class:`~course_kit.plotting.DescribedFigure`. They work on a library's own log if it has the
same columns. "Resolved" means the log's outcome is *resolved on the spot* or *resolved later*.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from course_kit.data import load_incidents
from course_kit.plotting import DescribedFigure, new_figure, styled

__all__ = [
    "AFTER_SCHOOL_HOURS",
    "GET_HELP_ACTIONS",
    "RESOLVED",
    "TIMES_OF_DAY",
    "action_outcomes",
    "boundary_vs_listening",
    "computer_disputes",
    "escalated_pct",
    "escalation_cost",
    "help_by_type",
    "incident_types",
    "model_use",
    "plot_action_escalation",
    "plot_computer_disputes",
    "time_of_day",
    "types_by_branch",
]

#: Outcomes that count as resolved.
RESOLVED: tuple[str, ...] = ("resolved on the spot", "resolved later")
#: Hours that start between 3 pm and 6 pm: after school.
AFTER_SCHOOL_HOURS: tuple[int, ...] = (15, 16, 17)
#: Staff actions that bring in someone else.
GET_HELP_ACTIONS: tuple[str, ...] = ("called supervisor", "called security/police")
_COMPUTER = "dispute over computer time"


def _pct(part: pd.Series | float, whole: pd.Series | float) -> pd.Series | float:
    return (100 * part / whole).round(1)


def _resolved(incidents: pd.DataFrame) -> pd.Series:
    return incidents["outcome"].astype(str).isin(RESOLVED)


def incident_types(incidents: pd.DataFrame) -> pd.DataFrame:
    """Each kind of incident: how many, its share, where it happens most, and at which branch."""
    types = incidents["type"].astype(str)
    table = pd.DataFrame({"incidents": types.value_counts()})
    table["% of all"] = _pct(table["incidents"], len(incidents))
    table["most often at (place)"] = incidents.groupby(types)["place"].agg(
        lambda s: s.astype(str).value_counts().index[0])
    central = incidents.groupby(types)["branch_id"].agg(lambda s: int((s == "CEN").sum()))
    table["% at Central"] = _pct(central.reindex(table.index), table["incidents"])
    table.index.name = "type"
    return table


def types_by_branch(incidents: pd.DataFrame) -> pd.DataFrame:
    """Counts of each kind of incident at each branch, with totals."""
    table = pd.crosstab(incidents["type"].astype(str), incidents["branch_id"], margins=True,
                        margins_name="total")
    table.index.name = "type"
    order = table.drop(index="total").sort_values("total", ascending=False).index
    return table.loc[[*order, "total"]]


def computer_disputes(incidents: pd.DataFrame, branch: str = "CEN") -> dict[str, float]:
    """Disputes over computer time: how many, how many at ``branch`` and after school (3-6 pm)."""
    disputes = incidents[incidents["type"].astype(str) == _COMPUTER]
    n = len(disputes)
    at_branch = disputes["branch_id"] == branch
    after = disputes["occurred_at"].dt.hour.isin(AFTER_SCHOOL_HOURS)
    return {
        "disputes": n,
        "at_branch": int(at_branch.sum()),
        "at_branch_%": float(_pct(at_branch.sum(), n)) if n else 0.0,
        "after_school": int(after.sum()),
        "after_school_%": float(_pct(after.sum(), n)) if n else 0.0,
        "at_branch_after_school": int((at_branch & after).sum()),
    }


@styled
def plot_computer_disputes(incidents: pd.DataFrame) -> DescribedFigure:
    """Bars of computer-time disputes by hour of the day, Central against the other branches."""
    disputes = incidents[incidents["type"].astype(str) == _COMPUTER]
    hours = list(range(9, 21))
    hour = disputes["occurred_at"].dt.hour
    central = hour[disputes["branch_id"] == "CEN"].value_counts().reindex(hours, fill_value=0)
    others = hour[disputes["branch_id"] != "CEN"].value_counts().reindex(hours, fill_value=0)
    fig = new_figure(7, 3.0)
    ax = fig.add_subplot()
    ax.bar(hours, central, label=f"Central (n = {int(central.sum())})")
    ax.bar(hours, others, bottom=central, label=f"Other branches (n = {int(others.sum())})",
           hatch="//", edgecolor="white")
    ax.axvspan(14.5, 17.5, color="#999999", alpha=0.15, lw=0)
    ax.set_xticks(hours, [f"{h % 12 or 12}{'am' if h < 12 else 'pm'}" for h in hours])
    ax.set_xlabel("Hour the dispute started (shaded: 3-6 pm, after school)")
    ax.set_ylabel("Disputes")
    ax.set_title(f"Disputes over computer time, 2024-2025 (n = {len(disputes)})")
    ax.legend()
    facts = computer_disputes(incidents)
    text = (f"Bar chart of {facts['disputes']} computer-time disputes by hour: "
            f"{facts['at_branch_%']:.0f}% were at Central and {facts['after_school_%']:.0f}% "
            "started between 3 and 6 pm, after school.")
    return DescribedFigure(fig, text)


def action_outcomes(incidents: pd.DataFrame) -> pd.DataFrame:
    """For each main staff action: incidents, % resolved and % that got worse first."""
    actions = incidents["staff_action"].astype(str)
    grouped = incidents.assign(_resolved=_resolved(incidents)).groupby(actions)
    table = pd.DataFrame({
        "incidents": grouped.size(),
        "% resolved": (100 * grouped["_resolved"].mean()).round(1),
        "% escalated": (100 * grouped["escalated"].mean()).round(1),
    })
    table.index.name = "staff action"
    return table.sort_values("% escalated")


@styled
def plot_action_escalation(incidents: pd.DataFrame) -> DescribedFigure:
    """Horizontal bars: the share of incidents that escalated, by what staff did first."""
    table = action_outcomes(incidents).sort_values("% escalated", ascending=False)
    fig = new_figure(7, 3.0)
    ax = fig.add_subplot()
    ax.barh(table.index, table["% escalated"])
    for y, (value, n) in enumerate(zip(table["% escalated"], table["incidents"], strict=True)):
        ax.text(value + 1, y, f"{value:.0f}% of {n}", va="center", fontsize=9)
    ax.set_xlim(0, 100)
    ax.set_xlabel("Incidents that got worse before they ended (%)")
    ax.set_title("What staff did, and how often it escalated")
    low, high = table.index[-1], table.index[0]
    text = (f"Horizontal bar chart of escalation by staff action: '{low}' escalated least "
            f"({table.loc[low, '% escalated']:.0f}% of {table.loc[low, 'incidents']}) and "
            f"'{high}' most ({table.loc[high, '% escalated']:.0f}% of "
            f"{table.loc[high, 'incidents']}).")
    return DescribedFigure(fig, text)


def boundary_vs_listening(incidents: pd.DataFrame, min_each: int = 5) -> pd.DataFrame:
    """Within each kind of incident: % escalated when staff only set a boundary, against when
    they listened and explained (kinds with at least ``min_each`` incidents of both).

    Comparing within a kind of incident rules out the easy excuse that boundaries are only set
    in harder cases.
    """
    rows = {}
    for kind, group in incidents.groupby(incidents["type"].astype(str)):
        action = group["staff_action"].astype(str)
        boundary = group[action == "set boundary"]
        listened = group[action == "listened and explained"]
        if len(boundary) >= min_each and len(listened) >= min_each:
            rows[kind] = {
                "set boundary: n": len(boundary),
                "set boundary: % escalated": round(100 * boundary["escalated"].mean(), 1),
                "listened: n": len(listened),
                "listened: % escalated": round(100 * listened["escalated"].mean(), 1),
            }
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "type"
    return table


def escalation_cost(incidents: pd.DataFrame) -> pd.DataFrame:
    """Incidents that escalated against those that did not: % resolved and median minutes."""
    resolved = _resolved(incidents)
    label = incidents["escalated"].map({True: "escalated", False: "did not escalate"})
    grouped = incidents.assign(_resolved=resolved).groupby(label)
    table = pd.DataFrame({
        "incidents": grouped.size(),
        "% resolved": (100 * grouped["_resolved"].mean()).round(1),
        "median minutes to resolve": grouped["minutes_to_resolve"].median().astype(float),
    }).reindex(["did not escalate", "escalated"])
    table.index.name = "the incident"
    return table


def model_use(incidents: pd.DataFrame) -> pd.DataFrame:
    """Incidents with a de-escalation model recorded (CARP, LEAP) or not: n and % escalated."""
    model = incidents["de_escalation_model"].astype(str)
    grouped = incidents.groupby(model)
    table = pd.DataFrame({
        "incidents": grouped.size(),
        "% escalated": (100 * grouped["escalated"].mean()).round(1),
    })
    any_model = model != "none recorded"
    table.loc["CARP or LEAP"] = [int(any_model.sum()),
                                 round(100 * incidents.loc[any_model, "escalated"].mean(), 1)]
    table["incidents"] = table["incidents"].astype(int)
    table.index.name = "model recorded"
    return table.reindex(["CARP", "LEAP", "CARP or LEAP", "none recorded"])


def help_by_type(incidents: pd.DataFrame) -> pd.DataFrame:
    """For each kind of incident: how often staff called a supervisor or security/police."""
    types = incidents["type"].astype(str)
    action = incidents["staff_action"].astype(str)
    grouped = incidents.assign(_sup=action == "called supervisor",
                               _sec=action == "called security/police").groupby(types)
    table = pd.DataFrame({
        "incidents": grouped.size(),
        "called supervisor": grouped["_sup"].sum().astype(int),
        "called security/police": grouped["_sec"].sum().astype(int),
    })
    table["% got help"] = _pct(table["called supervisor"] + table["called security/police"],
                               table["incidents"])
    table.index.name = "type"
    return table.sort_values("% got help", ascending=False)


def escalated_pct(action: str, directory: Path | None = None) -> float:
    """% of the log's incidents with main staff action ``action`` that escalated (from the data).

    The key of the graded data question: it follows the data, so a trainer's own log gives the
    right answer for that log.
    """
    table = action_outcomes(load_incidents(directory=directory))
    if action not in table.index:
        raise ValueError(f"No staff action called {action!r}; the log has: "
                         f"{', '.join(table.index)}.")
    return float(table.loc[action, "% escalated"])


#: Times of day, as (label, first hour, hour after the last).
TIMES_OF_DAY: tuple[tuple[str, int, int], ...] = (
    ("morning (before noon)", 0, 12), ("noon-3 pm", 12, 15), ("3-6 pm (after school)", 15, 18),
    ("evening (6 pm on)", 18, 24),
)


def time_of_day(incidents: pd.DataFrame) -> pd.DataFrame:
    """Counts of each kind of incident by time of day (the hour it started), with totals."""
    hour = incidents["occurred_at"].dt.hour
    columns = {}
    for label, start, end in TIMES_OF_DAY:
        inside = (hour >= start) & (hour < end)
        columns[label] = incidents[inside].groupby(
            incidents.loc[inside, "type"].astype(str)).size()
    table = pd.DataFrame(columns).fillna(0).astype(int)
    table["total"] = table.sum(axis=1)
    table = table.sort_values("total", ascending=False)
    table.loc["all kinds"] = table.sum()
    table.index.name = "type"
    return table
