"""Module 9's analyses of the Millbrook data: who feels welcome, safety, and celebrations.

The language tables are in :mod:`.languages` and the audit tables in :mod:`.audit`; this
module holds the rest, each returning a small table (with its counts) or a
:class:`~course_kit.plotting.DescribedFigure`.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pandas as pd

from course_kit.modules.module09.audit import SITES, measured_meets
from course_kit.modules.module09.scenarios import OBSERVANCES_FILE
from course_kit.plotting import DescribedFigure, new_figure, styled

__all__ = [
    "accessibility_comments",
    "harassment_by_place",
    "incidents_by_type",
    "observances_for_languages",
    "plot_audit",
    "plot_incidents",
    "unwelcome_by_language",
]


def unwelcome_by_language(survey: pd.DataFrame) -> pd.DataFrame:
    """Share of respondents who ticked "The library doesn't feel like a place for people
    like me", by the language they answered in, for users and non-users (with counts)."""
    groups = survey.assign(
        who=survey["uses_library"].map({True: "users", False: "non-users"}),
        language=survey["response_language"].astype(str))
    table = groups.groupby(["language", "who"]).agg(
        respondents=("barrier_feels_unwelcome", "size"),
        ticked=("barrier_feels_unwelcome", "sum"))
    total = groups.groupby("language").agg(
        respondents=("barrier_feels_unwelcome", "size"),
        ticked=("barrier_feels_unwelcome", "sum"))
    total["who"] = "all"
    table = pd.concat([table.reset_index(), total.reset_index()])
    table["ticked_%"] = (100 * table["ticked"] / table["respondents"]).round(1)
    order = {"users": 0, "non-users": 1, "all": 2}
    table = table.sort_values(["language", "who"], key=lambda s: s.map(order)
                              if s.name == "who" else s)
    return table.set_index(["language", "who"]).astype({"respondents": int, "ticked": int})


def incidents_by_type(incidents: pd.DataFrame) -> pd.DataFrame:
    """Incidents per type: how many, the share of all, and how often they escalated."""
    table = incidents.groupby(incidents["type"].astype(str)).agg(
        incidents=("incident_id", "size"), escalated=("escalated", "sum"))
    table["share_%"] = (100 * table["incidents"] / table["incidents"].sum()).round(1)
    table["escalated_%"] = (100 * table["escalated"] / table["incidents"]).round(0)
    table.index.name = "type"
    return table.sort_values("incidents", ascending=False).astype(
        {"incidents": int, "escalated": int})


def harassment_by_place(incidents: pd.DataFrame) -> pd.DataFrame:
    """Where harassment was reported: count per place, largest first."""
    harassment = incidents[incidents["type"].astype(str) == "harassment"]
    table = harassment["place"].astype(str).value_counts().rename("incidents").to_frame()
    table["share_%"] = (100 * table["incidents"] / table["incidents"].sum()).round(0)
    table.index.name = "place"
    return table


@styled
def plot_incidents(table: pd.DataFrame) -> DescribedFigure:
    """Horizontal bars: incidents per type, with the share that escalated written beside."""
    fig = new_figure(7, 3.4)
    ax = fig.add_subplot()
    order = table.sort_values("incidents")
    bars = ax.barh(order.index, order["incidents"], color="#0072B2")
    for bar, (_, row) in zip(bars, order.iterrows(), strict=True):
        ax.annotate(f" {row['incidents']} ({row['escalated_%']:.0f}% escalated)",
                    (bar.get_width(), bar.get_y() + bar.get_height() / 2), va="center",
                    fontsize=9)
    ax.set_xlim(0, order["incidents"].max() * 1.45)
    ax.set_xlabel(f"incidents reported, 2024-2025 (n = {int(table['incidents'].sum())})")
    ax.set_title("Incidents by type")
    top = table.index[0]
    description = (
        f"Bar chart of {int(table['incidents'].sum())} incidents by type: {top} is the most "
        f"common ({int(table.loc[top, 'incidents'])}); harassment accounts for "
        f"{int(table.loc['harassment', 'incidents'])}, of which "
        f"{table.loc['harassment', 'escalated_%']:.0f}% escalated."
    )
    return DescribedFigure(fig, description)


@styled
def plot_audit(audit: pd.DataFrame) -> DescribedFigure:
    """Stacked bars: checks met and failed for each building and the website."""
    table = audit.assign(site=audit["branch_id"].fillna("WEB").replace("", "WEB").map(SITES),
                         meets=measured_meets(audit))
    counts = table.groupby("site", sort=False)["meets"].agg(["sum", "size"])
    counts["fail"] = counts["size"] - counts["sum"]
    fig = new_figure(7, 2.8)
    ax = fig.add_subplot()
    ax.barh(counts.index, counts["sum"], color="#0072B2", label="meets the standard")
    ax.barh(counts.index, counts["fail"], left=counts["sum"], color="#E69F00", hatch="//",
            label="does not meet")
    for y, (_, row) in enumerate(counts.iterrows()):
        ax.annotate(f" {row['fail']} of {row['size']} fail", (row["size"], y), va="center",
                    fontsize=9)
    ax.invert_yaxis()
    ax.set_xlim(0, counts["size"].max() * 1.4)
    ax.set_xlabel("checks in the 2025 audit")
    ax.legend(loc="lower right")
    failing = counts[counts["fail"] > 0]
    description = (
        "Stacked bar chart of the 2025 accessibility audit: "
        + "; ".join(f"{site} fails {int(r['fail'])} of {int(r['size'])} checks"
                    for site, r in failing.iterrows())
        + "; every other building passes all its checks."
    )
    return DescribedFigure(fig, description)


def accessibility_comments(comments: pd.DataFrame) -> pd.DataFrame:
    """Comments filed under "accessibility": each text, how often it came, and where."""
    acc = comments[comments["topic"].astype(str) == "accessibility"]
    table = acc.groupby("text").agg(
        comments=("comment_id", "size"),
        left_at=("branch_id", lambda s: ", ".join(sorted(set(s.astype(str))))))
    return table.sort_values("comments", ascending=False)


def observances_for_languages(languages: pd.DataFrame, path: Path | None = None
                              ) -> pd.DataFrame:
    """Observances linked to Millbrook's home languages, with how many residents speak them."""
    raw = tomllib.loads(Path(path or OBSERVANCES_FILE).read_text(encoding="utf-8"))
    speakers = languages.groupby(languages["language"].astype(str))["speakers"].sum()
    rows = []
    for item in raw.get("observances", []):
        langs = [lang for lang in item.get("languages", []) if lang in speakers.index]
        if langs:
            rows.append({"observance": item["name"], "when": item["when"],
                         "home languages": ", ".join(langs),
                         "residents": int(speakers[langs].sum())})
    table = pd.DataFrame(rows).set_index("observance")
    return table.sort_values("residents", ascending=False)
