"""Step-by-step instructions, checked: numbered, short steps, plain words.

Used in Module 2's section on presentations and instructions: the participant writes the
steps for a task a patron asks about (placing a hold, printing, booking a room) and gets a
checklist back. The checks follow common plain-language advice for instructions (one action
per step, numbered, 20 words or fewer, grade 8 or lower, no jargon); see the Federal Plain
Language Guidelines (2011), "Use lists" and "Write short sentences".
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

import traitlets

from course_kit.modules.module02.checker import (
    GRADE_TARGET,
    LONG_SENTENCE_WORDS,
    PlainLanguageReport,
    _md,
    check_text,
)
from course_kit.readability import words
from course_kit.storage import WorkStore
from course_kit.widgets.base import UserInputError

__all__ = [
    "MAX_CHARS",
    "Check",
    "InstructionsCheck",
    "InstructionsDraft",
    "check_instructions",
    "instructions_markdown",
]

MAX_CHARS = 3_000
MIN_STEPS, MAX_STEPS = 3, 9
_NUMBERED = re.compile(r"^\s*(\d+)[.)]\s+(.*\S)\s*$")
_BULLET = re.compile(r"^\s*[-*•]\s+(.*\S)\s*$")
_CHAINED = re.compile(r"\b(and then|then|after that|afterwards)\b", re.I)


@dataclass(frozen=True)
class Check:
    """One line of the checklist: passed or not, and what to do."""

    name: str
    passed: bool
    advice: str


@dataclass(frozen=True)
class InstructionsCheck:
    """The steps found and the checklist."""

    steps: list[str]
    checks: list[Check]
    report: PlainLanguageReport
    notes: list[str] = field(default_factory=list)

    @property
    def passed(self) -> int:
        """How many checks pass."""
        return sum(c.passed for c in self.checks)

    def to_html(self) -> str:
        """The checklist as escaped HTML (ticks and crosses in words, not colour alone)."""
        esc = html.escape
        items = "".join(
            f"<li><strong>{'✔ Yes' if c.passed else '✘ Not yet'}:</strong> {esc(c.name)}"
            f"{'' if c.passed else ' – ' + esc(c.advice)}</li>" for c in self.checks)
        notes = "".join(f"<p>ℹ {esc(n)}</p>" for n in self.notes)
        return (f"<div class='course-kit-instructions-check'>{notes}"
                f"<p><strong>{self.passed} of {len(self.checks)} checks pass.</strong></p>"
                f"<ul>{items}</ul></div>")

    def to_markdown(self) -> str:
        """The steps and the checklist as escaped Markdown."""
        lines = [f"{i}. {_md(s)}" for i, s in enumerate(self.steps, start=1)]
        lines += ["", *(f"- {'Yes' if c.passed else 'Not yet'}: {_md(c.name)}"
                        for c in self.checks)]
        return "\n".join(lines) + "\n"


def _steps(text: str) -> tuple[list[str], bool]:
    lines = [line for line in text.splitlines() if line.strip()]
    numbered = [m.group(2) for m in map(_NUMBERED.match, lines) if m]
    if numbered and len(numbered) >= len(lines) / 2:
        return numbered, True
    bullets = [m.group(1) for m in map(_BULLET.match, lines) if m]
    if bullets and len(bullets) >= len(lines) / 2:
        return bullets, False
    return [line.strip() for line in lines], False


def check_instructions(text: str) -> InstructionsCheck:
    """Check step-by-step instructions written one step per line."""
    if not isinstance(text, str):
        raise TypeError(f"check_instructions needs text (a str), not {type(text).__name__}.")
    notes = []
    if len(text) > MAX_CHARS:
        notes.append(f"The text has {len(text):,} characters; the first {MAX_CHARS:,} were "
                     "checked. Instructions for one task should fit on a card.")
        text = text[:MAX_CHARS]
    steps, numbered = _steps(text)
    report = check_text("\n".join(s if s.endswith((".", "!", "?")) else s + "." for s in steps))
    if not steps:
        notes.append("There are no steps yet. Write one step per line: 1. …, 2. …")
    long_steps = [s for s in steps if len(words(s)) > LONG_SENTENCE_WORDS]
    chained = [s for s in steps if _CHAINED.search(s)]
    grade_ok = report.grade is not None and report.grade <= GRADE_TARGET
    checks = [
        Check("The steps are numbered", numbered and bool(steps),
              "Start each line with 1., 2., 3. so people can keep their place."),
        Check(f"Between {MIN_STEPS} and {MAX_STEPS} steps", MIN_STEPS <= len(steps) <= MAX_STEPS,
              f"You have {len(steps)}. Split a long task in two, or join tiny steps."),
        Check(f"Every step has {LONG_SENTENCE_WORDS} words or fewer", bool(steps) and
              not long_steps, f"{len(long_steps)} step(s) are long: keep one action per step."),
        Check("One action per step", bool(steps) and not chained,
              "A step with \"then\" or \"and then\" holds two actions: split it."),
        Check("No library jargon", bool(steps) and not report.jargon,
              "Replace: " + "; ".join(f"{t} → {p}" for t, p in report.jargon)
              if report.jargon else "Write some steps first."),
        Check(f"Grade {GRADE_TARGET:.0f} or lower", grade_ok,
              f"The steps read at grade {report.grade:.1f}: use shorter words and sentences."
              if report.grade is not None else "Write at least a few words per step."),
    ]
    return InstructionsCheck(steps, checks, report, notes)


class InstructionsDraft(traitlets.HasTraits):
    """The participant's instructions, saved as they are written."""

    task = traitlets.Unicode("Place a hold on a book")
    text = traitlets.Unicode("")

    def __init__(self, store: WorkStore | None = None) -> None:
        super().__init__()
        self.store = store or WorkStore("module02-instructions")
        saved = self.store.load()
        self.notice = self.store.notice
        if isinstance(saved.get("text"), str):
            self.text = saved["text"]
        if isinstance(saved.get("task"), str) and saved["task"].strip():
            self.task = saved["task"]

    def check(self) -> InstructionsCheck:
        """Save the draft, then check it."""
        self.store.save({"task": self.task, "text": self.text})
        if not self.text.strip():
            raise UserInputError("Write your steps in the box first, one step per line.")
        return check_instructions(self.text)

    def saved_work(self) -> dict[str, Any]:
        """What is saved in ``my_work/module02-instructions.json``."""
        return {"task": self.task, "text": self.text}


def instructions_markdown(data: dict[str, Any]) -> str:
    """The saved instructions (``my_work/module02-instructions.json``) as escaped Markdown."""
    task = str(data.get("task", "")).strip() or "(no task named)"
    text = data.get("text", "")
    if not isinstance(text, str) or not text.strip():
        return f"# Instructions: {_md(task)}\n\n(No steps saved yet.)\n"
    result = check_instructions(text)
    return f"# Instructions: {_md(task)}\n\n{result.to_markdown()}"
