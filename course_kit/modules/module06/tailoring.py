"""Tailoring services to groups and promoting them: group or segment -> service -> channel.

A group (children, teens, seniors, job seekers, newcomers) or a segment found in Module 1
is a set of people with needs in common. :func:`group_profiles` describes each group from
the Millbrook data (how many, the need they name most, the channel they prefer) beside a
service idea from ``tailoring.toml``; :func:`segment_services` does the same for Module 1's
segments; :func:`contact_preferences` shows how people asked to be contacted, by age.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pandas as pd

from course_kit.modules.module01.segments import segment_patrons
from course_kit.plotting import OKABE_ITO, DescribedFigure, new_figure, styled

__all__ = [
    "SEGMENT_FEATURES",
    "TAILORING_FILE",
    "contact_preferences",
    "group_profiles",
    "learning_spread",
    "load_tailoring",
    "plot_contact_preferences",
    "segment_services",
]

TAILORING_FILE = Path(__file__).resolve().parent / "tailoring.toml"
#: The counts Module 1's segments are found from here (as in datasets/TRAINERS.md, story 6).
SEGMENT_FEATURES = ("loans_12m", "eloans_12m", "programs_12m", "computer_sessions_12m")
_CONTACT = {"email": "email", "text": "text message", "phone": "phone",
            "post": "post"}


def load_tailoring(path: Path = TAILORING_FILE) -> dict[str, Any]:
    """The groups and segment services written in ``tailoring.toml``."""
    with open(path, "rb") as handle:
        return tomllib.load(handle)


def _top(values: pd.Series) -> str:
    """'text message (66%)': the most common value and its share."""
    values = values.dropna().astype(str)
    if values.empty:
        return "-"
    shares = values.value_counts(normalize=True)
    return f"{shares.index[0]} ({100 * shares.iloc[0]:.0f}%)"


def group_profiles(patrons: pd.DataFrame, survey: pd.DataFrame,
                   config: dict[str, Any] | None = None) -> pd.DataFrame:
    """One row per group: who they are in the data, how many, top need, channel, service.

    Top need comes from the needs survey (people aged 13 and over only). The preferred
    channel comes from the patrons' contact preference, or from the survey for a group
    found only in the survey.
    """
    config = config or load_tailoring()
    rows = []
    for group in config["groups"]:
        source = group["source"]
        if source == "patrons":
            people = patrons[patrons["age_band"].astype(str) == group["age_band"]]
            answers = survey[survey["age_band"].astype(str) == group["age_band"]]
            who = f"cardholders aged {group['age_band']}"
            channel = _top(people["preferred_contact"].map(_CONTACT))
        elif source == "survey":
            people = survey[survey["main_reason"].astype(str) == group["main_reason"]]
            answers = people
            who = f"survey: main reason '{group['main_reason']}'"
            channel = _top(people["preferred_channel"])
        elif source == "new cards":
            people = patrons[patrons["registered_on"].dt.year == int(group["year"])]
            answers = survey.iloc[0:0]
            who = f"cards first issued in {group['year']}"
            channel = _top(people["preferred_contact"].map(_CONTACT))
        else:
            raise ValueError(f"Unknown source {source!r} for group {group['name']!r}.")
        rows.append({
            "group": group["name"],
            "who in the data": who,
            "people": len(people),
            "survey answers": len(answers),
            "top need (survey)": _top(answers["top_need"]) if len(answers) else "not asked",
            "preferred channel": channel,
            "a service to offer": group["service"],
            "partners": group["partners"],
        })
    return pd.DataFrame(rows).set_index("group")


def segment_services(patrons: pd.DataFrame, n_segments: int = 5,
                     config: dict[str, Any] | None = None) -> pd.DataFrame:
    """Module 1's segments (k-means on four usage counts), each with a service and channel."""
    config = config or load_tailoring()
    result = segment_patrons(patrons, SEGMENT_FEATURES, n_segments)
    services = config["segments"]
    rows = []
    for seg, row in result.profile.iterrows():
        members = patrons.loc[result.labels == seg]
        rows.append({
            "segment": f"{seg}. {row['name']}",
            "patrons": int(row["patrons"]),
            "share (%)": row["share (%)"],
            "most common age band": row.get("most common age band", ""),
            "service": services.get(str(row["_standout"]), services[""]),
            "channel": _top(members["preferred_contact"].map(_CONTACT)),
        })
    return pd.DataFrame(rows).set_index("segment")


def contact_preferences(patrons: pd.DataFrame) -> pd.DataFrame:
    """How cardholders asked to be contacted, in % of each age band, with the n."""
    table = pd.crosstab(patrons["age_band"], patrons["preferred_contact"].map(_CONTACT),
                        normalize="index").mul(100).round(1)
    table = table.reindex(columns=[c for c in _CONTACT.values() if c in table.columns])
    table.insert(0, "cardholders", patrons["age_band"].value_counts().reindex(table.index))
    table.index = table.index.astype(str)
    table.index.name = "age band"
    return table


def learning_spread(survey: pd.DataFrame) -> pd.DataFrame:
    """For each age band: respondents, the most chosen way to learn and its share, and the
    share of people who chose something else."""
    rows = []
    for band, answers in survey.groupby("age_band", observed=True):
        shares = answers["preferred_learning"].astype(str).value_counts(normalize=True)
        rows.append({"age band": str(band), "respondents": len(answers),
                     "most chosen": shares.index[0],
                     "its share (%)": round(100 * shares.iloc[0], 1),
                     "chose something else (%)": round(100 * (1 - shares.iloc[0]), 1)})
    return pd.DataFrame(rows).set_index("age band")


@styled
def plot_contact_preferences(table: pd.DataFrame) -> DescribedFigure:
    """Stacked bars: how each age band asked to be contacted, in %, with the n on each bar."""
    shares = table.drop(columns="cardholders")
    fig = new_figure(7.5, 3.2)
    ax = fig.add_subplot()
    left = pd.Series(0.0, index=shares.index)
    labels = [f"{band} (n={n:,})" for band, n in table["cardholders"].items()]
    for i, channel in enumerate(shares.columns):
        values = shares[channel]
        bars = ax.barh(labels, values, left=left, label=channel, color=OKABE_ITO[i],
                       edgecolor="white")
        for bar, value in zip(bars, values, strict=True):
            if value >= 9:
                ax.text(bar.get_x() + bar.get_width() / 2, bar.get_y() + bar.get_height() / 2,
                        f"{value:.0f}", ha="center", va="center", fontsize=9,
                        color="white" if i in (0, 5) else "black")
        left += values
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("% of the age band's cardholders")
    ax.set_title("How cardholders asked to be contacted")
    ax.legend(ncols=4, fontsize=9, loc="upper center", bbox_to_anchor=(0.5, -0.22))
    top = {band: row.idxmax() for band, row in shares.iterrows()}
    text_band = shares["text message"].idxmax() if "text message" in shares else None
    description = (
        f"Stacked bar chart of the contact channel chosen by cardholders in {len(shares)} age "
        "bands; "
        + (f"text messages lead among {text_band} ({shares.loc[text_band, 'text message']:.1f}% "
           f"of {table.loc[text_band, 'cardholders']:,}), " if text_band else "")
        + "and the most common choice elsewhere is "
        + ", ".join(f"{c} for {b}" for b, c in top.items() if b != text_band) + "."
    )
    return DescribedFigure(fig, description)
