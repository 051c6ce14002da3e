"""Who is who: participants' names as the trainer knows them, for certificates and reports.

``collect`` records each name as it was typed in the file or folder name. The trainer may
also put a roster in the course folder, ``roster.csv``, with one row per participant::

    id,name,email
    ana-lopez,Ana López,ana.lopez@example.org

A name in the roster wins over the one typed at hand-in. Names that are not a person's
(``Your Name``, a login id such as ``correct00``) are found by :func:`placeholder_reason`,
so the trainer is warned before such a name is printed on a certificate.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ROSTER_FILE", "Person", "RosterError", "load_roster", "names",
           "placeholder_reason"]

#: The roster's file name in the course folder.
ROSTER_FILE = "roster.csv"

#: Names that are still a form's example, not a person's (compared case-insensitively).
PLACEHOLDER_NAMES = frozenset({
    "your name", "name", "first last", "firstname lastname", "first name last name",
    "participant", "student", "student name", "learner", "test", "anonymous", "unknown",
    "me", "my name", "your_name", "yourname"})


class RosterError(ValueError):
    """The roster cannot be read (no id or name column, an id twice)."""


@dataclass(frozen=True)
class Person:
    """One participant as the trainer knows them."""

    participant: str
    name: str
    email: str = ""


def load_roster(course_dir: Path) -> dict[str, Person]:
    """The roster in ``course_dir`` by participant id (empty when there is no roster.csv).

    Columns ``id`` and ``name`` are needed, ``email`` (or ``e-mail``) is optional, in any
    order; the ids are matched as ``collect`` makes them (``Ana López`` → ``ana-lópez``).
    """
    from course_kit.trainer.collect import participant_id

    path = course_dir / ROSTER_FILE
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        columns = {(c or "").strip().casefold().replace("-", ""): c
                   for c in reader.fieldnames or []}
        if "id" not in columns or "name" not in columns:
            raise RosterError(f"{path} needs the columns id and name (and e-mail if you "
                              f"like); it has: {', '.join(reader.fieldnames or []) or 'none'}")
        people: dict[str, Person] = {}
        for number, row in enumerate(reader, start=2):
            raw = (row.get(columns["id"]) or "").strip()
            if not raw:
                continue
            pid = participant_id(raw)
            if pid in people:
                raise RosterError(f"{path}, line {number}: the id {raw!r} is there twice")
            email = (row.get(columns["email"]) or "").strip() if "email" in columns else ""
            people[pid] = Person(pid, " ".join((row.get(columns["name"]) or "").split()),
                                 email)
    return people


def names(course_dir: Path) -> dict[str, str]:
    """Each participant's name: the roster's, else as typed at hand-in, else the id."""
    from nbgrader.api import Gradebook

    from course_kit.trainer.config import course_id, db_url

    with Gradebook(db_url(course_dir), course_id(course_dir)) as gb:
        found = {s.id: " ".join(x for x in (s.first_name, s.last_name) if x) or s.id
                 for s in gb.students}
    for pid, person in load_roster(course_dir).items():
        if person.name:
            found[pid] = person.name
    return found


def placeholder_reason(participant: str, name: str) -> str | None:
    """Why ``name`` is not a person's name (``None`` when it looks like one).

    Caught: no name, a form's example (``Your Name``), and a login id used as a name: the
    id itself, or one word with digits, ``_`` or ``@`` (``correct00``, ``jsmith_2``).
    """
    text = " ".join(name.split())
    if not text or (text == participant and _id_like(text)):
        return "no name is recorded"
    if text.casefold() in PLACEHOLDER_NAMES:
        return f"the name {text!r} is a form's example, not a name"
    if " " not in text and re.search(r"[\d_@]", text):
        return f"the name {text!r} looks like a login id, not a name"
    return None


def _id_like(text: str) -> bool:
    """Whether ``text`` is written like an id (lower case, no spaces), not like a name.

    Scripts without capitals (``王小明``) are never taken for an id.
    """
    return text == text.casefold() and text != text.upper() and " " not in text
