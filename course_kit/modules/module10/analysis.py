"""Module 10's analyses: usage per resident, trends and seasons, satisfaction over time,
and the before/after view of an initiative.

National figures are the IMLS Public Libraries Survey's per-capita figures for FY2014 (NCES,
*Digest of Education Statistics*, table 701.60): visits 4.6, circulation 7.5, reference
transactions 0.9, public computer uses 1.1. The Net Promoter Score is Module 8's
(:func:`course_kit.modules.module08.scores.nps`).
"""

from __future__ import annotations

import pandas as pd

from course_kit.modules.module08.scores import nps
from course_kit.plotting import OKABE_ITO, DescribedFigure, new_figure, styled

__all__ = [
    "HOURS_WORDS",
    "MEASURES",
    "NATIONAL_FY2014",
    "after_3pm_before_after",
    "comments_by_score_group",
    "feedback_by_branch",
    "kpi_table",
    "monthly",
    "nps_by_week",
    "plot_nps_by_week",
    "plot_trend",
    "report_facts",
    "residents",
    "satisfaction_two_surveys",
    "seasonality",
]

#: The usage measures of ``usage.csv`` the dashboard shows, with plain names.
MEASURES: dict[str, str] = {
    "visits": "Visits (door count)",
    "loans": "Loans, all formats",
    "loans_print": "Print loans",
    "loans_ebook": "E-book loans",
    "computer_sessions": "Computer sessions",
    "wifi_sessions": "Wi-Fi sessions",
    "program_attendance": "Program attendance",
}

#: IMLS Public Libraries Survey, FY2014, per capita (NCES Digest of Education Statistics,
#: table 701.60). No program-attendance or Wi-Fi figure is given there.
NATIONAL_FY2014: dict[str, float] = {
    "Visits": 4.6,
    "Loans (circulation)": 7.5,
    "Reference transactions": 0.9,
    "Public computer uses": 1.1,
}

#: Words that mark a comment about opening hours (English and Spanish).
HOURS_WORDS = ("hour", "evening", "closing", "closed", "open", "tarde", "horario", "abren")

_LOANS = ["loans_print", "loans_ebook", "loans_audio", "loans_dvd"]


def residents(community: pd.DataFrame) -> int:
    """Millbrook's residents (``community.csv``)."""
    return int(community["population"].sum())


def _with_loans(usage: pd.DataFrame) -> pd.DataFrame:
    out = usage.copy()
    out["loans"] = out[_LOANS].sum(axis=1)
    return out


def kpi_table(usage: pd.DataFrame, reference: pd.DataFrame, programs: pd.DataFrame,
              community: pd.DataFrame, year: int = 2025) -> pd.DataFrame:
    """The year's use, per resident, beside the US per-capita figure (IMLS FY2014).

    Reference transactions are the rows of ``reference.csv`` with question_type "reference"
    (IMLS counts reference questions, not directions or technical help).
    """
    people = residents(community)
    use = usage[usage["date"].dt.year == year]
    ref = reference[(reference["asked_at"].dt.year == year)
                    & (reference["question_type"] == "reference")]
    prog = programs[programs["date"].dt.year == year]
    counts = {
        "Visits": int(use["visits"].sum()),
        "Loans (circulation)": int(use[_LOANS].sum().sum()),
        "Reference transactions": len(ref),
        "Public computer uses": int(use["computer_sessions"].sum()),
        "Program attendance": int(prog["attendance"].sum()),
        "Wi-Fi sessions": int(use["wifi_sessions"].sum()),
    }
    out = pd.DataFrame({"count": counts})
    out["per resident"] = (out["count"] / people).round(2)
    out["US per capita (FY2014)"] = pd.Series(NATIONAL_FY2014)
    out.index.name = f"{year} (residents: {people:,})"
    return out


def monthly(usage: pd.DataFrame, measure: str = "visits") -> pd.DataFrame:
    """Monthly totals of ``measure`` per branch (columns) and for all branches."""
    if measure not in MEASURES:
        raise ValueError(f"Choose one of: {', '.join(MEASURES)}.")
    use = _with_loans(usage)
    table = (use.groupby([use["date"].dt.to_period("M"), "branch_id"])[measure].sum()
             .unstack("branch_id"))
    table["All"] = table.sum(axis=1)
    table.index.name = "month"
    return table


def seasonality(usage: pd.DataFrame, measure: str = "visits") -> pd.DataFrame:
    """Each calendar month's share of its year's total, per year, in % (1/12 = 8.3%).

    The columns name the year and its total (n), e.g. ``2025 % (n = 109,232)``.
    """
    table = monthly(usage, measure)["All"]
    frame = pd.DataFrame({"year": table.index.year, "month": table.index.month,
                          "value": table.to_numpy()})
    frame["share %"] = 100 * frame["value"] / frame.groupby("year")["value"].transform("sum")
    out = frame.pivot(index="month", columns="year", values="share %").round(1)
    out.index = pd.Index([pd.Timestamp(2025, m, 1).strftime("%b") for m in out.index],
                         name="month")
    totals = frame.groupby("year")["value"].sum()
    out.columns = [f"{year} % (n = {int(totals[year]):,})" for year in out.columns]
    return out


