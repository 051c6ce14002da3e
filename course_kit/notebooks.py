"""Keeping the notebooks tidy: clean for git, navigation cells, the README's module table.

Notebooks are the source: trainers edit them in JupyterLab. This module never writes a
lesson; it only (a) strips outputs while keeping the metadata that matters (``nbgrader``,
``course_kit``), (b) rewrites the small navigation cells marked with
``{"course_kit": {"nav": "top" | "bottom"}}`` and (c) renders the README's table of modules
from each notebook's ``course_kit`` metadata. Each step can ``check`` instead of write, and
the tests use that to keep everything in sync.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

__all__ = [
    "LessonInfo",
    "clean_notebook",
    "lesson_info",
    "lessons",
    "readme_table",
    "sync_navigation",
    "sync_readme",
]

NOTEBOOK_DIR = "notebooks"
_NB_META_DROP = ("widgets", "toc", "varInspector", "execution", "vscode", "jupytext")
_CELL_META_DROP = ("execution", "collapsed", "scrolled", "ExecuteTime")


@dataclass(frozen=True)
class LessonInfo:
    """What a notebook's ``course_kit`` metadata says about it."""

    path: Path
    module: int
    title: str
    teaching_minutes: int
    exercise_minutes: int
    syllabus: tuple[dict[str, str], ...]


def lesson_info(path: Path) -> LessonInfo:
    """Read a notebook's ``course_kit`` metadata (raises KeyError naming what is missing)."""
    nb = nbformat.read(path, as_version=4)
    meta = nb.metadata.get("course_kit")
    if meta is None:
        raise KeyError(f"{path.name} has no 'course_kit' metadata")
    minutes = meta.get("minutes", {})
    return LessonInfo(
        path=path,
        module=int(meta["module"]),
        title=str(meta["title"]),
        teaching_minutes=int(minutes.get("teaching", 0)),
        exercise_minutes=int(minutes.get("exercises", 0)),
        syllabus=tuple(meta.get("syllabus", [])),
    )


def lessons(root: Path) -> list[LessonInfo]:
    """All notebooks of the course in order (sorted by file name)."""
    return [lesson_info(p) for p in sorted((root / NOTEBOOK_DIR).glob("[0-9][0-9]-*.ipynb"))]


# -- cleaning ------------------------------------------------------------------------------
def clean_notebook(nb: Any) -> Any:
    """Strip outputs, execution counts and volatile metadata; keep nbgrader & course_kit."""
    for key in _NB_META_DROP:
        nb.metadata.pop(key, None)
    if "language_info" in nb.metadata:
        nb.metadata["language_info"] = {"name": nb.metadata["language_info"].get("name",
                                                                                  "python")}
    for cell in nb.cells:
        for key in _CELL_META_DROP:
            cell.metadata.pop(key, None)
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return nb


def _write_if_changed(path: Path, nb: Any, check: bool) -> bool:
    new = nbformat.writes(nb)
    if not new.endswith("\n"):
        new += "\n"
    old = path.read_text(encoding="utf-8")
    if new == old:
        return False
    if not check:
        path.write_text(new, encoding="utf-8")
    return True


def clean_file(path: Path, check: bool = False) -> bool:
    """Clean one notebook file; return True if it was (or, with ``check``, would be) changed."""
    nb = nbformat.read(path, as_version=4)
    return _write_if_changed(path, clean_notebook(nb), check)


# -- navigation ----------------------------------------------------------------------------
def _label(info: LessonInfo) -> str:
    return "Welcome" if info.module == 0 else f"Module {info.module}: {info.title}"


def _nav_source(all_lessons: list[LessonInfo], index: int) -> str:
    parts = []
    if index > 0:
        prev = all_lessons[index - 1]
        parts.append(f"[← {_label(prev)}]({prev.path.name})")
    parts.append("[Course contents](../README.md#the-modules)")
    if index + 1 < len(all_lessons):
        nxt = all_lessons[index + 1]
        parts.append(f"[{_label(nxt)} →]({nxt.path.name})")
    return " | ".join(parts)


def sync_navigation(root: Path, check: bool = False) -> list[Path]:
    """Rewrite the navigation cells of every lesson; return the notebooks that changed."""
    changed = []
    all_lessons = lessons(root)
    for i, info in enumerate(all_lessons):
        nb = nbformat.read(info.path, as_version=4)
        source = _nav_source(all_lessons, i)
        for cell in nb.cells:
            if cell.cell_type == "markdown" and cell.metadata.get("course_kit", {}).get("nav"):
                cell.source = source
        if _write_if_changed(info.path, nb, check):
            changed.append(info.path)
    return changed


# -- README --------------------------------------------------------------------------------
_START, _END = "<!-- modules:start -->", "<!-- modules:end -->"


def readme_table(root: Path) -> str:
    """The Markdown table of modules, from the notebooks' metadata."""
    rows = [
        "| Notebook | What you will learn | Time |",
        "| --- | --- | --- |",
    ]
    for info in lessons(root):
        topics = "; ".join(item["topic"].rstrip(".") for item in info.syllabus) or \
            "How to use the workbooks; the course map"
        minutes = info.teaching_minutes + info.exercise_minutes
        link = f"[{_label(info)}](notebooks/{info.path.name})"
        rows.append(f"| {link} | {topics} | {minutes} min |")
    return "\n".join(rows)


def sync_readme(root: Path, check: bool = False) -> bool:
    """Put the current module table between the README's markers; True if it changed."""
    readme = root / "README.md"
    text = readme.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(_START) + r".*?" + re.escape(_END), re.S)
    if not pattern.search(text):
        raise ValueError(f"README.md lacks the markers {_START} … {_END}")
    new = pattern.sub(lambda _m: f"{_START}\n{readme_table(root)}\n{_END}", text)
    if new == text:
        return False
    if not check:
        readme.write_text(new, encoding="utf-8")
    return True


def dumps_metadata(path: Path) -> str:
    """The ``course_kit`` metadata of a notebook, pretty-printed (for trainers)."""
    nb = nbformat.read(path, as_version=4)
    return json.dumps(nb.metadata.get("course_kit", {}), indent=2, ensure_ascii=False)
