"""A participant's saved work, read back as Markdown: for hand-ins, the portfolio, the plan.

Each module's manifest lists the work a participant makes (``[[work]]``: a file in
``my_work/``, optionally one entry of it, a title and a render function). This module finds
those items and turns what was saved into Markdown, escaped, so nothing a participant typed
is ever run or rendered as markup. Work that was never done is reported as such, not as an
error.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from course_kit.manifest import Manifest, WorkItem, manifests
from course_kit.storage import WorkStore

__all__ = ["SavedWork", "escape_markdown", "find_work", "generic_markdown", "saved_work",
           "saved_work_markdown"]

_MD_ANYWHERE = "\\`*_{}[]|~"
_LINE_START = re.compile(r"^(\s*)([#+\-=]|\d+[.)])")


def escape_markdown(text: str) -> str:
    """``text`` shown as typed in any Markdown viewer: no markup, link, image or HTML runs.

    Characters that make markup anywhere (``*`` ``_`` `````` ``[`` ``]`` ``|`` ``~`` and
    the backslash) are escaped, ``<``, ``>`` and ``&`` become HTML entities, and a line that
    would start a heading, a list or a numbered item has that marker escaped. Ordinary
    hyphens and full stops inside a sentence are left alone, so the source stays readable.
    """
    lines = []
    for line in str(text).split("\n"):
        out = []
        for ch in line:
            if ch == "&":
                out.append("&amp;")
            elif ch == "<":
                out.append("&lt;")
            elif ch == ">":
                out.append("&gt;")
            elif ch in _MD_ANYWHERE:
                out.append("\\" + ch)
            else:
                out.append(ch)
        escaped = "".join(out).replace("\\](", "\\]\\(")  # no "](" left for a link
        match = _LINE_START.match(escaped)
        if match:
            lead, marker = match.groups()
            escaped = f"{lead}{marker[:-1]}\\{marker[-1]}{escaped[match.end():]}"
        lines.append(escaped)
    return "\n".join(lines)


def generic_markdown(data: Any, title: str = "") -> str:
    """Any saved JSON as escaped Markdown: keys as labels, lists as bullets."""
    lines = [f"## {escape_markdown(title)}", ""] if title else []

    def walk(value: Any, depth: int) -> None:
        pad = "  " * depth
        if isinstance(value, dict):
            for key, item in value.items():
                if isinstance(item, dict | list):
                    lines.append(f"{pad}- **{escape_markdown(str(key))}**")
                    walk(item, depth + 1)
                else:
                    lines.append(f"{pad}- **{escape_markdown(str(key))}:** "
                                 f"{escape_markdown(str(item))}")
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, dict | list):
                    walk(item, depth)
                else:
                    lines.append(f"{pad}- {escape_markdown(str(item))}")
        else:
            lines.append(f"{pad}{escape_markdown(str(value))}")

    walk(data, 0)
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class SavedWork:
    """One piece of work: where it comes from, and what was saved (``None``: not done yet)."""

    manifest: Manifest
    item: WorkItem
    data: Any

    @property
    def done(self) -> bool:
        """True when something was saved."""
        return bool(self.data)

    @property
    def saved_on(self) -> str:
        """When it was last saved (``2026-03-05 14:02``), or ``""`` when not done.

        The time the work records itself (``saved_at``, ``updated``…), else the file's.
        """
        if not self.done:
            return ""
        if isinstance(self.data, dict):
            for key in ("saved_at", "updated", "saved", "created"):
                value = self.data.get(key)
                if isinstance(value, str) and value.strip():
                    return value.strip()[:16].replace("T", " ")
        path = WorkStore(self.item.file).path
        if path.exists():
            return datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
        return ""

    def markdown(self) -> str:
        """The work as escaped Markdown (or a line saying it is not done yet)."""
        if not self.done:
            return (f"## {escape_markdown(self.item.title)}\n\n(Not done yet: see "
                    f"{escape_markdown(self.manifest.label)}.)\n")
        render = _renderer(self.item.render)
        if render is None:
            return generic_markdown(self.data, self.item.title)
        try:
            return render(self.data)
        except Exception:  # a module's renderer that trips over old data: show it plainly
            return generic_markdown(self.data, self.item.title)


def _renderer(ref: str) -> Callable[[Any], str] | None:
    if not ref or ":" not in ref:
        return None
    module, _, name = ref.partition(":")
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


def _load(item: WorkItem) -> Any:
    data = WorkStore(item.file).load()
    if item.key:
        return data.get(item.key) or None
    return data or None


def saved_work() -> list[SavedWork]:
    """Every module's work items with what was saved, in course order."""
    return [SavedWork(m, item, _load(item)) for m in manifests() for item in m.work]


def find_work(file: str, key: str = "") -> SavedWork | None:
    """The work item ``my_work/<file>.json`` (entry ``key``) of a module's manifest, or None."""
    for m in manifests():
        for item in m.work:
            if item.file == file and item.key == key:
                return SavedWork(m, item, _load(item))
    return None


def saved_work_markdown(name: str) -> str:
    """The saved work ``name`` (``"module01-persona"`` or ``"notes#m01-targeted-service"``).

    ``"actionplan"`` is the action-plan workbook's plan.
    """
    file, _, key = name.partition("#")
    if file == "actionplan" and not key:
        from course_kit.actionplan.plan import STORE_NAME, plan_markdown

        data = WorkStore(STORE_NAME).load()
        return plan_markdown(data) if data else "(No action plan saved yet.)\n"
    for work in saved_work():
        if work.item.file == file and work.item.key == key:
            return work.markdown()
    data = WorkStore(file).load()
    value = data.get(key) if key else data
    return generic_markdown(value, name) if value else f"(Nothing saved under {name} yet.)\n"
