"""The course outline (``syllabus.txt``, copied verbatim from the course description).

Parsing it gives the modules and their topics, which is how the kit checks that every
notebook teaches every topic of its module and how the README's module table is built.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Module",
    "action_plan",
    "course_map",
    "course_outcomes",
    "course_title",
    "modules",
    "read_outline",
]


@dataclass(frozen=True)
class Module:
    """One module of the outline: its number, title, week and topics (verbatim)."""

    number: int
    title: str
    week: int
    topics: tuple[str, ...]


@cache
def read_outline() -> str:
    """The outline's text."""
    return resources.files("course_kit").joinpath("syllabus.txt").read_text(encoding="utf-8")


def _bullets_after(heading: str) -> list[str]:
    lines = read_outline().splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == heading)
    items = []
    for line in lines[start + 1 :]:
        if not line.startswith("- "):
            break
        items.append(line[2:].strip())
    return items


def course_title() -> str:
    """The course's title, without the 'Course Title:' label."""
    first = read_outline().splitlines()[0]
    return first.split(":", 1)[1].strip()


def course_outcomes() -> list[str]:
    """The seven course outcomes."""
    return _bullets_after("Course Outcomes")


def action_plan() -> list[str]:
    """The steps of the 'Action Plan for Implementation'."""
    return _bullets_after("Action Plan for Implementation")


_MODULE = re.compile(r"^Module (\d+): (.+)$")
_WEEK = re.compile(r"^Week (\d+):")


@cache
def modules() -> tuple[Module, ...]:
    """All modules of the outline, in order."""
    found: list[Module] = []
    week = 0
    lines = read_outline().splitlines()
    for i, line in enumerate(lines):
        if m := _WEEK.match(line):
            week = int(m.group(1))
        elif m := _MODULE.match(line.strip()):
            topics = []
            for item in lines[i + 1 :]:
                if not item.startswith("- "):
                    break
                topics.append(item[2:].strip())
            found.append(Module(int(m.group(1)), m.group(2).strip(), week, tuple(topics)))
    return tuple(found)


def course_map() -> pd.DataFrame:
    """One row per module: week, number, title and its topics (for the welcome page)."""
    import pandas as pd

    rows = [
        {"Week": m.week, "Module": m.number, "Title": m.title,
         "Topics": "; ".join(t.rstrip(".") for t in m.topics)}
        for m in modules()
    ]
    return pd.DataFrame(rows).set_index("Module")
