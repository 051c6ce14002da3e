"""Finding segments of library users in the patron records.

A *segment* is a group of users who use the library in a similar way. The kit finds them
with k-means clustering (scikit-learn) on a few usage counts that the participant picks,
then describes each group in plain words: how many people, what they typically do, their
most common age band and contact preference. A segment can then be turned into a persona.

Counts are log-transformed (``log1p``) and standardised before clustering, so one very
heavy borrower does not pull a whole segment, and a count of loans weighs the same as a
count of program visits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans

from course_kit.plotting import DescribedFigure, new_figure

__all__ = [
    "FEATURES",
    "Segmentation",
    "SegmentationError",
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

MAX_SEGMENTS = 8


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
    features, an unknown feature, or a number of segments outside 2–8 or above the number
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
    model = KMeans(n_clusters=n_segments, n_init=3, random_state=seed)
    raw = model.fit_predict(scaled)

    # Number segments by size, largest first, so the numbering is stable and readable.
    order = pd.Series(raw).value_counts().index.tolist()
    renumber = {old: new for new, old in enumerate(order, start=1)}
    labels = pd.Series([renumber[r] for r in raw], index=patrons.index, name="segment")

    overall = counts.mean()
    rows, names = [], {}
    used: dict[str, int] = {}
    for seg in range(1, n_segments + 1):
        members = patrons[labels == seg]
        means = counts[labels == seg].mean()
        key = _standout(means, overall)
        base = _NAMES.get(key, "Occasional users")
        used[base] = used.get(base, 0) + 1
        name = base if used[base] == 1 else f"{base} ({used[base]})"
        names[seg] = name
        row: dict[str, object] = {
            "segment": seg,
            "name": name,
            "patrons": len(members),
            "share_%": round(100 * len(members) / len(patrons), 1),
        }
        for feature in chosen:
            row[f"median {FEATURES[feature]}"] = float(counts.loc[labels == seg, feature].median())
        if "age_band" in members:
            row["most common age band"] = str(members["age_band"].mode().iloc[0])
        if "preferred_contact" in members:
            row["most common contact"] = str(members["preferred_contact"].mode().iloc[0])
        if "preferred_language" in members:
            english = (members["preferred_language"].astype(str) == "English").mean()
            row["not English_%"] = round(100 * (1 - english), 1)
        row["_standout"] = key
        rows.append(row)
    profile = pd.DataFrame(rows).set_index("segment")
    return Segmentation(chosen, labels, profile, names)


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
            f"({row['share_%']} % of cardholders)"
        ),
    }
    if "most common age band" in row:
        seed["age_band"] = row["most common age band"]
    if "most common contact" in row:
        channel = _CONTACT_TO_CHANNEL.get(str(row["most common contact"]))
        if channel:
            seed["channels"] = [channel]
    return seed
