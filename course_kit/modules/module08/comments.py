"""Reading comments at scale: themes, sentiment and personal data.

* **Themes** come from a dictionary kept as data (``themes.toml`` beside this file, or a
  library's own file with the same shape): a comment gets every theme whose keyword starts
  one of its words. It is transparent and editable, and it misses what it has no word for.
* **Sentiment** is VADER (Hutto & Gilbert, "VADER: A Parsimonious Rule-based Model for
  Sentiment Analysis of Social Media Text", ICWSM 2014), through the ``vaderSentiment``
  package. Its compound score runs from −1 to +1; its authors' usual cut-offs are ≥ 0.05
  positive and ≤ −0.05 negative. What it cannot do: it reads English only (a Spanish or
  Vietnamese comment is marked "not scored" here, never guessed), it misses sarcasm and
  irony, it reads a polite request ("Could you stay open later?") as neutral although it
  reports a problem, and one comment's score says little; read the comments themselves.
* **Personal data**: comments that quote an e-mail address, a phone or card number, a
  street address or someone's name are flagged, so they are removed before a comment is
  shared (ALA Library Bill of Rights, Article VII).
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

__all__ = [
    "THEMES_FILE",
    "Theme",
    "ThemeError",
    "by_channel",
    "by_quarter",
    "by_year",
    "load_themes",
    "looks_english",
    "personal_data",
    "sentiment",
    "sentiment_label",
    "tag_comments",
    "theme_summary",
    "themes_for",
]

#: The theme dictionary shipped with the course (a trainer may edit it).
THEMES_FILE = Path(__file__).with_name("themes.toml")

#: A theme name given to comments that match no theme.
OTHER = "other"


class ThemeError(ValueError):
    """The theme dictionary cannot be used as it is; the message says why."""


@dataclass(frozen=True)
class Theme:
    """One theme: an id, a plain label, a hint for the reply, and its keywords."""

    id: str
    label: str
    we_did: str
    keywords: tuple[str, ...]

    @functools.cached_property
    def pattern(self) -> re.Pattern[str]:
        """A regular expression matching any keyword at the start of a word."""
        words = sorted({k.strip().lower() for k in self.keywords if k.strip()}, key=len,
                       reverse=True)
        return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + ")",
                          re.IGNORECASE)


def load_themes(path: Path | str | None = None) -> tuple[Theme, ...]:
    """Read a theme dictionary (TOML); raise :class:`ThemeError` in plain words if it is wrong."""
    path = Path(path) if path is not None else THEMES_FILE
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ThemeError(f"The theme file {path.name} could not be read ({exc}).") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ThemeError(f"The theme file {path.name} is not valid TOML: {exc}.") from exc
    table = raw.get("themes")
    if not isinstance(table, dict) or not table:
        raise ThemeError(f"The theme file {path.name} has no [themes.<name>] sections.")
    themes = []
    for key, entry in table.items():
        if not isinstance(entry, dict):
            raise ThemeError(f"Theme '{key}' in {path.name} must be a section, not a value.")
        keywords = entry.get("keywords")
        if not isinstance(keywords, list) or not all(isinstance(k, str) for k in keywords) \
                or not any(k.strip() for k in keywords):
            raise ThemeError(f"Theme '{key}' in {path.name} needs a list of keywords (text).")
        themes.append(Theme(id=key, label=str(entry.get("label", key)),
                            we_did=str(entry.get("we_did", "")),
                            keywords=tuple(keywords)))
    return tuple(themes)


def themes_for(text: str, themes: Iterable[Theme]) -> list[str]:
    """The ids of the themes whose keywords occur in ``text`` (``["other"]`` if none)."""
    found = [t.id for t in themes if t.pattern.search(text or "")]
    return found or [OTHER]


# -- language and sentiment -----------------------------------------------------------------
_NOT_ENGLISH = re.compile(
    r"[áéíóúñ¿¡ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]"
    r"|(?<!\w)(?:el|la|los|las|y|es|del|por favor|gracias|muy|para|que|necesitamos|biblioteca|"
    r"xin|cảm ơn|và)(?!\w)",
    re.IGNORECASE,
)


def looks_english(text: str) -> bool:
    """A rough guess: False when the text has Spanish or Vietnamese letters or words.

    Only used to avoid scoring comments VADER cannot read; a library that records the
    language of each comment (as Millbrook's ``comments.csv`` does) should use that instead.
    """
    return not _NOT_ENGLISH.search(text or "")


@functools.cache
def _analyzer() -> object:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


@functools.lru_cache(maxsize=20_000)
def sentiment(text: str) -> float:
    """VADER's compound score of an English text, from −1 (negative) to +1 (positive)."""
    return float(_analyzer().polarity_scores(text or "")["compound"])  # type: ignore[attr-defined]


def sentiment_label(score: float | None) -> str:
    """'positive' (≥ 0.05), 'negative' (≤ −0.05), 'neutral', or 'not scored' (None/NaN)."""
    if score is None or pd.isna(score):
        return "not scored"
    if score >= 0.05:
        return "positive"
    if score <= -0.05:
        return "negative"
    return "neutral"


# -- personal data ---------------------------------------------------------------------------
_PERSONAL = (
    ("an e-mail address", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),
    ("a phone or card number", re.compile(r"(?<!\w)\+?\d(?:[\s().-]?\d){6,}(?!\w)")),
    ("a street address", re.compile(
        r"\b\d{1,5}\s+(?:[A-Z][a-z]+\s+){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|Dr|"
        r"Court|Ct|Boulevard|Blvd|Way|Place|Calle)\b\.?")),
    ("a person's name", re.compile(
        r"\b(?:Mr|Mrs|Ms|Miss|Dr|Sr|Sra|Srta)\.?\s+[A-Z][a-z]+"
        r"|(?i:my name is|me llamo|tên tôi là)\s+\w+"
        r"|(?i:\b(?:librarian|staff member|assistant)\s+(?:called|named))\s+[A-Z][a-z]+")),
)


def personal_data(text: str) -> list[str]:
    """What personal data ``text`` seems to quote, in plain words (empty when none found).

    A flag is a prompt to look, not a verdict: the checks look for e-mail addresses, long
    numbers (phone, library card), street addresses and names after a title ("Mrs Lee")
    or "my name is". They miss a first name on its own.
    """
    return [what for what, pattern in _PERSONAL if pattern.search(text or "")]


# -- a table of comments ---------------------------------------------------------------------
def tag_comments(comments: pd.DataFrame, themes: Iterable[Theme] | None = None,
                 text: str = "text", language: str | None = None) -> pd.DataFrame:
    """Add ``themes``, ``sentiment``, ``tone`` and ``personal_data`` columns to ``comments``.

    Rows with a blank text are dropped. With ``language`` (a column naming each comment's
    language) only English comments are scored; without it, :func:`looks_english` guesses.
    """
    themes = tuple(themes) if themes is not None else load_themes()
    out = comments[comments[text].fillna("").astype(str).str.strip() != ""].copy()
    texts = out[text].astype(str)
    out["themes"] = [themes_for(t, themes) for t in texts]
    if language is not None:
        english = out[language].astype(str).str.lower().eq("english")
    else:
        english = texts.map(looks_english)
    out["sentiment"] = [sentiment(t) if e else float("nan")
                        for t, e in zip(texts, english, strict=True)]
    out["tone"] = out["sentiment"].map(sentiment_label)
    out["personal_data"] = [", ".join(personal_data(t)) for t in texts]
    return out


def theme_summary(tagged: pd.DataFrame, themes: Iterable[Theme] | None = None,
                  text: str = "text") -> pd.DataFrame:
    """Per theme: how many comments, the share of all comments, how many negative, an example.

    Sorted by the number of comments, largest first; "other" is listed last.
    """
    themes = tuple(themes) if themes is not None else load_themes()
    labels = {t.id: t.label for t in themes} | {OTHER: "Other (no theme matched)"}
    exploded = tagged.explode("themes")
    total = len(tagged)
    rows = []
    for theme_id, part in exploded.groupby("themes", sort=False):
        scored = part["tone"] != "not scored"
        negative = part["tone"] == "negative"
        example_pool = part[negative] if negative.any() else part
        rows.append({
            "theme": theme_id,
            "label": labels.get(theme_id, theme_id),
            "comments": len(part),
            "% of comments": round(100 * len(part) / total, 1) if total else 0.0,
            "scored": int(scored.sum()),
            "negative": int(negative.sum()),
            "example": str(example_pool[text].value_counts().index[0]),
        })
    table = pd.DataFrame(rows, columns=["theme", "label", "comments", "% of comments",
                                        "scored", "negative", "example"])
    table["_other"] = table["theme"] == OTHER
    table = table.sort_values(["_other", "comments", "theme"], ascending=[True, False, True])
    return table.drop(columns="_other").set_index("theme")


def by_channel(cards: pd.DataFrame) -> pd.DataFrame:
    """Comments per channel and language, with totals (``comments.csv``)."""
    table = pd.crosstab(cards["channel"].astype(str), cards["language"].astype(str),
                        margins=True, margins_name="total")
    table.index.name, table.columns.name = "channel", None
    order = table.drop(index="total").sort_values("total", ascending=False).index
    return table.loc[[*order, "total"]]


def by_quarter(cards: pd.DataFrame) -> pd.DataFrame:
    """Comments received per quarter of the year (all channels, topics and languages)."""
    quarters = cards["received_on"].dt.to_period("Q")
    table = cards.groupby(quarters).size().rename("comments").to_frame()
    table.index = [f"{q.year} Q{q.quarter}" for q in table.index]
    table.index.name = "quarter"
    return table


def by_year(cards: pd.DataFrame, topic: str, names: dict[str, str] | None = None,
            ) -> pd.DataFrame:
    """Comments staff filed under ``topic``, per branch and year."""
    part = cards[cards["topic"].astype(str) == topic]
    table = pd.crosstab(part["branch_id"], part["received_on"].dt.year)
    if names:
        table.index = table.index.map(lambda b: names.get(b, b))
    table.index.name, table.columns.name = "branch", f"'{topic}' comments in"
    return table
