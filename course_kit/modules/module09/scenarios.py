"""Scenario choices with explained consequences, and a calendar of observances.

The scenarios (``scenarios.toml``) cover a safe and respectful space, cultural
sensitivity, languages and celebrations. :class:`ScenarioSet` is the model behind the
scenario widget: the participant picks a choice, reads what it leads to, and the choices
are saved in ``my_work/module09-scenarios.json``. The observances (``observances.toml``)
are days and months a library might mark, with who set them.
"""

from __future__ import annotations

import calendar
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import traitlets

from course_kit.saved_work import escape_markdown
from course_kit.storage import WorkStore

__all__ = [
    "OBSERVANCES_FILE",
    "SCENARIOS_FILE",
    "Choice",
    "Scenario",
    "ScenarioSet",
    "load_scenarios",
    "observances",
    "scenarios_markdown",
]

SCENARIOS_FILE = Path(__file__).with_name("scenarios.toml")
OBSERVANCES_FILE = Path(__file__).with_name("observances.toml")
TOPICS = {"safe": "A safe and respectful space", "cultural": "Cultural sensitivity",
          "languages": "Services in many languages", "celebrating": "Celebrating diversity"}


@dataclass(frozen=True)
class Choice:
    """One thing staff could do, and what it leads to."""

    text: str
    consequence: str
    best: bool = False


@dataclass(frozen=True)
class Scenario:
    """A situation at the library with its choices."""

    id: str
    topic: str
    title: str
    situation: str
    source: str
    choices: tuple[Choice, ...]

    @property
    def best(self) -> int:
        """Index of the choice the sources support best."""
        return next(i for i, c in enumerate(self.choices) if c.best)


@cache
def _read_scenarios(path: str) -> tuple[Scenario, ...]:
    raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    return tuple(
        Scenario(str(s["id"]), str(s["topic"]), str(s["title"]), str(s["situation"]),
                 str(s["source"]),
                 tuple(Choice(str(c["text"]), str(c["consequence"]), bool(c.get("best", False)))
                       for c in s["choices"]))
        for s in raw.get("scenarios", []))


def load_scenarios(path: Path | None = None) -> tuple[Scenario, ...]:
    """The scenarios of ``scenarios.toml`` (or a trainer's own file)."""
    return _read_scenarios(str(path or SCENARIOS_FILE))


def observances(month: int | None = None, path: Path | None = None) -> pd.DataFrame:
    """The calendar of observances, in calendar order (one month, or all)."""
    raw = tomllib.loads(Path(path or OBSERVANCES_FILE).read_text(encoding="utf-8"))
    table = pd.DataFrame(raw.get("observances", []))
    if month is not None:
        if not 1 <= month <= 12:
            raise ValueError("A month is a number from 1 to 12.")
        table = table[table["month"] == month]
    table = table.sort_values("month", kind="stable")
    table.insert(0, "month name", table["month"].map(lambda m: calendar.month_name[m]))
    return table.drop(columns="month").set_index("month name")[["name", "when", "by"]]


class ScenarioSet(traitlets.HasTraits):
    """The participant's choice in each scenario (index into its choices), saved."""

    chosen = traitlets.Dict()

    def __init__(self, topics: tuple[str, ...] | None = None,
                 store: WorkStore | None = None) -> None:
        super().__init__()
        self.scenarios = [s for s in load_scenarios() if topics is None or s.topic in topics]
        self.by_id = {s.id: s for s in load_scenarios()}
        self.store = store or WorkStore("module09-scenarios")
        saved = self.store.load()
        self.notice = self.store.notice
        raw = saved.get("chosen")
        self.chosen = {k: v for k, v in (raw if isinstance(raw, dict) else {}).items()
                       if k in self.by_id and isinstance(v, int) and not isinstance(v, bool)
                       and 0 <= v < len(self.by_id[k].choices)}

    def choose(self, scenario_id: str, index: int) -> Choice:
        """Keep a choice and return it (with its consequence)."""
        scenario = self.by_id.get(scenario_id)
        if scenario is None:
            raise ValueError(f"There is no scenario called {scenario_id!r}.")
        if not isinstance(index, int) or not 0 <= index < len(scenario.choices):
            raise ValueError("Pick one of the choices first.")
        data = self.store.load()
        data["chosen"] = {**self.chosen, scenario_id: index}
        self.store.save(data)
        self.chosen = data["chosen"]
        return scenario.choices[index]

    def feedback(self, scenario_id: str) -> str:
        """What the saved choice leads to, and whether it is the one the sources support."""
        scenario = self.by_id[scenario_id]
        if scenario_id not in self.chosen:
            return ""
        index = self.chosen[scenario_id]
        choice = scenario.choices[index]
        verdict = ("This is the choice the sources support." if index == scenario.best else
                   "There is a better choice: try another one.")
        return f"{choice.consequence} {verdict} (Source: {scenario.source}.)"

    def score(self) -> tuple[int, int]:
        """(best choices made, scenarios answered)."""
        answered = [k for k in self.chosen if k in self.by_id]
        return sum(self.chosen[k] == self.by_id[k].best for k in answered), len(answered)

    def to_markdown(self) -> str:
        """The choices made, escaped Markdown."""
        return scenarios_markdown({"chosen": self.chosen})


def _md(text: Any) -> str:
    """Text for a Markdown line or table cell: escaped, on one line (shown, never run)."""
    return escape_markdown(str(text)).replace("\n", " ")


def scenarios_markdown(data: dict[str, Any]) -> str:
    """Saved scenario choices (``my_work/module09-scenarios.json``) as Markdown."""
    by_id = {s.id: s for s in load_scenarios()}
    chosen = data.get("chosen") if isinstance(data.get("chosen"), dict) else {}
    lines = ["# Scenarios: what I would do", ""]
    for sid, index in chosen.items():
        scenario = by_id.get(sid)
        if scenario is None or not isinstance(index, int) or not \
                0 <= index < len(scenario.choices):
            continue
        lines += [f"## {_md(scenario.title)}", "", _md(scenario.situation), "",
                  f"- My choice: {_md(scenario.choices[index].text)}",
                  f"- What it leads to: {_md(scenario.choices[index].consequence)}", ""]
    if len(lines) == 2:
        lines.append("No scenario answered yet.")
    return "\n".join(lines) + "\n"
