"""A self-check question as a widget: pick or type an answer, check, get a hint."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from course_kit.exercises import ChoiceExercise, NumberExercise, Result, register_view
from course_kit.storage import WorkStore
from course_kit.widgets.base import MessageArea, friendly_callback

if TYPE_CHECKING:
    from course_kit.exercises import Exercise

__all__ = ["QuestionView"]


class QuestionView(widgets.VBox):
    """Prompt, answer control, Check / Hint / Solution buttons and a feedback line.

    The chosen answer is saved under ``my_work/answers.json`` so it comes back after a
    kernel restart.
    """

    def __init__(self, exercise: Exercise, store: WorkStore | None = None) -> None:
        self.exercise = exercise
        self.store = store or WorkStore("answers")
        self.messages = MessageArea()
        saved = self.store.load().get(exercise.id)
        if self.store.notice:  # a damaged answers file was set aside: say so
            self.messages.show(self.store.notice, "warning")
        prompt = widgets.HTML(f"<p><strong>{exercise.prompt}</strong></p>")
        if isinstance(exercise, ChoiceExercise):
            self.answer: widgets.ValueWidget = widgets.RadioButtons(
                options=exercise.options(),
                value=saved if saved in dict(exercise.options()).values() else None,
                description="Your answer:",
                style={"description_width": "initial"},
                layout={"width": "max-content"},
            )
        elif isinstance(exercise, NumberExercise):
            # A number field that reads numbers as people type them (32,5 · 40% · forty)
            # and answers anything else with a plain message: no code to edit, no traceback.
            unit = f" ({exercise.unit})" if exercise.unit else ""
            self.answer = widgets.Text(
                value=str(saved or ""),
                description=f"Your answer, a number{unit}:",
                placeholder=f"for example {exercise.example}",
                style={"description_width": "initial"},
                layout={"width": "max-content"},
            )
            self.answer.add_class("course-kit-number")
        else:
            self.answer = widgets.Text(
                value=str(saved or ""),
                description="Your answer:",
                placeholder=f"for example {exercise.example}",
                style={"description_width": "initial"},
            )
        self.check_button = widgets.Button(
            description="Check", button_style="primary", tooltip="Check my answer"
        )
        self.hint_button = widgets.Button(description="Hint", tooltip="Show a hint")
        self.solution_button = widgets.Button(description="Solution", tooltip="Show the solution")
        guarded = friendly_callback(self.messages)
        self.check_button.on_click(guarded(self._on_check))
        self.hint_button.on_click(guarded(self._on_hint))
        self.solution_button.on_click(guarded(self._on_solution))
        self.answer.observe(guarded(self._on_change), names="value")
        buttons = widgets.HBox([self.check_button, self.hint_button, self.solution_button])
        super().__init__([prompt, self.answer, buttons, self.messages])
        self.add_class("course-kit-question")
        self.result: Result | None = None

    def _on_change(self, change: dict[str, Any]) -> None:
        data = self.store.load()
        data[self.exercise.id] = change["new"]
        self.store.save(data)

    def _on_check(self, _button: Any = None) -> None:
        self.result = self.exercise.check_value(self.answer.value)
        kind = {"correct": "success", "incorrect": "error"}.get(self.result.status, "warning")
        if self.result.status == "not attempted":
            self.messages.show("Choose or type an answer first, then press Check.", "info")
        else:
            self.messages.show(str(self.result), kind)  # type: ignore[arg-type]

    def _on_hint(self, _button: Any = None) -> None:
        self.messages.show(self.exercise.next_hint(), "info")

    def _on_solution(self, _button: Any = None) -> None:
        self.messages.show("Solution: " + self.exercise.solution_plain(), "info")


register_view(QuestionView)
