"""The feedback formulas of Module 8: Net Promoter Score, LibQUAL+ gaps, Likert counts.

Every function here works on plain numbers or on a pandas table, so it serves the case-study
survey and a library's own upload alike. Sources:

* **Net Promoter Score** (Reichheld, "The One Number You Need to Grow", *Harvard Business
  Review*, December 2003): promoters answer 9-10, passives 7-8, detractors 0-6; NPS = %
  promoters − % detractors, from −100 to +100. The confidence interval is the *adjusted
  Wald* interval that Rocks ("Interval Estimation for the 'Net Promoter Score'", *The
  American Statistician* 70(4), 2016) found to work best, as described by Sauro & Lewis
  (MeasuringU, 2021): add 3 to the number of answers and ¾ to the promoters and to the
  detractors, then use the variance of a difference of two proportions.
* **LibQUAL+** (Association of Research Libraries): adequacy gap = perceived − minimum
  (negative: below the minimum users accept); superiority gap = perceived − desired
  (usually negative); the zone of tolerance runs from minimum to desired. An "N/A" answer
  is left out of an item's means: each mean counts only the people who rated the item, and
  that count is shown beside it (University of Notre Dame Hesburgh Libraries, "Interpreting
  the LibQUAL Tables"). LibQUAL+ is a licensed instrument for academic libraries; the items
  here are plain-language adaptations for a public library.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from course_kit.plotting import OKABE_ITO, DescribedFigure, new_figure, styled

__all__ = [
    "DIMENSIONS",
    "LIKERT_5",
    "PLA_STATEMENTS",
    "NPSResult",
    "dimension_gaps",
    "item_gaps",
    "likert_table",
    "nps",
    "nps_by_group",
    "plot_likert",
    "plot_nps",
    "plot_zone_of_tolerance",
]

#: LibQUAL+'s three dimensions, in the order ARL reports them.
DIMENSIONS: tuple[str, ...] = ("Affect of Service", "Information Control", "Library as Place")

#: A five-point agreement scale, in order.
LIKERT_5: tuple[str, ...] = ("Strongly disagree", "Disagree", "Neutral", "Agree",
                             "Strongly agree")

#: The PLA Project Outcome / IMLS standard outcome statements (``program_outcomes.csv``).
PLA_STATEMENTS: dict[str, str] = {
    "knowledge": "I learned something",
    "confidence": "I feel more confident",
    "application": "I intend to apply it",
    "awareness": "I am more aware of the library's services",
}

_Z = {0.90: 1.6449, 0.95: 1.96, 0.99: 2.5758}


@dataclass(frozen=True)
class NPSResult:
    """A Net Promoter Score with the counts behind it and a confidence interval.

    ``score``, ``low`` and ``high`` are on the usual −100…+100 scale.
    """

    n: int
    promoters: int
    passives: int
    detractors: int
    score: float
    low: float
    high: float
    level: float = 0.95

    @property
    def promoters_pct(self) -> float:
        """Share of promoters, in % of all answers (passives stay in the denominator)."""
        return 100 * self.promoters / self.n if self.n else math.nan

    @property
    def detractors_pct(self) -> float:
        """Share of detractors, in % of all answers."""
        return 100 * self.detractors / self.n if self.n else math.nan

    def sentence(self) -> str:
        """The result in one plain sentence, with the count behind it."""
        if not self.n:
            return "No answers yet, so there is no score."
        return (f"NPS {self.score:+.0f} from {self.n} answers ({self.promoters_pct:.0f}% "
                f"promoters, {self.detractors_pct:.0f}% detractors); "
                f"{self.level:.0%} interval {self.low:+.0f} to {self.high:+.0f}.")


def _scores(values: Iterable[object]) -> np.ndarray:
    array = pd.to_numeric(pd.Series(list(values), dtype="object"), errors="coerce")
    array = array.dropna().to_numpy(dtype=float)
    bad = array[(array < 0) | (array > 10) | (array != np.round(array))]
    if bad.size:
        raise ValueError(f"A recommend score must be a whole number from 0 to 10, not {bad[0]:g}.")
    return array


def nps(values: Iterable[object], level: float = 0.95) -> NPSResult:
    """Net Promoter Score of 0-10 answers, with an adjusted-Wald confidence interval.

    Blank answers are skipped; anything else outside 0-10 raises ``ValueError``.
    NPS = % promoters (9-10) − % detractors (0-6) (Reichheld 2003). The interval (Rocks
    2016; Sauro & Lewis 2021) adds 3 to n and ¾ to promoters and detractors::

        p' = (P + ¾) / (n + 3),  d' = (D + ¾) / (n + 3)
        se = sqrt((p' + d' − (p' − d')²) / (n + 3))
        interval = (p' − d') ± z · se, clipped to −1…+1, times 100
    """
    if level not in _Z:
        raise ValueError(f"level must be one of {sorted(_Z)}")
    array = _scores(values)
    n = int(array.size)
    promoters = int((array >= 9).sum())
    detractors = int((array <= 6).sum())
    passives = n - promoters - detractors
    if n == 0:
        return NPSResult(0, 0, 0, 0, math.nan, math.nan, math.nan, level)
    score = 100 * (promoters - detractors) / n
    n_adj = n + 3
    p_adj, d_adj = (promoters + 0.75) / n_adj, (detractors + 0.75) / n_adj
    centre = p_adj - d_adj
    se = math.sqrt((p_adj + d_adj - centre**2) / n_adj)
    low, high = max(-1.0, centre - _Z[level] * se), min(1.0, centre + _Z[level] * se)
    return NPSResult(n, promoters, passives, detractors, score, 100 * low, 100 * high, level)


def nps_by_group(table: pd.DataFrame, score: str = "recommend_0_10", group: str = "branch_id",
                 *, total: str = "All") -> pd.DataFrame:
    """NPS per group (e.g. branch) and for everyone, with counts and the interval."""
    rows = {}
    for name, part in table.groupby(group, observed=True, sort=True):
        rows[str(name)] = nps(part[score])
    rows[total] = nps(table[score])
    out = pd.DataFrame({
        "answers": {k: r.n for k, r in rows.items()},
        "promoters": {k: r.promoters for k, r in rows.items()},
        "passives": {k: r.passives for k, r in rows.items()},
        "detractors": {k: r.detractors for k, r in rows.items()},
        "NPS": {k: round(r.score, 1) for k, r in rows.items()},
        "95% low": {k: round(r.low, 1) for k, r in rows.items()},
        "95% high": {k: round(r.high, 1) for k, r in rows.items()},
    })
    out.index.name = group
    return out


def _valid_ratings(ratings: pd.DataFrame) -> pd.DataFrame:
    """Ratings with all three scores present (an N/A leaves all three blank)."""
    cols = ["minimum", "desired", "perceived"]
    return ratings.dropna(subset=cols).astype({c: float for c in cols})


def item_gaps(ratings: pd.DataFrame, items: pd.DataFrame, respondents: pd.DataFrame | None = None,
              *, branch: str | None = None) -> pd.DataFrame:
    """Mean minimum, desired and perceived per item, with the adequacy and superiority gaps.

    ``ratings`` is long (respondent_id, item_id, minimum, desired, perceived; blanks for N/A).
    With ``branch`` (and ``respondents`` holding ``branch_id``) only that branch's users count.
    ``n`` is the number of people who rated the item (N/A left out, as published).
    """
    if branch is not None:
        if respondents is None:
            raise ValueError("To pick a branch, pass the respondents table too.")
        ids = respondents.loc[respondents["branch_id"] == branch, "respondent_id"]
        ratings = ratings[ratings["respondent_id"].isin(ids)]
    valid = _valid_ratings(ratings)
    means = valid.groupby("item_id")[["minimum", "desired", "perceived"]].mean()
    means["n"] = valid.groupby("item_id").size()
    means["N/A"] = ratings[ratings["minimum"].isna()].groupby("item_id").size()
    table = items.set_index("item_id")[["dimension", "text"]].join(means, how="left")
    table["N/A"] = table["N/A"].fillna(0).astype(int)
    table["n"] = table["n"].fillna(0).astype(int)
    table["adequacy"] = table["perceived"] - table["minimum"]
    table["superiority"] = table["perceived"] - table["desired"]
    table["dimension"] = table["dimension"].astype(str)
    return table.round(2)


def dimension_gaps(ratings: pd.DataFrame, items: pd.DataFrame,
                   respondents: pd.DataFrame | None = None, *, by_branch: bool = False,
                   ) -> pd.DataFrame:
    """Adequacy and superiority gaps per dimension (mean over all valid ratings in it).

    With ``by_branch=True`` (and ``respondents``) one row per branch and dimension.
    """
    valid = _valid_ratings(ratings).merge(items[["item_id", "dimension"]], on="item_id")
    valid["dimension"] = valid["dimension"].astype(str)
    keys = ["dimension"]
    if by_branch:
        if respondents is None:
            raise ValueError("To split by branch, pass the respondents table too.")
        valid = valid.merge(respondents[["respondent_id", "branch_id"]], on="respondent_id")
        keys = ["branch_id", "dimension"]
    grouped = valid.groupby(keys)
    table = grouped[["minimum", "desired", "perceived"]].mean()
    table["ratings"] = grouped.size()
    table["adequacy"] = table["perceived"] - table["minimum"]
    table["superiority"] = table["perceived"] - table["desired"]
    return table.round(2)


def branch_adequacy(branch_id: str, dimension: str) -> float:
    """The adequacy gap of one branch in one dimension, from the case-study data.

    Read from the data each time (the graded data question's key follows the data).
    """
    from course_kit.data import load_libqual_items, load_libqual_ratings, load_survey_responses

    table = dimension_gaps(load_libqual_ratings(), load_libqual_items(), load_survey_responses(),
                           by_branch=True)
    if (branch_id, dimension) not in table.index:
        raise ValueError(f"No gap for branch {branch_id!r} and dimension {dimension!r}.")
    return float(table.loc[(branch_id, dimension), "adequacy"])


def likert_table(table: pd.DataFrame, columns: dict[str, str], scale: tuple[str, ...],
                 ) -> pd.DataFrame:
    """Percent of answers at each point of a Likert scale, one row per statement.

    ``columns`` maps a column of ``table`` (answers 1…len(scale)) to the statement's words;
    blanks are skipped and the count behind each row is in ``n``.
    """
    rows = {}
    for col, label in columns.items():
        answers = pd.to_numeric(table[col], errors="coerce").dropna().astype(int)
        counts = answers.value_counts().reindex(range(1, len(scale) + 1), fill_value=0)
        row = (100 * counts / max(len(answers), 1)).round(1)
        row.index = list(scale)
        row["n"] = len(answers)
        rows[label] = row
    out = pd.DataFrame(rows).T
    out["n"] = out["n"].astype(int)
    return out


@styled
def plot_likert(likert: pd.DataFrame, title: str = "") -> DescribedFigure:
    """Diverging stacked bars: disagreement left of zero, agreement right, neutral centered."""
    scale = [c for c in likert.columns if c != "n"]
    k = len(scale)
    neg, mid = scale[: k // 2], (scale[k // 2] if k % 2 else None)
    pos = scale[(k + 1) // 2:]
    colours = ["#D55E00", "#E69F00", "#BBBBBB", "#56B4E9", "#0072B2"]
    if k != 5:
        colours = list(OKABE_ITO[:k])
    fig = new_figure(7.5, 0.6 * len(likert) + 1.6)
    ax = fig.subplots()
    labels = [f"{s} (n={n})" for s, n in zip(likert.index, likert["n"], strict=True)]
    y = np.arange(len(likert))
    start = -likert[neg].sum(axis=1) - (likert[mid] / 2 if mid else 0)
    for i, col in enumerate(scale):
        ax.barh(y, likert[col], left=start, color=colours[i], label=col, edgecolor="white")
        start = start + likert[col]
    ax.axvline(0, color="#333", linewidth=1)
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_xlabel("% of answers (disagree ← | → agree)")
    ax.legend(ncols=min(k, 5), loc="upper center", bbox_to_anchor=(0.5, -0.25), fontsize=9)
    if title:
        ax.set_title(title)
    agree = likert[pos].sum(axis=1)
    best, worst = agree.idxmax(), agree.idxmin()
    description = (f"Diverging bars of {len(likert)} statements: most agreement for "
                   f"'{best}' ({agree[best]:.0f}%), least for '{worst}' ({agree[worst]:.0f}%).")
    return DescribedFigure(fig, description)


@styled
def plot_nps(table: pd.DataFrame, names: dict[str, str] | None = None) -> DescribedFigure:
    """NPS per group as dots with their 95% interval; the count is in each label."""
    names = names or {}
    fig = new_figure(7.0, 0.5 * len(table) + 1.4)
    ax = fig.subplots()
    y = np.arange(len(table))
    labels = [f"{names.get(i, i)} (n={n})" for i, n in zip(table.index, table["answers"],
                                                           strict=True)]
    ax.errorbar(table["NPS"], y, xerr=[table["NPS"] - table["95% low"],
                                       table["95% high"] - table["NPS"]],
                fmt="o", color=OKABE_ITO[0], ecolor="#555", capsize=4)
    ax.axvline(0, color="#333", linewidth=1)
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_xlim(-100, 100)
    ax.set_xlabel("Net Promoter Score (−100 to +100), with 95% interval")
    low = table["NPS"].drop(index="All", errors="ignore")
    description = (f"Net Promoter Score per group with 95% intervals: lowest "
                   f"{names.get(low.idxmin(), low.idxmin())} ({low.min():+.0f}), highest "
                   f"{names.get(low.idxmax(), low.idxmax())} ({low.max():+.0f}).")
    return DescribedFigure(fig, description)


@styled
def plot_zone_of_tolerance(gaps: pd.DataFrame, title: str = "") -> DescribedFigure:
    """The usual LibQUAL+ bar-range chart: a bar from minimum to desired, a dot for perceived.

    A dot left of its bar (below the minimum) is drawn as a vermillion cross, so it is told
    apart by shape as well as color.
    """
    gaps = gaps.dropna(subset=["minimum", "desired", "perceived"])
    height = 0.32 * len(gaps) + 1.6
    fig = new_figure(7.5, height)
    # A fixed layout: constrained layout would double the drawing time of a widget callback.
    fig.set_layout_engine(None)
    fig.subplots_adjust(left=0.09, right=0.98, top=1 - 0.45 / height, bottom=1.25 / height)
    ax = fig.subplots()
    y = np.arange(len(gaps))
    ax.barh(y, gaps["desired"] - gaps["minimum"], left=gaps["minimum"], color="#CFE3F2",
            edgecolor=OKABE_ITO[0], label="zone of tolerance (minimum to desired)")
    below = gaps["perceived"] < gaps["minimum"]
    ax.scatter(gaps["perceived"][~below], y[~below.to_numpy()], color=OKABE_ITO[0], zorder=3,
               label="perceived, within or above the zone")
    ax.scatter(gaps["perceived"][below], y[below.to_numpy()], color=OKABE_ITO[5], marker="X",
               s=60, zorder=3, label="perceived, below the minimum")
    ax.set_yticks(y, [f"{i}" for i in gaps.index])
    ax.invert_yaxis()
    ax.set_xlim(1, 9)
    ax.set_xlabel("Mean rating (1-9)")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.6 / (height - 1.7)), ncols=2,
              fontsize=9)
    if title:
        ax.set_title(title)
    if below.any():
        names = ", ".join(str(i) for i in gaps.index[below])
        what = f"{int(below.sum())} of {len(gaps)} items are below the minimum ({names})"
    else:
        what = f"all {len(gaps)} items are at or above the minimum"
    description = f"Zone of tolerance per item{': ' + title if title else ''}: {what}."
    return DescribedFigure(fig, description)
