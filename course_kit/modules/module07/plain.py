"""Plain-language check of a post or newsletter text, for the content calendar.

Module 2's checker (:func:`course_kit.modules.module02.checker.check_text`) is used when it
is installed; otherwise the grade comes from :func:`course_kit.readability.flesch_kincaid_grade`
and two simple checks (long sentences, a few library words users often misread). The
import is tried at every check, so the calendar switches to Module 2's checker as soon as
it is there.
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass, field
from typing import Any

from course_kit import readability

__all__ = ["GRADE_TARGET", "JARGON", "LONG_SENTENCE", "MessageCheck", "check_message"]

#: Plain-language guidance for library notices: grade 8 or lower.
GRADE_TARGET = 8.0
#: A sentence longer than this many words is flagged.
LONG_SENTENCE = 25

# Words that library users often misread (Kupersmith 2011; McDonald & Trujillo 2024).
JARGON: tuple[str, ...] = (
    "database", "catalog", "catalogue", "e-journal", "interlibrary loan", "periodical",
    "serial", "resource", "OPAC", "ILL", "circulation", "holdings", "eResources",
)


@dataclass
class MessageCheck:
    """The result of a plain-language check: the grade and notes in plain words."""

    grade: float | None
    notes: list[str] = field(default_factory=list)
    source: str = "course_kit.readability"

    @property
    def plain(self) -> bool:
        """True when the grade is at or below :data:`GRADE_TARGET` (or cannot be scored:
        a text too short or not in English has no grade)."""
        return self.grade is None or self.grade <= GRADE_TARGET

    def summary(self) -> str:
        """One line: the grade and whether it meets the target."""
        if self.grade is None:
            return "No reading grade for this text (too short, or not in English)."
        verdict = "plain enough" if self.plain else f"aim for grade {GRADE_TARGET:g} or lower"
        return f"Reading grade {max(self.grade, 0.0):.1f}: {verdict}."

    def to_html(self) -> str:
        """The summary and notes as an escaped HTML fragment."""
        notes = "".join(f"<li>{html.escape(n)}</li>" for n in self.notes)
        return (f'<div class="course-kit-plain-check"><strong>{html.escape(self.summary())}'
                f"</strong>{f'<ul>{notes}</ul>' if notes else ''}</div>")


def _module02() -> Any:
    try:
        from course_kit.modules.module02.checker import check_text  # type: ignore[import-not-found]
    except ImportError:
        return None
    return check_text


def _fallback(text: str) -> MessageCheck:
    grade = readability.flesch_kincaid_grade(text)
    notes = []
    long = [s for s in readability.sentences(text) if len(readability.words(s)) > LONG_SENTENCE]
    if long:
        notes.append(f"{len(long)} sentence(s) longer than {LONG_SENTENCE} words: split them.")
    found = sorted({w for w in JARGON
                    if re.search(rf"\b{re.escape(w)}s?\b", text, flags=re.IGNORECASE)})
    if found:
        notes.append("Library words many users misread: " + ", ".join(found)
                     + ". Say what the person can do instead (\"find books\").")
    return MessageCheck(round(grade, 1), notes)


def check_message(text: str) -> MessageCheck:
    """Check ``text`` with Module 2's checker when present, else the kit's readability.

    Results are remembered for the last few hundred texts: the calendar checks a message as
    it is typed and again when it is added.
    """
    result = _check(text)
    return MessageCheck(result.grade, list(result.notes), result.source)


@functools.lru_cache(maxsize=256)
def _check(text: str) -> MessageCheck:
    if not text.strip():
        return MessageCheck(0.0, ["The message is empty."])
    check_text = _module02()
    if check_text is None:
        return _fallback(text)
    report = check_text(text)
    notes = [str(n) for n in report.notes]
    if report.long_sentences:
        notes.append(f"{len(report.long_sentences)} long sentence(s): split them.")
    if report.passive:
        notes.append("Passive verbs: " + ", ".join(map(str, report.passive[:4]))
                     + ". Say who does what.")
    if report.jargon:
        notes.append("Library words many users misread: "
                     + "; ".join(f"{term} (try: {better})" for term, better in report.jargon[:4])
                     + ".")
    grade = None if report.grade is None else round(float(report.grade), 1)
    return MessageCheck(grade, notes, source="course_kit.modules.module02.checker")
