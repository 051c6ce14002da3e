"""What a trainer's command is asked to work on, checked against the course first.

``course-kit grade --module module9`` or ``feedback --participant ana`` with a typo would
otherwise do nothing and say so in a way that reads like success ("Nothing to grade.").
These checks name what is not in the course and what is, in one plain sentence.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from course_kit.grading import assignments

__all__ = ["handed_in_by", "selection_problem"]

#: How many names a message lists before it says how many more there are.
_SHOWN = 8


def handed_in_by(course_dir: Path) -> list[str]:
    """The participants with a folder in ``submitted/`` (what ``collect`` placed)."""
    base = course_dir / "submitted"
    if not base.is_dir():
        return []
    return sorted(p.name for p in base.iterdir() if p.is_dir() and not p.name.startswith("."))


def _listing(names: list[str]) -> str:
    shown = ", ".join(names[:_SHOWN])
    more = len(names) - _SHOWN
    return shown + (f" and {more} more" if more > 0 else "")


def selection_problem(course_dir: Path, modules: Iterable[str] | None = None,
                      participants: Iterable[str] | None = None) -> str | None:
    """A sentence naming the modules or participants asked for that the course does not
    have (with those it has), or None when all are there."""
    asked_m, asked_p = list(modules or []), list(participants or [])
    known_m = assignments(course_dir)
    unknown_m = [m for m in asked_m if m not in known_m]
    if unknown_m:
        return (f"This course has no module {', '.join(unknown_m)}. Its modules are: "
                f"{_listing(known_m) or 'none yet'}.")
    if not asked_p:
        return None
    known_p = handed_in_by(course_dir)
    unknown_p = [p for p in asked_p if p not in known_p]
    if not unknown_p:
        return None
    if not known_p:
        return ("Nothing has been handed in yet: run `course-kit collect` first, then "
                "`course-kit grade`.")
    return (f"No hand-ins from {', '.join(unknown_p)} in this course. Participants are "
            f"named as in submitted/: {_listing(known_p)}.")