@styled
def plot_trend(usage: pd.DataFrame, measure: str = "visits",
               names: dict[str, str] | None = None) -> DescribedFigure:
    """Monthly ``measure`` per branch, 2024–2025, one line per branch."""
    table = monthly(usage, measure).drop(columns="All")
    fig = new_figure(7.0, 3.6)
    ax = fig.add_subplot()
    styles = ["-", "--", "-.", ":"]
    for i, branch in enumerate(table.columns):
        ax.plot(table.index.to_timestamp(), table[branch], styles[i % 4],
                color=OKABE_ITO[i % len(OKABE_ITO)], label=(names or {}).get(branch, branch))
    ax.set_ylabel(MEASURES[measure])
    ax.set_title(f"{MEASURES[measure]} per month and branch, 2024–2025")
    ax.legend(ncols=4, fontsize=9, loc="upper center", bbox_to_anchor=(0.5, -0.12))
    peak = table.sum(axis=1).idxmax().strftime("%B %Y")
    low = table.sum(axis=1).idxmin().strftime("%B %Y")
    description = (f"Line chart of {MEASURES[measure].lower()} per month for each branch in "
                   f"2024 and 2025; the total is highest in {peak} and lowest in {low}.")
    return DescribedFigure(fig, description)


def nps_by_week(responses: pd.DataFrame) -> pd.DataFrame:
    """NPS per survey week (Monday start) with its answers and 95% interval (Module 8's nps)."""
    weeks = responses["submitted_on"].dt.to_period("W-SUN").dt.start_time
    rows = {}
    for week, part in responses.groupby(weeks):
        r = nps(part["recommend_0_10"])
        rows[week.date()] = {"answers": r.n, "NPS": round(r.score, 1),
                             "95% low": round(r.low, 1), "95% high": round(r.high, 1)}
    out = pd.DataFrame(rows).T
    out["answers"] = out["answers"].astype(int)
    out.index.name = "week starting"
    return out


@styled
def plot_nps_by_week(table: pd.DataFrame) -> DescribedFigure:
    """Weekly NPS as points with their 95% intervals as bars."""
    fig = new_figure(7.0, 3.2)
    ax = fig.add_subplot()
    x = range(len(table))
    ax.errorbar(x, table["NPS"], yerr=[table["NPS"] - table["95% low"],
                                      table["95% high"] - table["NPS"]],
                fmt="o", color=OKABE_ITO[0], capsize=4)
    ax.axhline(0, color="#555", linewidth=0.8)
    ax.set_xticks(list(x), [f"{d:%b %d}\n(n={n})" for d, n in zip(table.index, table["answers"],
                                                                  strict=True)])
    ax.set_ylabel("NPS (−100 to +100)")
    ax.set_title("Net Promoter Score by survey week, autumn 2025")
    description = (f"Weekly NPS from {table['NPS'].min():+.0f} to {table['NPS'].max():+.0f}, "
                   f"each with a 95% interval about {_mean_width(table):.0f} points wide, "
                   "so the weeks overlap.")
    return DescribedFigure(fig, description)


def _mean_width(table: pd.DataFrame) -> float:
    return float((table["95% high"] - table["95% low"]).mean())


def satisfaction_two_surveys(needs: pd.DataFrame, responses: pd.DataFrame) -> pd.DataFrame:
    """Mean satisfaction (1–5) of library users in the spring needs survey and the autumn
    user survey, with the number of answers and the share answering 4 or 5."""
    spring = needs.loc[needs["uses_library"].astype(bool), "satisfaction"].dropna().astype(float)
    autumn = responses["overall_satisfaction"].dropna().astype(float)
    rows = {}
    for label, values, when in (("needs survey (users)", spring, "Mar–May 2025"),
                                ("user survey", autumn, "Oct–Nov 2025")):
        rows[label] = {"when": when, "answers": len(values), "mean (1-5)": round(values.mean(), 2),
                       "4 or 5 %": round(100 * (values >= 4).mean(), 1)}
    out = pd.DataFrame(rows).T
    out.index.name = "survey"
    return out


