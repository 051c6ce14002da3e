"""Desk scenarios with explained consequences (names, genuine interest, credibility).

The scenarios live in ``scenarios.toml`` beside this file, so a trainer can edit them
without touching code. :class:`ScenarioModel` holds one scenario and the choice made;
:class:`ScenarioCard` is the thin view. Choices are saved in ``my_work/module03-scenarios.json``.
"""

from __future__ import annotations

import html
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import traitlets

from course_kit.storage import WorkStore
from course_kit.widgets.base import MessageArea, UserInputError, friendly_callback

__all__ = ["Choice", "Scenario", "ScenarioCard", "ScenarioModel", "load_scenarios"]

SCENARIO_FILE = Path(__file__).with_name("scenarios.toml")


@dataclass(frozen=True)
class Choice:
    """One thing staff could do, what is likely to follow, and whether it builds trust."""

    text: str
    consequence: str
    builds_trust: bool


@dataclass(frozen=True)
class Scenario:
    """A short desk situation with its choices."""

    id: str
    section: int
    title: str
    situation: str
    choices: tuple[Choice, ...]


def load_scenarios(path: Path = SCENARIO_FILE) -> dict[str, Scenario]:
    """Read the scenarios file; a malformed file raises ``ValueError`` naming the problem."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"{path.name} cannot be read: {exc}") from exc
    out: dict[str, Scenario] = {}
    for number, entry in enumerate(raw.get("scenarios", []), start=1):
        try:
            choices = tuple(Choice(str(c["text"]), str(c["consequence"]), bool(c["builds_trust"]))
                            for c in entry["choices"])
            scenario = Scenario(str(entry["id"]), int(entry["section"]), str(entry["title"]),
                                str(entry["situation"]).strip(), choices)
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"{path.name}, scenario {number}: missing or wrong {exc}") from exc
        if sum(c.builds_trust for c in choices) != 1 or len(choices) < 2:
            raise ValueError(f"{path.name}, scenario {scenario.id}: give two or more choices, "
                             "exactly one of them marked builds_trust = true.")
        out[scenario.id] = scenario
    return out


class ScenarioModel(traitlets.HasTraits):
    """One scenario and the participant's choice (an index into its choices, or -1)."""

    chosen = traitlets.Int(-1)

    def __init__(self, scenario: Scenario, store: WorkStore | None = None) -> None:
        super().__init__()
        self.scenario = scenario
        self.store = store or WorkStore("module03-scenarios")
        saved = self.store.load().get(scenario.id)
        if isinstance(saved, int) and 0 <= saved < len(scenario.choices):
            self.chosen = saved

    @traitlets.validate("chosen")
    def _check(self, proposal: dict[str, Any]) -> int:
        value = proposal["value"]
        if not -1 <= value < len(self.scenario.choices):
            raise traitlets.TraitError("That choice is not one of the options.")
        return value

    def choose(self, index: int | None) -> Choice:
        """Record the choice, save it and return it."""
        if index is None:
            raise UserInputError("Pick one of the options first.")
        self.chosen = index
        data = self.store.load()
        data[self.scenario.id] = index
        self.store.save(data)
        return self.scenario.choices[index]

    def feedback_html(self) -> str:
        """The consequence of the chosen option, escaped (empty before a choice)."""
        if self.chosen < 0:
            return ""
        choice = self.scenario.choices[self.chosen]
        verdict = "✔ Builds trust." if choice.builds_trust else "✘ Costs some trust."
        colour = "#1b5e20" if choice.builds_trust else "#8a1c1c"
        return (f'<p style="color:#111"><strong style="color:{colour}">{verdict}</strong> '
                f"{html.escape(choice.consequence)}</p>")


class ScenarioCard(widgets.VBox):
    """The situation, the options as radio buttons, and what happens next."""

    def __init__(self, scenario_id: str, store: WorkStore | None = None) -> None:
        scenario = load_scenarios()[scenario_id]
        self.model = ScenarioModel(scenario, store)
        self.messages = MessageArea()
        self.options = widgets.RadioButtons(
            options=[(c.text, i) for i, c in enumerate(scenario.choices)],
            value=self.model.chosen if self.model.chosen >= 0 else None,
            description="What do you do?", style={"description_width": "initial"},
            layout={"width": "95%"})
        self.button = widgets.Button(description="See what happens", button_style="primary",
                                     tooltip="Show the likely consequence",
                                     layout={"width": "max-content"})
        self.feedback = widgets.HTML(self.model.feedback_html())
        self.button.on_click(friendly_callback(self.messages)(self._on_click))
        super().__init__([
            widgets.HTML(f"<strong>{html.escape(scenario.title)}.</strong> "
                         f"{html.escape(scenario.situation)}"),
            self.options, self.button, self.messages, self.feedback,
        ])
        self.add_class("course-kit-scenario")

    def _on_click(self, _button: Any = None) -> None:
        self.model.choose(self.options.value)
        self.messages.clear()
        self.feedback.value = self.model.feedback_html()
