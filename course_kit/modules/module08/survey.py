"""Survey questions: a quick review of common faults, and the methods compared.

:func:`review` looks for the faults that survey-design guides warn about most: a question
that asks two things at once (double-barrelled), one that suggests the answer (leading or
loaded), library jargon (Kupersmith, "Library Terms That Users Understand", 2011), "always"
and "never", double negatives and long questions. It is a checklist, not a judge: it cannot
tell whether the question asks what you need to know. Test every question on a few people.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import pandas as pd

__all__ = ["BAD_QUESTIONS", "METHODS", "Review", "methods_table", "review", "who_answered"]

#: Faulty questions for the rewriting activity, with the fault each one shows.
BAD_QUESTIONS: dict[str, str] = {
    "How satisfied are you with our opening hours and our staff?": "asks two things",
    "Don't you agree that the new self-checkout machines are a great improvement?": "leading",
    "How often do you use our databases and interlibrary loan?": "jargon, two things",
    "Do you always find the e-resources useful?": "'always', jargon",
}

#: Ways of gathering feedback and what each is good for (course notes).
METHODS: dict[str, dict[str, str]] = {
    "Survey (online or paper)": {
        "good for": "how many people think something; comparing groups and years",
        "watch out": "only people who answer are counted; wording steers answers",
        "effort": "medium",
    },
    "Focus group (6-10 people, about an hour)": {
        "good for": "why people think it; ideas in their own words",
        "watch out": "a few loud voices; not a count of anything",
        "effort": "high",
    },
    "Suggestion box": {
        "good for": "ideas and complaints at any time, anonymous",
        "watch out": "few and self-selected; you can't ask a follow-up",
        "effort": "low",
    },
    "Online form": {
        "good for": "comments at any time, with a topic and a branch",
        "watch out": "reaches online users only; needs a reply process",
        "effort": "low",
    },
    "Short intercept question at the desk": {
        "good for": "quick reaction to one service, right after use",
        "watch out": "people are polite face to face",
        "effort": "low",
    },
}

_JARGON = ("database", "catalog", "catalogue", "opac", "interlibrary loan", "ill", "e-resource",
           "e-journal", "periodical", "serial", "reference", "resource", "holdings", "circulation",
           "patron record", "discovery layer")
_LEADING = re.compile(r"\b(?:don't you|wouldn't you|isn't it|aren't they|do you agree|"
                      r"agree that|how (?:much|great) (?:do you )?(?:love|like|enjoy)|"
                      r"great|excellent|wonderful|amazing|improvement)\b", re.IGNORECASE)
_NEGATIVE = re.compile(r"\b(?:not|never|no|don't|doesn't|didn't|isn't|aren't|won't|can't)\b",
                       re.IGNORECASE)
_ABSOLUTE = re.compile(r"\b(?:always|never|ever|every time)\b", re.IGNORECASE)
_TWO = re.compile(r"\b(?:and|or)\b", re.IGNORECASE)
MAX_WORDS = 25


@dataclass(frozen=True)
class Review:
    """What the review found in one question."""

    question: str
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """True when no common fault was found."""
        return not self.problems

    def _repr_html_(self) -> str:
        if self.ok:
            body = ("<p>✔ No common fault found. Now try it on two or three people: do they "
                    "understand it the way you meant?</p>")
        else:
            items = "".join(f"<li>{html.escape(p)}</li>" for p in self.problems)
            body = f"<p>! Things to fix:</p><ul>{items}</ul>"
        return f"<div><p><em>{html.escape(self.question)}</em></p>{body}</div>"

    def __str__(self) -> str:
        return "No common fault found." if self.ok else " ".join(self.problems)


def review(question: str) -> Review:
    """Look for the common faults of a survey question; return them in plain words."""
    text = " ".join(str(question).split())
    if not text:
        return Review(text, ("Write a question first.",))
    lower = text.lower()
    found = []
    if _TWO.search(text):
        found.append("It may ask two things at once ('and' / 'or'): ask one thing per "
                     "question.")
    if _LEADING.search(text):
        found.append("It suggests the answer (leading words such as 'don't you agree' or "
                     "'great'): ask neutrally.")
    jargon = [w for w in _JARGON if re.search(rf"(?<!\w){re.escape(w)}s?(?!\w)", lower)]
    jargon = [w for w in jargon if not any(w != o and w in o for o in jargon)]
    if jargon:
        found.append(f"Library jargon: {', '.join(jargon)}. Name what people do instead "
                     "('find articles', 'borrow from another library').")
    if len(_NEGATIVE.findall(text)) >= 2:
        found.append("A double negative: say it the positive way.")
    elif _ABSOLUTE.search(text):
        found.append("'Always' or 'never' forces an extreme: ask how often.")
    words = len(text.split())
    if words > MAX_WORDS:
        found.append(f"It is long ({words} words): keep a question under {MAX_WORDS} words.")
    return Review(text, tuple(found))


def methods_table() -> pd.DataFrame:
    """The ways of gathering feedback side by side."""
    table = pd.DataFrame(METHODS).T
    table.index.name = "method"
    return table


def who_answered(responses: pd.DataFrame, patrons: pd.DataFrame,
                 names: dict[str, str] | None = None) -> pd.DataFrame:
    """Survey answers per branch next to cardholders per home branch, as counts and shares.

    A branch whose share of answers is far from its share of cardholders is over- or
    under-represented: a first check of who the survey reached.
    """
    answers = responses["branch_id"].value_counts()
    holders = patrons["home_branch_id"].value_counts()
    table = pd.DataFrame({"answers": answers, "cardholders": holders}).fillna(0).astype(int)
    table["% of answers"] = (100 * table["answers"] / table["answers"].sum()).round(1)
    table["% of cardholders"] = (100 * table["cardholders"] / table["cardholders"].sum()).round(1)
    table["answers per 100 cardholders"] = (100 * table["answers"] / table["cardholders"]).round(1)
    if names:
        table.index = table.index.map(lambda b: names.get(b, b))
    table.index.name = "branch"
    return table
