"""Finding segments of library users in the patron records.

A *segment* is a group of users who use the library in a similar way. The kit finds them
with k-means clustering (SciPy's ``kmeans2`` with k-means++ starts: it answers in a few
milliseconds, where scikit-learn's ``KMeans`` takes a few hundred on the same data, too slow
for a widget) on a few usage counts that the participant picks, then describes each group
in plain words: how many people, what they typically do, their most common age band and
contact preference. A segment can then be turned into a persona.

Counts are log-transformed (``log1p``) and standardised before clustering, so one very
heavy borrower does not pull a whole segment, and a count of loans weighs the same as a
count of program visits.
"""

from __future__ import annotations

import html
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.cluster.vq import kmeans2

from course_kit.plotting import OKABE_ITO, DescribedFigure, new_figure, styled

__all__ = [
    "FEATURES",
    "Segmentation",
    "SegmentationError",
    "chart_html",
    "persona_seed",
    "plot_segments",
    "segment_patrons",
]

#: Usage counts that can be used to find segments, with plain-language labels.
FEATURES: dict[str, str] = {
    "loans_12m": "print loans",
    "eloans_12m": "e-book and e-audio loans",
    "holds_12m": "holds placed",
    "programs_12m": "program visits",
    "computer_sessions_12m": "computer sessions",
}

_NAMES = {
    "loans_12m": "Print borrowers",
    "eloans_12m": "E-book readers",
    "holds_12m": "Planners who place holds",
    "programs_12m": "Program-goers",
    "computer_sessions_12m": "Computer users",
}

_SEEDS = {
    "loans_12m": ("Find the next good book quickly", "Staff picks and a simple way to renew"),
    "eloans_12m": ("Read or listen on my phone anywhere", "More e-books and shorter waits"),
    "holds_12m": ("Get new titles as soon as they are out", "Reliable notices when holds arrive"),
    "programs_12m": ("Enjoy activities with others", "Events at times that suit them"),
    "computer_sessions_12m": ("Get online to apply for jobs and forms",
                              "A free computer, printing and help with technology"),
    "": ("Use the library now and then", "To hear about what the library offers"),
}

_CONTACT_TO_CHANNEL = {"email": "email", "text": "text message", "phone": "phone",
                       "post": "printed newsletter"}

MAX_SEGMENTS = 6


class SegmentationError(ValueError):
    """The request cannot be answered (no features, too many segments…); says why."""


@dataclass
class Segmentation:
    """The result: a segment number per patron, and a plain-language profile per segment."""

    features: tuple[str, ...]
    labels: pd.Series  # segment number (1 = largest) per patron, same index as the input
    profile: pd.DataFrame  # one row per segment
    names: dict[int, str]


def _standout(means: pd.Series, overall: pd.Series) -> str:
    ratio = (means + 0.5) / (overall + 0.5)
    best = ratio.idxmax()
    return str(best) if ratio[best] >= 1.4 else ""


def segment_patrons(
    patrons: pd.DataFrame,
    features: Sequence[str],
    n_segments: int = 4,
    *,
    seed: int = 0,
) -> Segmentation:
    """Group ``patrons`` into ``n_segments`` segments using the chosen ``features``.

    Raises :class:`SegmentationError` with a plain-language message for an empty choice of
    features, an unknown feature, or a number of segments outside 2–6 or above the number
    of patrons.
    """
    chosen = tuple(dict.fromkeys(features))
    if not chosen:
        raise SegmentationError("Pick at least one kind of use to group people by.")
    unknown = [f for f in chosen if f not in FEATURES or f not in patrons.columns]
    if unknown:
        raise SegmentationError(f"These are not usage counts in the data: {', '.join(unknown)}.")
    if not 2 <= n_segments <= MAX_SEGMENTS:
        raise SegmentationError(f"Choose between 2 and {MAX_SEGMENTS} segments.")
    if len(patrons) < n_segments * 5:
        raise SegmentationError("There are too few patrons to split into that many segments.")

    counts = patrons.loc[:, list(chosen)].astype(float).fillna(0.0)
    values = np.log1p(counts.to_numpy())
    spread = values.std(axis=0)
    spread[spread == 0] = 1.0
    scaled = (values - values.mean(axis=0)) / spread
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # an empty cluster is reported below, in words
        _centres, raw = kmeans2(scaled, n_segments, minit="++", rng=seed)

    # Number segments by size, largest first, so the numbering is stable and readable.
    sizes = pd.Series(raw).value_counts()
    order = sorted(sizes.index, key=lambda label: (-sizes[label], label))
    renumber = {old: new for new, old in enumerate(order, start=1)}
    if len(order) < n_segments:
        raise SegmentationError(
            f"The data only split into {len(order)} groups with these choices; "
            "choose fewer segments or other kinds of use."
        )
    lookup = np.zeros(max(order) + 1, dtype=int)
    for old, new in renumber.items():
        lookup[old] = new
    labels = pd.Series(lookup[raw], index=patrons.index, name="segment")

    overall = counts.mean()
    grouped = counts.groupby(labels.to_numpy())
    means, medians, sizes_by_seg = grouped.mean(), grouped.median(), grouped.size()

    def most_common(column: str) -> pd.Series:
        table = pd.crosstab(labels.to_numpy(), patrons[column].astype(str).to_numpy())
        return table.idxmax(axis=1)

    def more_than_usual(column: str) -> pd.Series:
        """The value whose share in the segment is highest against its share overall,
        e.g. '65+ (31%, 22% overall)': what tells a segment apart, where the most common
        value is often the same for all."""
        share = pd.crosstab(labels.to_numpy(), patrons[column].astype(str).to_numpy(),
                            normalize="index")
        overall_share = patrons[column].astype(str).value_counts(normalize=True)
        lift = share.div(overall_share.reindex(share.columns), axis=1)
        best = lift.idxmax(axis=1)
        return pd.Series({
            seg: f"{value} ({100 * share.loc[seg, value]:.0f}%, "
                 f"{100 * overall_share[value]:.0f}% overall)"
            for seg, value in best.items()})

    extras: dict[str, pd.Series] = {}
    if "age_band" in patrons:
        extras["most common age band"] = most_common("age_band")
        extras["ages more common here"] = more_than_usual("age_band")
    if "preferred_contact" in patrons:
        extras["most common contact"] = most_common("preferred_contact")
        extras["contact more common here"] = more_than_usual("preferred_contact")
    if "preferred_language" in patrons:
        english = (patrons["preferred_language"].astype(str) == "English").to_numpy()
        extras["not English (%)"] = (
            100 * (1 - pd.Series(english).groupby(labels.to_numpy()).mean())
        ).round(1)

    rows, names = [], {}
    used: dict[str, int] = {}
    for seg in range(1, n_segments + 1):
        key = _standout(means.loc[seg], overall)
        base = _NAMES.get(key, "Occasional users")
        if base == "Occasional users" and base in used:
            base = "Light users"  # a second group with no standout use: it uses a bit more
        used[base] = used.get(base, 0) + 1
        name = base if used[base] == 1 else f"{base} ({used[base]})"
        names[seg] = name
        size = int(sizes_by_seg.loc[seg])
        row: dict[str, object] = {
            "segment": seg,
            "name": name,
            "patrons": size,
            "share (%)": round(100 * size / len(patrons), 1),
        }
        for feature in chosen:
            row[f"median {FEATURES[feature]}"] = float(medians.loc[seg, feature])
        for label, series in extras.items():
            row[label] = series.loc[seg]
        row["_standout"] = key
        rows.append(row)
    profile = pd.DataFrame(rows).set_index("segment")
    return Segmentation(chosen, labels, profile, names)


