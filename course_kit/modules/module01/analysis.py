"""Module 1, "Understanding Library Users": the analyses behind its examples.

Each function takes the case-study tables (see :mod:`course_kit.data`) and returns a small
table a participant can read, or a :class:`~course_kit.plotting.DescribedFigure`. They
work the same on a trainer's own library data if it has the same columns.
"""

from __future__ import annotations

import pandas as pd

from course_kit.data import AGE_BANDS
from course_kit.plotting import DescribedFigure, new_figure, styled

__all__ = [
    "BARRIERS",
    "active_share",
    "age_profile",
    "barrier_rates",
    "branch_overview",
    "cards_per_100",
    "learning_preferences",
    "per_resident",
    "plot_age_profile",
    "plot_barriers",
    "plot_registration",
    "reasons_by_age",
    "registration_by_neighbourhood",
    "registration_rate",
    "top_needs",
]

_AGE_COLUMNS = dict(zip(AGE_BANDS, ("age_0_12", "age_13_17", "age_18_34", "age_35_64",
                                    "age_65_plus"), strict=True))

#: The survey's barrier questions, in the survey's own words.
BARRIERS: dict[str, str] = {
    "barrier_hours": "Opening hours don't suit me",
    "barrier_transport": "Hard to get there",
    "barrier_awareness": "I don't know what the library offers",
    "barrier_language": "Services not in my language",
    "barrier_digital_skills": "Not confident with technology",
    "barrier_fines_fees": "Worried about fines or fees",
    "barrier_physical_access": "Physical access (steps, space)",
    "barrier_feels_unwelcome": "I don't feel welcome",
    "barrier_no_time": "I don't have time",
}


def branch_overview(branches: pd.DataFrame) -> pd.DataFrame:
    """The branches at a glance: opening hours, evenings, computers and seats."""
    table = branches.set_index("name")[[
        "weekly_open_hours", "has_evening_hours", "evening_hours_ended_on", "public_computers",
        "seats",
    ]].copy()
    table["evening_hours_ended_on"] = table["evening_hours_ended_on"].dt.strftime("%Y-%m-%d")
    table.columns = ["hours a week", "evening hours", "evenings ended on", "computers", "seats"]
    table.index.name = "library"
    return table.fillna("")


def age_profile(patrons: pd.DataFrame, community: pd.DataFrame) -> pd.DataFrame:
    """Share of residents and of cardholders in each age band, and the gap in points.

    A negative gap means the age band holds fewer library cards than its share of the
    town: a group the library reaches less well.
    """
    residents = pd.Series({band: int(community[col].sum()) for band, col in
                           _AGE_COLUMNS.items()})
    holders = patrons["age_band"].astype(str).value_counts().reindex(AGE_BANDS, fill_value=0)
    table = pd.DataFrame({
        "residents": residents,
        "residents_%": (100 * residents / residents.sum()).round(1),
        "cardholders": holders,
        "cardholders_%": (100 * holders / holders.sum()).round(1),
    })
    table["gap_points"] = (table["cardholders_%"] - table["residents_%"]).round(1)
    table["cards_per_100_residents"] = (100 * table["cardholders"] / table["residents"]).round(0)
    table.index.name = "age band"
    return table


def cards_per_100(age_band: str) -> float:
    """Library cards per 100 residents of ``age_band`` in the case-study data (as in the table).

    Read from the data each time, so a trainer's own data give their own answer.
    """
    from course_kit.data import load_community, load_patrons

    table = age_profile(load_patrons(), load_community())
    if age_band not in table.index:
        raise ValueError(f"No age band {age_band!r}; try one of {', '.join(table.index)}.")
    return float(table.loc[age_band, "cards_per_100_residents"])