def after_3pm_before_after(usage: pd.DataFrame, names: dict[str, str] | None = None,
                           ) -> pd.DataFrame:
    """Weekday visits after 3 pm per branch, 2024 against 2025, and the % change.

    Riverside's evening hours ended on 1 January 2025; the other branches kept theirs, so
    they are the comparison.
    """
    weekday = usage[usage["date"].dt.day_of_week < 5]
    sums = weekday.groupby([weekday["date"].dt.year, "branch_id"])["visits_after_3pm"].sum()
    out = pd.DataFrame({"2024": sums.loc[2024], "2025": sums.loc[2025]})
    out["change %"] = (100 * (out["2025"] / out["2024"] - 1)).round(1)
    if names:
        out.index = out.index.map(lambda b: names.get(b, b))
    out.index.name = "branch"
    return out


def _about_hours(comments: pd.Series) -> pd.Series:
    text = comments.fillna("").str.lower()
    return text.str.contains("|".join(HOURS_WORDS), regex=True)


def feedback_by_branch(responses: pd.DataFrame, names: dict[str, str] | None = None,
                       ) -> pd.DataFrame:
    """Per branch: answers, NPS with its interval (Module 8), mean satisfaction (1–5),
    comments written and comments about opening hours."""
    rows = {}
    for branch, part in responses.groupby("branch_id"):
        r = nps(part["recommend_0_10"])
        comments = part["comment"].fillna("").str.strip() != ""
        rows[(names or {}).get(branch, branch)] = {
            "answers": r.n, "NPS": round(r.score, 1), "95% low": round(r.low, 1),
            "95% high": round(r.high, 1),
            "satisfaction (1-5)": round(float(part["overall_satisfaction"].mean()), 2),
            "comments": int(comments.sum()),
            "about hours": int((_about_hours(part["comment"]) & comments).sum())}
    out = pd.DataFrame(rows).T
    for column in ("answers", "comments", "about hours"):
        out[column] = out[column].astype(int)
    out.index.name = "branch"
    return out


def comments_by_score_group(responses: pd.DataFrame, group: str = "detractors",
                            top: int = 6) -> pd.DataFrame:
    """The commonest comments of promoters (9–10), passives (7–8) or detractors (0–6)."""
    score = responses["recommend_0_10"]
    masks = {"promoters": score >= 9, "passives": score.between(7, 8),
             "detractors": score <= 6}
    if group not in masks:
        raise ValueError(f"group must be one of: {', '.join(masks)}")
    comments = responses.loc[masks[group], "comment"].dropna()
    comments = comments[comments.str.strip() != ""]
    counts = comments.value_counts().head(top)
    out = pd.DataFrame({"times": counts.astype(int),
                        "about hours": _about_hours(counts.index.to_series()).to_numpy()})
    out.index.name = f"comment ({len(comments)} comments from {int(masks[group].sum())} {group})"
    return out


def report_facts(visits: pd.DataFrame, usage: pd.DataFrame, responses: pd.DataFrame,
                 branch: str = "RIV") -> pd.DataFrame:
    """The figures a report on a branch's change needs: the branch in 2024 and 2025, its
    change, the other branches' change, and the NPS with its number of answers."""
    year = visits["month"].dt.year
    mine = visits["branch_id"] == branch
    def total(mask: pd.Series, column: str, when: int) -> int:
        return int(visits.loc[mask & (year == when), column].sum())
    def pct(before: float, after: float) -> str:
        return f"{100 * (after / before - 1):+.1f}%"
    rows = {}
    before, after = total(mine, "visits", 2024), total(mine, "visits", 2025)
    others = (total(~mine, "visits", 2024), total(~mine, "visits", 2025))
    rows["Visits"] = (f"{before:,}", f"{after:,}", pct(before, after), pct(*others))
    hours = (total(mine, "open_hours", 2024), total(mine, "open_hours", 2025))
    rows["Open hours"] = (f"{hours[0]:,}", f"{hours[1]:,}", pct(*hours),
                          pct(total(~mine, "open_hours", 2024), total(~mine, "open_hours", 2025)))
    rows["Visits per open hour"] = (f"{before / hours[0]:.1f}", f"{after / hours[1]:.1f}",
                                    pct(before / hours[0], after / hours[1]), "")
    late = after_3pm_before_after(usage)
    rest = late.drop(index=branch)[["2024", "2025"]].sum()
    rows["Weekday visits after 3 pm"] = (f"{late.loc[branch, '2024']:,}",
                                         f"{late.loc[branch, '2025']:,}",
                                         pct(late.loc[branch, "2024"], late.loc[branch, "2025"]),
                                         pct(rest["2024"], rest["2025"]))
    here = nps(responses.loc[responses["branch_id"] == branch, "recommend_0_10"])
    there = nps(responses.loc[responses["branch_id"] != branch, "recommend_0_10"])
    rows["NPS, autumn 2025"] = ("", f"{here.score:+.1f} (n = {here.n})", "",
                                f"{there.score:+.1f} (n = {there.n})")
    out = pd.DataFrame(rows, index=["2024", "2025", "change", "other branches"]).T
    out.index.name = "measure"
    return out
