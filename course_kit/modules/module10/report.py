"""The stakeholder report and the plan–do–study–act cycle of Module 10.

A short report answers four questions a funder or a board asks: what changed, for whom, at
what cost, and what next, with the figures that show it. The plan–do–study–act (PDSA) cycle
(W. Edwards Deming; the Institute for Healthcare Improvement's "Model for Improvement") turns
the "what next" into a small test of change: plan it with a prediction, do it, study the
figures against the prediction, then act (adopt, adapt or drop). The action plan picks both
up from ``my_work/``.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import traitlets

from course_kit.saved_work import escape_markdown
from course_kit.storage import WorkStore

__all__ = ["FORMS", "MAX_CHARS", "FormError", "PlanForm", "pdsa_markdown", "report_markdown"]

#: The longest answer a box takes (about a page of text).
MAX_CHARS = 2_000

#: Each form's title and its boxes: (key, question, a hint of what a good answer holds).
FORMS: dict[str, tuple[str, tuple[tuple[str, str, str], ...]]] = {
    "report": ("Stakeholder report", (
        ("changed", "What changed?", "The service or initiative, and when it started."),
        ("for_whom", "For whom?", "Which users, branch or group, and how many (n)."),
        ("cost", "At what cost?", "Money, staff hours, and what was given up."),
        ("evidence", "What do the figures show?",
         "Before and after, with a comparison and sample sizes; say if it is not proof."),
        ("next", "What next?", "The next step, who does it, and by when."),
    )),
    "pdsa": ("Plan–do–study–act cycle", (
        ("plan", "Plan: what will you try, and what do you predict?",
         "One small change, a measure and a number you expect."),
        ("do", "Do: how and when will you try it?", "Where, for how long, who records what."),
        ("study", "Study: how will you compare the result with the prediction?",
         "The same measure, before and after, against a comparison."),
        ("act", "Act: what will you do with the answer?",
         "Adopt, adapt or drop, and the next cycle."),
    )),
}


class FormError(ValueError):
    """An answer the form cannot keep; the message says why."""


class PlanForm(traitlets.HasTraits):
    """One of :data:`FORMS`, saved to ``my_work/module10-<kind>.json`` as it is filled in."""

    answers = traitlets.Dict()

    def __init__(self, kind: str = "report", store: WorkStore | None = None) -> None:
        super().__init__()
        if kind not in FORMS:
            raise FormError(f"There is no form called “{kind}”: use one of {', '.join(FORMS)}.")
        self.kind = kind
        self.title, self.fields = FORMS[kind]
        self.store = store or WorkStore(f"module10-{kind}")
        saved = self.store.load()
        self.notice = self.store.notice
        self.restored = bool(saved)
        keys = {k for k, _q, _h in self.fields}
        raw = saved.get("answers", {}) if isinstance(saved.get("answers"), dict) else {}
        kept = {k: v[:MAX_CHARS] for k, v in raw.items() if k in keys and isinstance(v, str)}
        if len(kept) < sum(1 for k in raw if k in keys) and not self.notice:
            self.notice = f"Some answers in {self.store.path.name} were not text and were skipped."
        self.answers = {k: kept.get(k, "") for k in keys}

    def set(self, key: str, text: Any) -> None:
        """Keep one answer and save the form."""
        if key not in self.answers:
            raise FormError(f"This form has no box called “{key}”.")
        if not isinstance(text, str):
            raise FormError("Type your answer as text.")
        if len(text) > MAX_CHARS:
            raise FormError(f"That answer has {len(text):,} characters; the box takes "
                            f"{MAX_CHARS:,}. Shorten it: your text is still in the box.")
        self.answers = {**self.answers, key: text}
        self.store.save({"kind": self.kind, "answers": dict(self.answers)})

    def done(self) -> int:
        """How many boxes have an answer."""
        return sum(1 for v in self.answers.values() if v.strip())

    def to_markdown(self) -> str:
        """The form as escaped Markdown."""
        return _markdown(self.kind, {"answers": self.answers})

    def to_html(self) -> str:
        """The form as a small HTML page (escaped)."""
        parts = [f"<h1>{html.escape(self.title)}</h1>"]
        for key, question, _hint in self.fields:
            answer = self.answers.get(key, "").strip() or "(not answered yet)"
            parts.append(f"<h2>{html.escape(question)}</h2><p>"
                         + html.escape(answer).replace("\n", "<br>") + "</p>")
        return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>'
                f"{html.escape(self.title)}</title></head><body style=\"font-family:sans-serif;"
                f'max-width:46em;margin:1em auto;color:#111">{"".join(parts)}</body></html>')

    def export(self, folder: Path | None = None) -> tuple[Path, Path]:
        """Write the form to ``my_work/`` as Markdown and HTML."""
        target = Path(folder) if folder else self.store.path.parent
        target.mkdir(parents=True, exist_ok=True)
        md = target / f"module10-{self.kind}.md"
        page = target / f"module10-{self.kind}.html"
        md.write_text(self.to_markdown(), encoding="utf-8")
        page.write_text(self.to_html(), encoding="utf-8")
        return md, page


def _markdown(kind: str, data: dict[str, Any]) -> str:
    title, fields = FORMS[kind]
    answers = data.get("answers") if isinstance(data.get("answers"), dict) else {}
    lines = [f"# {title}", ""]
    for key, question, _hint in fields:
        text = answers.get(key, "")
        text = text.strip() if isinstance(text, str) else ""
        lines += [f"**{escape_markdown(question)}**", "",
                  escape_markdown(text) if text else "*(not answered yet)*", ""]
    return "\n".join(lines)


def report_markdown(data: dict[str, Any]) -> str:
    """Saved stakeholder report (``my_work/module10-report.json``) as escaped Markdown."""
    return _markdown("report", data)


def pdsa_markdown(data: dict[str, Any]) -> str:
    """Saved PDSA cycle (``my_work/module10-pdsa.json``) as escaped Markdown."""
    return _markdown("pdsa", data)