@styled
def plot_age_profile(table: pd.DataFrame) -> DescribedFigure:
    """Paired bars: residents' and cardholders' share of each age band."""
    fig = new_figure(7, 3.2)
    ax = fig.add_subplot()
    x = range(len(table))
    ax.bar([i - 0.2 for i in x], table["residents_%"], 0.4, label="Residents")
    ax.bar([i + 0.2 for i in x], table["cardholders_%"], 0.4, label="Cardholders",
           hatch="//", edgecolor="white")
    ax.set_xticks(list(x), table.index)
    ax.set_xlabel("Age band")
    ax.set_ylabel("Share (%)")
    ax.set_title("Who lives in Millbrook, and who holds a library card")
    ax.legend()
    low = table["gap_points"].idxmin()
    high = table["gap_points"].idxmax()
    text = (f"Bar chart comparing residents and cardholders by age band: age {low} is the most "
            f"under-represented among cardholders ({table.loc[low, 'gap_points']:+.1f} points) "
            f"and age {high} the most over-represented "
            f"({table.loc[high, 'gap_points']:+.1f} points).")
    return DescribedFigure(fig, text)


def registration_by_neighbourhood(patrons: pd.DataFrame,
                                  community: pd.DataFrame) -> pd.DataFrame:
    """Cardholders per 100 residents in each neighborhood, with its languages and income."""
    holders = patrons["neighbourhood_id"].value_counts()
    table = community.set_index("neighbourhood_id")[
        ["name", "nearest_branch_id", "population", "share_spanish_at_home",
         "share_with_broadband", "income_band"]
    ].copy()
    table["cardholders"] = holders.reindex(table.index, fill_value=0).astype(int)
    table["registered_%"] = (100 * table["cardholders"] / table["population"]).round(1)
    table["spanish_at_home_%"] = (100 * table.pop("share_spanish_at_home")).round(0)
    table["broadband_%"] = (100 * table.pop("share_with_broadband")).round(0)
    order = ["name", "nearest_branch_id", "population", "cardholders", "registered_%",
             "spanish_at_home_%", "broadband_%", "income_band"]
    return table[order].sort_values("registered_%")


def registration_rate(patrons: pd.DataFrame, community: pd.DataFrame,
                      neighbourhood: str | None = None) -> float:
    """Cardholders per 100 residents, for the town or for one neighborhood (by name)."""
    if neighbourhood is None:
        return round(100 * len(patrons) / community["population"].sum(), 1)
    table = registration_by_neighbourhood(patrons, community)
    match = table[table["name"].str.lower() == neighbourhood.strip().lower()]
    if match.empty:
        names = ", ".join(sorted(table["name"]))
        raise ValueError(f"There is no neighborhood called {neighbourhood!r}. "
                         f"Try one of: {names}.")
    return float(match["registered_%"].iloc[0])


@styled
def plot_registration(table: pd.DataFrame) -> DescribedFigure:
    """Horizontal bars of cardholders per 100 residents, one per neighborhood."""
    fig = new_figure(7, 3.0)
    ax = fig.add_subplot()
    ax.barh(table["name"], table["registered_%"])
    for y, (value, spanish) in enumerate(zip(table["registered_%"], table["spanish_at_home_%"],
                                             strict=True)):
        ax.text(value + 0.5, y, f"{value:.0f}  (Spanish at home: {spanish:.0f}%)", va="center",
                fontsize=9)
    ax.set_xlabel("Cardholders per 100 residents")
    ax.set_xlim(0, max(table["registered_%"]) * 1.6)
    ax.set_title("Library cards by neighborhood")
    lowest = table.iloc[0]
    text = (f"Horizontal bar chart of cardholders per 100 residents by neighborhood: lowest is "
            f"{lowest['name']} with {lowest['registered_%']:.0f}, where "
            f"{lowest['spanish_at_home_%']:.0f}% of residents speak Spanish at home; highest is "
            f"{table.iloc[-1]['name']} with {table.iloc[-1]['registered_%']:.0f}.")
    return DescribedFigure(fig, text)


def reasons_by_age(survey: pd.DataFrame) -> pd.DataFrame:
    """Library users' main reason for coming, in % of each age band (columns sum to 100)."""
    users = survey[survey["uses_library"] & survey["main_reason"].notna()]
    table = pd.crosstab(users["main_reason"], users["age_band"], normalize="columns") * 100
    table = table.round(0).astype(int)
    table = table.loc[table.sum(axis=1).sort_values(ascending=False).index]
    table.index.name = "main reason"
    return table


