"""Thin views for the practice activities: questions, replies and instructions."""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from course_kit.modules.module02.instructions import InstructionsDraft
from course_kit.modules.module02.practice import (
    KINDS,
    QuestionItem,
    QuestionPractice,
    ReplyItem,
    ReplyPractice,
)
from course_kit.storage import WorkStore
from course_kit.widgets.base import MessageArea, friendly_callback, labelled

__all__ = ["InstructionsView", "QuestionPracticeView", "ReplyPracticeView"]


def _card(patron: str, line: str) -> str:
    return (f"<p style='margin:4px 0'><strong>Patron:</strong> “{html.escape(patron)}”<br>"
            f"<strong>{html.escape(line)}</strong></p>")


class QuestionPracticeView(widgets.VBox):
    """One question at a time: classify it, then rewrite a closed or open one."""

    def __init__(self, items: tuple[QuestionItem, ...] | None = None,
                 store: WorkStore | None = None) -> None:
        self.model = QuestionPractice(items, store)
        self.messages = MessageArea()
        self.picker = labelled(widgets.Dropdown(
            options=[(f"{i + 1}. {it.question}", it.id) for i, it in enumerate(self.model.items)],
            layout={"width": "95%", "max_width": "720px"}), "Question")
        self.card = widgets.HTML()
        self.kind = labelled(widgets.ToggleButtons(options=list(KINDS), value=None,
                                                   tooltips=["yes/no or pick an option",
                                                             "any answer, but it steers",
                                                             "about situation, goal or use"]),
                             "This question is")
        self.rewrite = labelled(widgets.Text(placeholder="Your neutral question…",
                                             layout={"width": "95%", "max_width": "720px"}),
                                "Rewrite it")
        self.rewrite_button = widgets.Button(description="Check my question",
                                             tooltip="Say what kind my question looks like",
                                             layout={"width": "max-content"})
        self.score = widgets.HTML()
        guarded = friendly_callback(self.messages)
        self.picker.observe(guarded(self._on_pick), names="value")
        self.kind.observe(guarded(self._on_kind), names="value")
        self.rewrite_button.on_click(guarded(self._on_rewrite))
        super().__init__([self.picker, self.card, self.kind, self.rewrite, self.rewrite_button,
                          self.messages, self.score])
        self.add_class("course-kit-question-practice")
        self._on_pick({"new": self.picker.value})
        if self.model.notice:
            self.messages.show(self.model.notice, "warning")

    @property
    def item(self) -> QuestionItem:
        """The question shown."""
        return self.model.by_id[self.picker.value]

    def _on_pick(self, _change: dict[str, Any]) -> None:
        item = self.item
        self.card.value = _card(item.patron, f"Librarian: “{item.question}”")
        self._loading = True
        self.kind.value = self.model.answers.get(item.id)
        self.rewrite.value = self.model.rewrites.get(item.id, "")
        self._loading = False
        self.messages.clear()
        self._show_score()

    def _on_kind(self, change: dict[str, Any]) -> None:
        if getattr(self, "_loading", False) or change["new"] is None:
            return
        feedback = self.model.classify(self.item.id, change["new"])
        self.messages.show(feedback.message, "success" if feedback.correct else "warning")
        self._show_score()

    def _on_rewrite(self, _button: Any = None) -> None:
        feedback = self.model.rewrite(self.item.id, self.rewrite.value)
        self.messages.show(feedback.message, "success" if feedback.correct else "info")

    def _show_score(self) -> None:
        right, done = self.model.score()
        self.score.value = (f"<p>{right} right out of {done} answered "
                            f"({len(self.model.items)} questions in all).</p>")


