"""Module manifests: one declarative record per module, read by everything else.

Each module's home (``course_kit/modules/moduleNN/``) holds a ``manifest.toml``: its number,
title, notebook, the questions it answers, objectives mapped to the seven course outcomes,
one section per syllabus topic (heading and minutes), and the work a participant keeps.
Navigation, the notebook's overview and metadata, the README table, the trainer's hours,
report labels and certificates all read it, so a module's identity and time live in one place.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = [
    "Manifest",
    "ManifestError",
    "Objective",
    "Section",
    "WorkItem",
    "load_manifest",
    "manifests",
    "module_id",
]


class ManifestError(ValueError):
    """A manifest that cannot be used; the message names the file and the field."""


@dataclass(frozen=True)
class Objective:
    """What a participant will be able to do, and the course outcome (1–7) it serves."""

    text: str
    outcome: int


@dataclass(frozen=True)
class Section:
    """One section of the notebook: the syllabus topic it teaches (verbatim), its heading."""

    topic: str
    heading: str
    minutes: int


@dataclass(frozen=True)
class WorkItem:
    """Something the participant makes and keeps: ``my_work/<file>.json`` (entry ``key``)."""

    file: str
    title: str
    render: str = ""
    key: str = ""


@dataclass(frozen=True)
class Manifest:
    """A module's record (see ``docs/adding-a-module.md``)."""

    number: int
    title: str
    notebook: str
    questions: tuple[str, ...]
    objectives: tuple[Objective, ...]
    sections: tuple[Section, ...]
    work: tuple[WorkItem, ...]
    prerequisites: str
    path: Path

    @property
    def id(self) -> str:
        """The module's one id: ``module01``."""
        return module_id(self.number)

    @property
    def label(self) -> str:
        """``Module 1: Understanding Library Users``."""
        return f"Module {self.number}: {self.title}"

    @property
    def minutes(self) -> int:
        """Minutes of all sections together."""
        return sum(s.minutes for s in self.sections)

    @property
    def hours(self) -> float:
        """The module's study time in hours, to the nearest half hour (for certificates)."""
        return max(0.5, round(self.minutes / 30) / 2)

    def syllabus(self) -> list[dict[str, str]]:
        """The notebook's ``course_kit.syllabus`` metadata: topic and section, in order."""
        return [{"topic": s.topic, "section": s.heading} for s in self.sections]


def module_id(number: int) -> str:
    """The id of module ``number``: ``module01``."""
    return f"module{number:02d}"


def _need(data: dict[str, Any], key: str, kind: type, where: str) -> Any:
    if key not in data:
        raise ManifestError(f"{where}: '{key}' is missing.")
    value = data[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ManifestError(f"{where}: '{key}' should be a {kind.__name__}, not {value!r}.")
    if isinstance(value, str) and not value.strip():
        raise ManifestError(f"{where}: '{key}' is empty.")
    return value


def load_manifest(path: Path) -> Manifest:
    """Read and check one ``manifest.toml`` (raises :class:`ManifestError` naming the field)."""
    name = f"{path.parent.name}/{path.name}"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ManifestError(f"{name}: cannot be read ({exc}).") from exc
    number = _need(data, "number", int, name)
    if path.parent.name != module_id(number):
        raise ManifestError(f"{name}: number {number} does not match the folder "
                            f"(expected {module_id(number)}/).")
    objectives = []
    for i, obj in enumerate(_need(data, "objectives", list, name), 1):
        where = f"{name}, objective {i}"
        outcome = _need(obj, "outcome", int, where)
        if not 1 <= outcome <= 7:
            raise ManifestError(f"{where}: 'outcome' must be 1-7 (the course outcomes).")
        objectives.append(Objective(_need(obj, "text", str, where).strip(), outcome))
    sections = []
    for i, sec in enumerate(_need(data, "sections", list, name), 1):
        where = f"{name}, section {i}"
        minutes = _need(sec, "minutes", int, where)
        if minutes <= 0:
            raise ManifestError(f"{where}: 'minutes' must be positive.")
        sections.append(Section(_need(sec, "topic", str, where).strip(),
                                _need(sec, "heading", str, where).strip(), minutes))
    work = []
    for i, item in enumerate(data.get("work", []), 1):
        where = f"{name}, work {i}"
        work.append(WorkItem(_need(item, "file", str, where), _need(item, "title", str, where),
                             str(item.get("render", "")), str(item.get("key", ""))))
    return Manifest(
        number=number,
        title=_need(data, "title", str, name).strip(),
        notebook=_need(data, "notebook", str, name).strip(),
        questions=tuple(str(q) for q in data.get("questions", [])),
        objectives=tuple(objectives),
        sections=tuple(sections),
        work=tuple(work),
        prerequisites=str(data.get("prerequisites", "")).strip(),
        path=path,
    )


def _modules_dir() -> Path:
    return Path(str(resources.files("course_kit").joinpath("modules")))


@functools.cache
def _all(folder: Path) -> tuple[Manifest, ...]:
    found = [load_manifest(p) for p in sorted(folder.glob("module[0-9][0-9]/manifest.toml"))]
    return tuple(sorted(found, key=lambda m: m.number))


def manifests(folder: Path | None = None) -> tuple[Manifest, ...]:
    """Every module's manifest, in order (``folder``: another modules folder, for tests)."""
    return _all((folder or _modules_dir()).resolve())


def find(module: str | int, folder: Path | None = None) -> Manifest | None:
    """The manifest of ``module`` (``"module01"`` or ``1``), or None."""
    key = module_id(module) if isinstance(module, int) else module
    return next((m for m in manifests(folder) if m.id == key), None)
