"""Run a draft through the course's plain-language checker.

Module 2's checker (``course_kit.modules.module02.checker.check_text``) gives the grade,
long sentences, passive voice and library jargon. Where that module is not installed, the
Flesch–Kincaid grade alone comes from :mod:`course_kit.readability`. A notice meant for
every user should be at grade 8 or lower (see DOMAIN notes, "Communication").
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["EXAMPLE_NOTICES", "TARGET_GRADE", "PlainCheck", "check_plain", "compare"]

#: Two notices about the same change, for comparison (written for this course).
EXAMPLE_NOTICES: dict[str, str] = {
    "Before": (
        "In response to feedback received via the annual patron satisfaction survey and "
        "associated consultation mechanisms, the library administration has approved a "
        "reconfiguration of operational hours at the Riverside location, effective March 3."
    ),
    "After": (
        "You told us Riverside closes too early. From March 3, Riverside is open until 8 pm "
        "on Tuesdays and Thursdays. Tell us how it works for you."
    ),
}

#: The grade a notice to users should not exceed.
TARGET_GRADE = 8.0


@dataclass(frozen=True)
class PlainCheck:
    """The grade of a text, notes on what to fix, and which checker produced them."""

    grade: float | None
    notes: list[str] = field(default_factory=list)
    checker: str = "readability"
    detail_html: str = ""

    @property
    def ok(self) -> bool:
        """True when the text is at or below the target grade."""
        return self.grade is not None and self.grade <= TARGET_GRADE

    def sentence(self) -> str:
        """One plain sentence about the result."""
        if self.grade is None:
            return "Too short to score: write at least a few sentences."
        verdict = ("plain enough for most adults" if self.ok
                   else f"harder than grade {TARGET_GRADE:.0f}: shorten sentences, use short words")
        return f"Reading grade {self.grade:.1f}: {verdict}."

    def to_html(self) -> str:
        """The result as an escaped HTML fragment (the Module 2 checker's own view if any)."""
        if self.detail_html:
            return self.detail_html
        notes = "".join(f"<li>{html.escape(n)}</li>" for n in self.notes)
        return f"<p>{html.escape(self.sentence())}</p>" + (f"<ul>{notes}</ul>" if notes else "")


def check_plain(text: str) -> PlainCheck:
    """Check ``text`` with Module 2's checker when importable, else the Flesch–Kincaid grade."""
    try:
        from course_kit.modules.module02.checker import check_text
    except ImportError:
        check_text = None
    if check_text is not None:
        result = check_text(text)
        notes = [str(n) for n in getattr(result, "notes", [])]
        detail = result.to_html() if hasattr(result, "to_html") else ""
        grade = None if result.grade is None else float(result.grade)
        return PlainCheck(grade, notes, "module02", str(detail))
    from course_kit.readability import flesch_kincaid_grade

    if not text.strip():
        return PlainCheck(None, [], "readability")
    grade = float(flesch_kincaid_grade(text))
    notes = [] if grade <= TARGET_GRADE else [
        "Split long sentences in two.", "Swap long words for short ones (use, not utilise)."]
    return PlainCheck(grade, notes, "readability")


def compare(texts: dict[str, str]) -> pd.DataFrame:
    """Grade and verdict of several texts side by side (e.g. :data:`EXAMPLE_NOTICES`)."""
    import pandas as pd

    rows = {}
    for name, text in texts.items():
        result = check_plain(text)
        rows[name] = {"words": len(text.split()), "grade": result.grade,
                      "verdict": result.sentence()}
    table = pd.DataFrame(rows).T
    table.index.name = "notice"
    return table