class ReplyPracticeView(widgets.VBox):
    """One patron line at a time: pick the best reply and read why."""

    def __init__(self, items: tuple[ReplyItem, ...] | None = None,
                 store: WorkStore | None = None) -> None:
        self.model = ReplyPractice(items, store)
        self.messages = MessageArea()
        self.picker = labelled(widgets.Dropdown(
            options=[(f"{i + 1}. {it.patron}", it.id) for i, it in enumerate(self.model.items)],
            layout={"width": "95%", "max_width": "720px"}), "Patron says")
        # The replies are long: they are listed as text (which wraps), and the radio buttons
        # carry short labels, so nothing overlaps at any width.
        self.listing = widgets.HTML()
        self.options = labelled(widgets.RadioButtons(options=[], value=None), "Your reply")
        self.score = widgets.HTML()
        guarded = friendly_callback(self.messages)
        self.picker.observe(guarded(self._on_pick), names="value")
        self.options.observe(guarded(self._on_choose), names="value")
        super().__init__([self.picker, self.listing, self.options, self.messages, self.score])
        self.add_class("course-kit-reply-practice")
        self._on_pick({"new": self.picker.value})
        if self.model.notice:
            self.messages.show(self.model.notice, "warning")

    @property
    def item(self) -> ReplyItem:
        """The patron line shown."""
        return self.model.by_id[self.picker.value]

    def _on_pick(self, _change: dict[str, Any]) -> None:
        self._loading = True
        self.listing.value = "<ol type='A' style='max-width:720px'>" + "".join(
            f"<li style='margin-bottom:4px'>{html.escape(o.text)}</li>"
            for o in self.item.options) + "</ol>"
        self.options.options = [(f"Reply {chr(65 + i)}", i) for i in range(len(self.item.options))]
        self.options.value = self.model.choices.get(self.item.id)
        self._loading = False
        self.messages.clear()
        self._show_score()

    def _on_choose(self, change: dict[str, Any]) -> None:
        if getattr(self, "_loading", False) or change["new"] is None:
            return
        feedback = self.model.choose(self.item.id, change["new"])
        self.messages.show(feedback.message, "success" if feedback.correct else "warning")
        self._show_score()

    def _show_score(self) -> None:
        right, done = self.model.score()
        self.score.value = (f"<p>{right} best replies out of {done} answered "
                            f"({len(self.model.items)} lines in all).</p>")


class InstructionsView(widgets.VBox):
    """Write the steps for a task, one per line; get a checklist back."""

    def __init__(self, store: WorkStore | None = None) -> None:
        self.model = InstructionsDraft(store)
        self.messages = MessageArea()
        self.task = labelled(widgets.Text(value=self.model.task,
                                          layout={"width": "95%", "max_width": "720px"}),
                             "Task")
        self.text = labelled(widgets.Textarea(
            continuous_update=False,
            value=self.model.text, placeholder="1. …\n2. …\n3. …",
            layout={"width": "95%", "max_width": "720px", "height": "10em"}), "Your steps")
        self.check_button = widgets.Button(description="Check my steps", button_style="primary",
                                           tooltip="Check the steps against the checklist")
        self.result = widgets.HTML()
        widgets.link((self.task, "value"), (self.model, "task"))
        widgets.link((self.text, "value"), (self.model, "text"))
        guarded = friendly_callback(self.messages)
        self.check_button.on_click(guarded(self._on_check))
        self.model.observe(guarded(self._on_change), names=["task", "text"])
        super().__init__([self.task, self.text, self.check_button, self.messages, self.result])
        self.add_class("course-kit-instructions")
        if self.model.notice:
            self.messages.show(self.model.notice, "warning")
        elif self.model.text:
            self.messages.show("Your steps are back.", "info")

    def _on_change(self, _change: dict[str, Any]) -> None:
        self.model.store.save(self.model.saved_work())

    def _on_check(self, _button: Any = None) -> None:
        result = self.model.check()
        self.result.value = result.to_html()
        kind = "success" if result.passed == len(result.checks) else "info"
        self.messages.show(f"{result.passed} of {len(result.checks)} checks pass.", kind)