@styled
def plot_segments(result: Segmentation) -> DescribedFigure:
    """Bar chart: each segment's average use as a multiple of the average patron's."""
    counts_cols = [f"median {FEATURES[f]}" for f in result.features]
    table = result.profile[counts_cols]
    fig = new_figure(7.5, 3.4)
    ax = fig.add_subplot()
    n_seg, n_feat = table.shape
    width = 0.8 / n_feat
    x = np.arange(n_seg)
    for i, col in enumerate(counts_cols):
        ax.bar(x + i * width, table[col], width, label=col.removeprefix("median "))
    ax.set_xticks(x + width * (n_feat - 1) / 2,
                  [f"{s}. {result.names[s]}" for s in table.index], rotation=15, ha="right")
    ax.set_ylabel("Median uses in 12 months")
    ax.set_title("What each segment typically does in a year")
    ax.legend(fontsize=9)
    biggest = result.profile["patrons"].idxmax()
    description = (
        f"Bar chart of {n_seg} segments by median yearly use of "
        f"{', '.join(FEATURES[f] for f in result.features)}; the largest segment is "
        f"'{result.names[biggest]}' with {result.profile.loc[biggest, 'patrons']:,} patrons."
    )
    return DescribedFigure(fig, description)


def chart_html(result: Segmentation) -> str:
    """The segments' median uses as simple HTML bars, with the numbers written in.

    Used by the explorer widget: it draws in a millisecond, where a matplotlib figure
    takes a few hundred, and a screen reader reads it as a list.
    """
    columns = [f"median {FEATURES[f]}" for f in result.features]
    top = max(float(result.profile[columns].to_numpy().max()), 1.0)
    parts = ['<div class="course-kit-segment-chart" role="list" '
             'aria-label="Median yearly use per segment" style="display:grid;'
             'grid-template-columns:repeat(auto-fill,minmax(min(360px,100%),1fr));gap:4px 24px">']
    for seg, row in result.profile.iterrows():
        parts.append(
            f'<div role="listitem" style="margin:6px 0"><strong>{seg}. '
            f"{html.escape(result.names[int(seg)])}</strong> ({int(row['patrons']):,} patrons)"
        )
        for i, col in enumerate(columns):
            value = float(row[col])
            width = max(2.0, 260 * value / top)
            colour = OKABE_ITO[i % 6]
            parts.append(
                '<div style="display:flex;align-items:center;gap:6px;font-size:90%">'
                f'<span style="flex:0 1 13em">{html.escape(col.removeprefix("median "))}</span>'
                f'<span aria-hidden="true" style="display:inline-block;height:0.9em;'
                f'width:{width:.0f}px;background:{colour}"></span>'
                f"<span>{value:g}</span></div>"
            )
        parts.append("</div>")
    parts.append("</div>")
    return "".join(parts)


def persona_seed(result: Segmentation, segment: int) -> dict[str, object]:
    """Starting values for a persona from ``segment`` (the participant edits them)."""
    if segment not in result.profile.index:
        raise SegmentationError(f"There is no segment {segment}.")
    row = result.profile.loc[segment]
    goal, need = _SEEDS.get(str(row["_standout"]), _SEEDS[""])
    seed: dict[str, object] = {
        "goals": goal,
        "needs": need,
        "based_on": (
            f"Segment {segment}, '{row['name']}': {int(row['patrons']):,} patrons "
            f"({row['share (%)']}% of cardholders)"
        ),
    }
    if "most common age band" in row:
        seed["age_band"] = row["most common age band"]
    if "most common contact" in row:
        channel = _CONTACT_TO_CHANNEL.get(str(row["most common contact"]))
        if channel:
            seed["channels"] = [channel]
    return seed