def top_needs(survey: pd.DataFrame) -> pd.DataFrame:
    """How often each need was named first, by users and by non-users (in %)."""
    label = survey["uses_library"].map({True: "users_%", False: "non_users_%"})
    table = pd.crosstab(survey["top_need"], label, normalize="columns") * 100
    table = table.reindex(columns=["users_%", "non_users_%"]).round(0).astype(int)
    table.index.name = "top need"
    return table.sort_values("non_users_%", ascending=False)


def barrier_rates(survey: pd.DataFrame) -> pd.DataFrame:
    """Share of users and of non-users who ticked each barrier (in %), largest first."""
    users = survey[survey["uses_library"]]
    others = survey[~survey["uses_library"]]
    table = pd.DataFrame({
        "barrier": list(BARRIERS.values()),
        "users_%": [round(100 * users[c].mean(), 1) for c in BARRIERS],
        "non_users_%": [round(100 * others[c].mean(), 1) for c in BARRIERS],
    }).set_index("barrier")
    return table.sort_values("non_users_%", ascending=False)


@styled
def plot_barriers(table: pd.DataFrame) -> DescribedFigure:
    """Paired horizontal bars: how often users and non-users name each barrier."""
    ordered = table.iloc[::-1]
    fig = new_figure(7.5, 3.8)
    ax = fig.add_subplot()
    y = range(len(ordered))
    ax.barh([i + 0.2 for i in y], ordered["non_users_%"], 0.4, label="Non-users")
    ax.barh([i - 0.2 for i in y], ordered["users_%"], 0.4, label="Users", hatch="//",
            edgecolor="white")
    ax.set_yticks(list(y), ordered.index)
    ax.set_xlabel("Respondents who ticked it (%)")
    ax.set_title("What keeps people from using the library")
    ax.legend(loc="lower right")
    top = table.index[0]
    text = (f"Horizontal bar chart of barriers named by survey respondents: among non-users the "
            f"most common is '{top}' ({table.iloc[0]['non_users_%']:.0f}%), against "
            f"{table.iloc[0]['users_%']:.0f}% of users.")
    return DescribedFigure(fig, text)


def learning_preferences(survey: pd.DataFrame) -> pd.DataFrame:
    """How respondents say they prefer to learn something new (in %), by age band."""
    table = pd.crosstab(survey["preferred_learning"], survey["age_band"], normalize="columns")
    table = (100 * table).round(0).astype(int)
    table.index.name = "prefers to learn by"
    return table


def active_share(patrons: pd.DataFrame, months: int = 12) -> float:
    """Percentage of cardholders who used their card in the last ``months`` months.

    "Now" is the latest activity date in the data, so the answer does not change with the
    day the notebook is run.
    """
    now = patrons["last_active_on"].max()
    cutoff = now - pd.DateOffset(months=months)
    return round(100 * float((patrons["last_active_on"] > cutoff).mean()), 1)


#: US public libraries, per resident, FY2014 (NCES Digest of Education Statistics, table
#: 701.60, from the IMLS Public Libraries Survey).
US_PER_RESIDENT_FY2014: dict[str, float] = {"visits": 4.6, "loans": 7.5}


def per_resident(visits: pd.DataFrame, patrons: pd.DataFrame, community: pd.DataFrame,
                 year: int = 2025) -> pd.DataFrame:
    """Millbrook's visits and loans per resident in ``year``, beside the US figures.

    Loans are the patrons' print and e-loans over the last 12 months of the data.
    """
    residents = int(community["population"].sum())
    in_year = visits[visits["month"].dt.year == year]
    loans = int(patrons["loans_12m"].sum() + patrons["eloans_12m"].sum())
    table = pd.DataFrame({
        "Millbrook": [round(in_year["visits"].sum() / residents, 1), round(loans / residents, 1)],
        "US public libraries (FY2014)": [US_PER_RESIDENT_FY2014["visits"],
                                         US_PER_RESIDENT_FY2014["loans"]],
    }, index=pd.Index(["visits per resident", "loans per resident"], name=f"in {year}"))
    return table
