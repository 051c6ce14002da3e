"""Keeping the notebooks tidy: clean for git, generated cells, the README's module table.

Notebooks are the source: trainers edit them in JupyterLab. This module never writes a
lesson; it only (a) strips outputs while keeping the metadata that matters (``nbgrader``,
``course_kit``), (b) writes what the module's manifest says into its notebook: the
``course_kit`` metadata and the overview cell marked ``{"course_kit": {"generated":
"overview"}}`` (title, time per section, objectives, questions), (c) rewrites the small
navigation cells marked with ``{"course_kit": {"nav": "top" | "bottom"}}`` and (d) renders
the README's table of modules. Each step can ``check`` instead of write, and the tests use
that to keep everything in sync.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

from course_kit.manifest import Manifest, manifests
from course_kit.syllabus import course_outcomes

__all__ = [
    "LessonInfo",
    "clean_notebook",
    "lesson_info",
    "lessons",
    "overview_markdown",
    "readme_table",
    "sync_modules",
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
    minutes: int
    syllabus: tuple[dict[str, str], ...]


def lesson_info(path: Path) -> LessonInfo:
    """Read a notebook's ``course_kit`` metadata (raises KeyError naming what is missing)."""
    nb = nbformat.read(path, as_version=4)
    meta = dict(nb.metadata.get("course_kit") or {})
    manifest = next((m for m in manifests() if m.notebook == path.name), None)
    if manifest is not None and "title" not in meta:  # not synced yet: the manifest says
        meta.update(_module_metadata(manifest))
    if not meta:
        raise KeyError(f"{path.name} has no 'course_kit' metadata")
    minutes = meta.get("minutes", 0)
    if isinstance(minutes, dict):
        minutes = sum(int(v) for v in minutes.values())
    return LessonInfo(
        path=path,
        module=int(meta["module"]),
        title=str(meta["title"]),
        minutes=int(minutes),
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


# -- what the manifest says ----------------------------------------------------------------
def overview_markdown(manifest: Manifest) -> str:
    """The notebook's overview cell: title, time, questions, objectives and sections."""
    outcomes = course_outcomes()
    minutes = manifest.minutes
    hours = f"{minutes / 60:g} hours" if minutes >= 90 and minutes % 30 == 0 else ""
    time = f"about {hours} ({minutes} minutes)" if hours else f"about {minutes} minutes"
    out = [f"# {manifest.label}", "", f"**Time:** {time}."]
    if manifest.prerequisites:
        out.append(f"**Before you start:** {manifest.prerequisites}.")
    if manifest.questions:
        out += ["", "**Questions this module answers**", ""]
        out += [f"- {q}" for q in manifest.questions]
    out += ["", "**By the end you will be able to:**", ""]
    for i, obj in enumerate(manifest.objectives, 1):
        outcome = outcomes[obj.outcome - 1].rstrip(".")
        out.append(f"{i}. {obj.text} *(course outcome {obj.outcome}: {outcome})*")
    out += ["", "| Section | Minutes |", "| --- | ---: |"]
    out += [f"| {s.heading} | {s.minutes} |" for s in manifest.sections]
    return "\n".join(out)


def _module_metadata(manifest: Manifest) -> dict[str, Any]:
    return {"module": manifest.number, "id": manifest.id, "title": manifest.title,
            "minutes": manifest.minutes, "syllabus": manifest.syllabus()}


def sync_modules(root: Path, check: bool = False,
                 modules_dir: Path | None = None) -> list[Path]:
    """Write each manifest into its notebook (metadata, overview); return what changed."""
    changed = []
    for manifest in manifests(modules_dir):
        path = root / NOTEBOOK_DIR / manifest.notebook
        if not path.exists():
            continue
        nb = nbformat.read(path, as_version=4)
        meta = dict(nb.metadata.get("course_kit", {}))
        meta.update(_module_metadata(manifest))
        nb.metadata["course_kit"] = meta
        for cell in nb.cells:
            if cell.metadata.get("course_kit", {}).get("generated") == "overview":
                cell.source = overview_markdown(manifest)
        if _write_if_changed(path, nb, check):
            changed.append(path)
    return changed


# -- navigation ----------------------------------------------------------------------------
def _label(info: LessonInfo) -> str:
    """``Welcome``; ``Module 1: Understanding Library Users``; other notebooks by title."""
    from course_kit.manifest import find

    if info.module == 0:
        return "Welcome"
    manifest = find(info.module)
    return manifest.label if manifest else info.title


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
        minutes = info.minutes
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
