"""Millbrook examples for Module 3: welcome, attention, credibility, follow-ups, lapsed users.

Each function takes the case-study tables (see :mod:`course_kit.data`) and returns a small
table with its sample sizes, or a :class:`~course_kit.plotting.DescribedFigure`.
"""

from __future__ import annotations

import pandas as pd

from course_kit.plotting import OKABE_ITO, DescribedFigure, new_figure

__all__ = [
    "LAPSED_BEFORE",
    "adequacy_by_branch",
    "branch_languages",
    "contact_preferences",
    "follow_ups_by_mode",
    "lapsed",
    "lapsed_by_segment",
    "lapsed_percent",
    "plot_lapsed",
    "plot_resolved_by_effort",
    "resolved_by_effort",
    "staff_comments",
    "welcome_audit",
]

#: A patron last active before this day has not used the card in the last 12 months.
LAPSED_BEFORE = pd.Timestamp("2025-01-01")

_BRANCH_NAMES = {"CEN": "Central", "EAS": "Eastside", "HIL": "Hillcrest", "RIV": "Riverside"}


def adequacy_by_branch(ratings: pd.DataFrame, responses: pd.DataFrame, items: pd.DataFrame,
                       item_ids: list[str]) -> pd.DataFrame:
    """Mean adequacy gap (perceived − minimum) per branch for the chosen survey items.

    A negative gap means the service is rated below the minimum people find acceptable
    (LibQUAL+ style; adapted items). ``n`` counts respondents who rated the item.
    """
    merged = ratings[ratings["item_id"].isin(item_ids)].merge(
        responses[["respondent_id", "branch_id"]], on="respondent_id")
    merged = merged.dropna(subset=["perceived", "minimum"])
    merged = merged.assign(gap=(merged["perceived"] - merged["minimum"]).astype(float))
    table = (merged.groupby(["item_id", "branch_id"])["gap"].agg(["mean", "count"])
             .reset_index())
    texts = items.set_index("item_id")["text"]
    table["item"] = table["item_id"].map(texts)
    table["branch"] = table["branch_id"].map(_BRANCH_NAMES)
    table = table.rename(columns={"mean": "adequacy_gap", "count": "n"})
    table["adequacy_gap"] = table["adequacy_gap"].round(2)
    return table[["item_id", "item", "branch", "adequacy_gap", "n"]].reset_index(drop=True)


def welcome_audit(branches: pd.DataFrame, audit: pd.DataFrame, ratings: pd.DataFrame,
                  responses: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    """What the data say about each branch's welcome: hours, entrance, desk, building.

    One row per branch: weekly hours, evening opening, the entrance door and the lowest
    desk section against the ADA standards (from the accessibility audit), and how survey
    respondents rate "A comfortable, welcoming building" (LP-3, adequacy gap, with n).
    Signs and greetings are not in the data: you check those by walking in.
    """
    def check(item: str) -> pd.Series:
        rows = audit[audit["item"] == item].set_index("branch_id")
        return rows.apply(lambda r: f"{'meets' if r['meets_standard'] else 'FAILS'} "
                          f"({r['measured_value']:g} {r['unit']})", axis=1)

    lp3 = adequacy_by_branch(ratings, responses, items, ["LP-3"]).set_index("branch")
    out = pd.DataFrame({
        "branch": branches["branch_id"].map(_BRANCH_NAMES),
        "hours_per_week": branches["weekly_open_hours"].to_numpy(),
        "evening_hours": branches["has_evening_hours"].map({True: "yes", False: "no"}),
    })
    out["entrance_door"] = branches["branch_id"].map(check("Entrance door clear width"))
    out["lowered_desk"] = branches["branch_id"].map(
        check("Check-out counter, lowest section height"))
    out["welcoming_building_gap"] = out["branch"].map(lp3["adequacy_gap"])
    out["n_rated"] = out["branch"].map(lp3["n"]).astype(int)
    return out.reset_index(drop=True)


def contact_preferences(patrons: pd.DataFrame) -> pd.DataFrame:
    """Patrons by the language and the channel they asked to be contacted in (with totals)."""
    table = pd.crosstab(patrons["preferred_language"], patrons["preferred_contact"],
                        margins=True, margins_name="all")
    table.index = table.index.astype(str)
    table.columns = table.columns.astype(str)
    return table


def branch_languages(community: pd.DataFrame, languages: pd.DataFrame,
                     at_least: float = 3.0) -> pd.DataFrame:
    """Languages spoken at home by the residents nearest each branch (% of residents).

    Languages under ``at_least`` % are left out. Signs and leaflets should follow this list.
    """
    merged = languages.merge(community[["neighbourhood_id", "nearest_branch_id"]],
                             on="neighbourhood_id")
    speakers = merged.groupby(["nearest_branch_id", "language"])["speakers"].sum()
    residents = speakers.groupby(level=0).transform("sum")
    table = pd.DataFrame({"speakers": speakers, "residents": residents}).reset_index()
    table["share_%"] = (100 * table["speakers"] / table["residents"]).round(1)
    table["branch"] = table["nearest_branch_id"].map(_BRANCH_NAMES)
    table = table[table["share_%"] >= at_least]
    table = table.sort_values(["branch", "share_%"], ascending=[True, False])
    return table[["branch", "language", "share_%", "speakers", "residents"]].reset_index(drop=True)


def staff_comments(comments: pd.DataFrame) -> pd.DataFrame:
    """The comments about staff, by text: what people notice about how they were treated."""
    staff = comments[comments["topic"] == "staff"]
    table = staff.groupby(["text", "language"]).size().rename("comments").reset_index()
    return table.sort_values("comments", ascending=False).reset_index(drop=True)


def resolved_by_effort(reference: pd.DataFrame) -> pd.DataFrame:
    """Share of questions resolved there and then, by READ Scale level (n per level)."""
    grouped = reference.groupby("read_level")["resolved"]
    table = pd.DataFrame({"questions": grouped.size(), "resolved": grouped.sum()})
    table["resolved_%"] = (100 * table["resolved"] / table["questions"]).round(1)
    return table.reset_index()


def plot_resolved_by_effort(table: pd.DataFrame) -> DescribedFigure:
    """Bar chart of :func:`resolved_by_effort`."""
    fig = new_figure(6.5, 3.0)
    ax = fig.subplots()
    ax.bar(table["read_level"].astype(str), table["resolved_%"], color=OKABE_ITO[0])
    ax.set_xlabel("READ Scale level (1 = quick answer, 6 = in-depth research)")
    ax.set_ylabel("% resolved there and then")
    ax.set_ylim(0, 100)
    low, high = table.iloc[0], table.iloc[-1]
    text = (f"Bar chart: {low['resolved_%']:.0f}% of level {int(low['read_level'])} questions "
            f"were resolved there and then, falling to {high['resolved_%']:.0f}% at level "
            f"{int(high['read_level'])} (2025, {int(table['questions'].sum()):,} questions).")
    return DescribedFigure(fig, text)


def follow_ups_by_mode(reference: pd.DataFrame) -> pd.DataFrame:
    """Questions flagged for a follow-up, by how they reached the library."""
    grouped = reference.groupby("mode", observed=True)["follow_up_needed"]
    table = pd.DataFrame({"questions": grouped.size(), "follow_ups": grouped.sum()})
    table["follow_up_%"] = (100 * table["follow_ups"] / table["questions"]).round(1)
    return table.reset_index()


def lapsed(patrons: pd.DataFrame) -> pd.Series:
    """True for each patron not active in the last 12 months (last active before 2025)."""
    return patrons["last_active_on"] < LAPSED_BEFORE


def lapsed_by_segment(patrons: pd.DataFrame, segment: str = "age_band") -> pd.DataFrame:
    """Lapsed cards per segment (age band, language, home branch…), with the card count."""
    flags = lapsed(patrons)
    grouped = flags.groupby(patrons[segment], observed=True)
    table = pd.DataFrame({"cards": grouped.size(), "lapsed": grouped.sum()})
    table["lapsed_%"] = (100 * table["lapsed"] / table["cards"]).round(1)
    table.index = table.index.astype(str)
    return table.rename_axis(segment).reset_index()


def lapsed_percent(value: str, segment: str = "age_band") -> float:
    """% of the cards in one segment (e.g. age band "18-34") not used in 2025, from the data.

    Used as the answer key of the graded data question, so the key follows the data.
    """
    from course_kit.data import load_patrons

    table = lapsed_by_segment(load_patrons(), segment).set_index(segment)
    if value not in table.index:
        raise KeyError(f"No {segment} called {value!r}; choose from {', '.join(table.index)}.")
    return float(table.loc[value, "lapsed_%"])


def plot_lapsed(table: pd.DataFrame) -> DescribedFigure:
    """Horizontal bars of the lapsed share per segment, with the counts on the bars."""
    segment = table.columns[0]
    fig = new_figure(6.5, 0.5 * len(table) + 1.2)
    ax = fig.subplots()
    labels = table[segment].astype(str)
    ax.barh(labels, table["lapsed_%"], color=OKABE_ITO[1])
    for y, (pct, n, total) in enumerate(zip(table["lapsed_%"], table["lapsed"],
                                            table["cards"], strict=True)):
        ax.text(pct + 0.5, y, f"{pct:.0f}% ({n:,} of {total:,})", va="center", fontsize=9)
    ax.set_xlabel("% of cards not used in 2025")
    ax.set_xlim(0, max(table["lapsed_%"]) * 1.45)
    ax.invert_yaxis()
    top = table.loc[table["lapsed_%"].idxmax()]
    text = (f"Bar chart of lapsed cards by {segment.replace('_', ' ')}: the largest share is "
            f"{top[segment]} with {top['lapsed_%']:.0f}% ({int(top['lapsed']):,} of "
            f"{int(top['cards']):,} cards).")
    return DescribedFigure(fig, text)
