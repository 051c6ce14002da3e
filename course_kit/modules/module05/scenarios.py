"""Branching role-play scenarios: trainer-editable TOML files, checked and printed as cards.

A scenario is one file in ``course_kit/modules/module05/scenarios/`` (or any folder a trainer
points :func:`load_scenarios` at). It describes a situation, the patron's lines at each
*step*, and two to four responses per step. Each response says what happens next (another
step or an *ending*), its consequence and why, and which step of the named de-escalation model
it follows. The format is described in ``scenarios/README.md``.

Everything a trainer may get wrong is reported as a :class:`ScenarioError` that names the file
and the step: a file that is not valid TOML, a missing field, a response that leads to a step
that does not exist, a step or ending that can never be reached, a loop.
"""

from __future__ import annotations

import html
import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "MAX_FILE_BYTES",
    "MODELS",
    "OUTCOMES",
    "RATINGS",
    "SCENARIO_DIR",
    "TOPICS",
    "Ending",
    "Response",
    "Scenario",
    "ScenarioError",
    "Step",
    "cards_html",
    "cards_page",
    "iter_responses",
    "load_scenario",
    "load_scenarios",
    "parse_scenario",
    "role_play_cards",
]

#: Where the course's own scenarios live (trainers add a file here).
SCENARIO_DIR = Path(__file__).with_name("scenarios")

#: A scenario file larger than this is refused (a role-play fits in a few kilobytes).
MAX_FILE_BYTES = 100_000
_MAX_TEXT = 1200
_MAX_STEPS = 30

#: The de-escalation models a scenario may follow, with their steps (see DOMAIN.md).
MODELS: dict[str, tuple[str, ...]] = {
    "CARP": ("Control", "Acknowledge", "Refocus", "Problem-solve"),
    "LEAP": ("Listen", "Empathize", "Agree", "Partner"),
}
#: Names of the models' sources, for cards and debriefs.
MODEL_NAMES: dict[str, str] = {
    "CARP": "CARP (Control, Acknowledge, Refocus, Problem-solve; Robert Bacal)",
    "LEAP": "LEAP (Listen, Empathize, Agree, Partner; Xavier Amador)",
}

#: The seven Module 5 topics, by number (the seed's order).
TOPICS: dict[int, str] = {
    1: "root cause",
    2: "staying calm",
    3: "hearing all sides",
    4: "common ground and compromise",
    5: "boundaries and expectations",
    6: "de-escalation",
    7: "getting help from a supervisor",
}

#: How a response is rated in the debrief.
RATINGS: tuple[str, ...] = ("best", "fair", "risky")

#: How an ending ends: the same words as the incident log's ``outcome`` column.
OUTCOMES: tuple[str, ...] = (
    "resolved on the spot", "resolved later", "user left", "banned", "unresolved",
)

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


class ScenarioError(ValueError):
    """A scenario file cannot be used; the message names the file and, if known, the step."""

    def __init__(self, source: str, message: str, step: str | None = None) -> None:
        where = f"{source}, step '{step}'" if step else source
        super().__init__(f"{where}: {message}")
        self.source = source
        self.step = step


@dataclass(frozen=True)
class Response:
    """One thing the staff member can say or do at a step."""

    text: str
    next: str
    consequence: str
    why: str
    rating: str
    model_step: str


@dataclass(frozen=True)
class Step:
    """A moment in the scenario: what the patron says, and the responses to choose from."""

    id: str
    patron: str
    responses: tuple[Response, ...]
    note: str = ""


@dataclass(frozen=True)
class Ending:
    """How the scenario ends, in words and as an incident-log outcome."""

    id: str
    title: str
    text: str
    outcome: str


@dataclass(frozen=True)
class Scenario:
    """A whole role-play: the situation, its steps and endings, and the roles for cards."""

    id: str
    title: str
    model: str
    topics: tuple[int, ...]
    place: str
    setting: str
    situation: str
    staff_role: str
    patron_role: str
    observer_role: str
    start: str
    steps: dict[str, Step]
    endings: dict[str, Ending]
    source: str = ""

    def paths(self) -> list[tuple[tuple[str, int], ...]]:
        """Every way through: a tuple of (step id, response index) per path, start to end."""
        found: list[tuple[tuple[str, int], ...]] = []

        def walk(step_id: str, so_far: tuple[tuple[str, int], ...]) -> None:
            for index, response in enumerate(self.steps[step_id].responses):
                here = (*so_far, (step_id, index))
                if response.next in self.endings:
                    found.append(here)
                else:
                    walk(response.next, here)

        walk(self.start, ())
        return found

    def best_path(self) -> tuple[tuple[str, int], ...]:
        """The path that takes the first 'best' response at each step (the debrief's model)."""
        path: list[tuple[str, int]] = []
        step_id = self.start
        while step_id in self.steps:
            responses = self.steps[step_id].responses
            index = next((i for i, r in enumerate(responses) if r.rating == "best"), 0)
            path.append((step_id, index))
            step_id = responses[index].next
        return tuple(path)

    def topic_names(self) -> list[str]:
        """The Module 5 topics this scenario practices, in words."""
        return [TOPICS[t] for t in self.topics]


# -- reading and checking ----------------------------------------------------------------------
def _text(table: dict[str, Any], key: str, source: str, step: str | None = None,
          *, required: bool = True, limit: int = _MAX_TEXT) -> str:
    value = table.get(key, "")
    if not isinstance(value, str):
        raise ScenarioError(source, f"'{key}' must be text in quotes, not "
                            f"{type(value).__name__}.", step)
    value = value.strip()
    if required and not value:
        raise ScenarioError(source, f"'{key}' is missing or empty.", step)
    if len(value) > limit:
        raise ScenarioError(source, f"'{key}' has {len(value):,} characters; the limit is "
                            f"{limit:,}.", step)
    return value


def _table(value: Any, what: str, source: str, step: str | None = None) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ScenarioError(source, f"{what} must be a table (a [section] in the file).", step)
    return value


def _response(raw: Any, number: int, model: str, source: str, step: str) -> Response:
    where = f"response {number}"
    table = _table(raw, where, source, step)
    rating = _text(table, "rating", source, step, limit=10)
    if rating not in RATINGS:
        raise ScenarioError(source, f"{where} has rating '{rating}'; use one of "
                            f"{', '.join(RATINGS)}.", step)
    model_step = _text(table, "model_step", source, step, limit=40)
    allowed = (*MODELS[model], "none")
    if model_step not in allowed:
        raise ScenarioError(source, f"{where} has model_step '{model_step}'; for {model} use "
                            f"one of {', '.join(allowed)}.", step)
    target = _text(table, "next", source, step, limit=40)
    return Response(
        text=_text(table, "text", source, step, limit=400),
        next=target,
        consequence=_text(table, "consequence", source, step),
        why=_text(table, "why", source, step),
        rating=rating,
        model_step=model_step,
    )


def parse_scenario(text: str, source: str = "scenario") -> Scenario:
    """Check the TOML text of one scenario and return it; raise :class:`ScenarioError`."""
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        raise ScenarioError(source, f"the file is larger than {MAX_FILE_BYTES // 1000} KB; a "
                            "scenario should fit in a few kilobytes.")
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(source, f"this is not valid TOML ({exc}).") from exc

    scenario_id = _text(raw, "id", source, limit=40)
    if not _ID.match(scenario_id):
        raise ScenarioError(source, f"id '{scenario_id}' must be short, lower-case letters, "
                            "digits and dashes.")
    model = _text(raw, "model", source, limit=10)
    if model not in MODELS:
        raise ScenarioError(source, f"model '{model}' is not one of {', '.join(MODELS)}.")
    topics = raw.get("topics", [])
    if (not isinstance(topics, list) or not topics
            or not all(isinstance(t, int) and not isinstance(t, bool) and t in TOPICS
                       for t in topics)):
        raise ScenarioError(source, "'topics' must be a list of topic numbers from 1 to 7, "
                            "e.g. topics = [1, 4].")
    roles = _table(raw.get("roles", {}), "'roles'", source)

    steps_raw = _table(raw.get("steps", {}), "'steps'", source)
    if not steps_raw:
        raise ScenarioError(source, "there are no steps: add at least one [steps.<name>].")
    if len(steps_raw) > _MAX_STEPS:
        raise ScenarioError(source, f"{len(steps_raw)} steps is too many (limit {_MAX_STEPS}).")
    endings_raw = _table(raw.get("endings", {}), "'endings'", source)
    if not endings_raw:
        raise ScenarioError(source, "there are no endings: add at least one [endings.<name>].")
    clash = sorted(set(steps_raw) & set(endings_raw))
    if clash:
        raise ScenarioError(source, f"'{clash[0]}' is both a step and an ending.", clash[0])

    endings: dict[str, Ending] = {}
    for ending_id, body in endings_raw.items():
        table = _table(body, f"ending '{ending_id}'", source, ending_id)
        outcome = _text(table, "outcome", source, ending_id, limit=40)
        if outcome not in OUTCOMES:
            raise ScenarioError(source, f"outcome '{outcome}' is not one of "
                                f"{', '.join(OUTCOMES)}.", ending_id)
        endings[ending_id] = Ending(ending_id, _text(table, "title", source, ending_id, limit=80),
                                    _text(table, "text", source, ending_id), outcome)

    steps: dict[str, Step] = {}
    for step_id, body in steps_raw.items():
        table = _table(body, f"step '{step_id}'", source, step_id)
        responses_raw = table.get("responses", [])
        if not isinstance(responses_raw, list) or not 2 <= len(responses_raw) <= 4:
            count = len(responses_raw) if isinstance(responses_raw, list) else 0
            raise ScenarioError(source, f"a step needs two to four [[steps.{step_id}.responses]]"
                                f"; it has {count}.", step_id)
        responses = tuple(_response(r, i, model, source, step_id)
                          for i, r in enumerate(responses_raw, start=1))
        if not any(r.rating == "best" for r in responses):
            raise ScenarioError(source, "no response is rated 'best'; the debrief needs one "
                                "to show.", step_id)
        for number, response in enumerate(responses, start=1):
            if response.next not in steps_raw and response.next not in endings:
                raise ScenarioError(source, f"response {number} leads to '{response.next}', "
                                    "but there is no step or ending with that name.", step_id)
        steps[step_id] = Step(step_id, _text(table, "patron", source, step_id),
                              responses, _text(table, "note", source, step_id, required=False))

    start = _text(raw, "start", source, limit=40) if "start" in raw else next(iter(steps))
    if start not in steps:
        raise ScenarioError(source, f"start step '{start}' does not exist.")
    _check_graph(steps, endings, start, source)

    return Scenario(
        id=scenario_id,
        title=_text(raw, "title", source, limit=80),
        model=model,
        topics=tuple(sorted(set(topics))),
        place=_text(raw, "place", source, limit=60),
        setting=_text(raw, "setting", source, limit=200),
        situation=_text(raw, "situation", source),
        staff_role=_text(roles, "staff", source),
        patron_role=_text(roles, "patron", source),
        observer_role=_text(roles, "observer", source, required=False),
        start=start,
        steps=steps,
        endings=endings,
        source=source,
    )


def _check_graph(steps: dict[str, Step], endings: dict[str, Ending], start: str,
                 source: str) -> None:
    """Every step and ending reachable from the start, and no way round in a circle."""
    state: dict[str, str] = {}  # "open" while on the current path, "done" after

    def visit(step_id: str) -> None:
        state[step_id] = "open"
        for response in steps[step_id].responses:
            target = response.next
            if target in endings:
                state[target] = "done"
                continue
            if state.get(target) == "open":
                raise ScenarioError(source, f"a response leads back to '{target}', which makes "
                                    "a loop; every path must reach an ending.", step_id)
            if target not in state:
                visit(target)
        state[step_id] = "done"

    visit(start)
    for name in (*steps, *endings):
        if name not in state:
            kind = "step" if name in steps else "ending"
            raise ScenarioError(source, f"this {kind} can never be reached: no response leads "
                                "to it.", name)


def load_scenario(path: str | Path) -> Scenario:
    """Read and check one scenario file."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ScenarioError(path.name, f"the file is larger than {MAX_FILE_BYTES // 1000} KB"
                                "; a scenario should fit in a few kilobytes.")
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScenarioError(path.name, "the file is not UTF-8 text.") from exc
    except OSError as exc:
        raise ScenarioError(path.name, f"the file cannot be read ({exc.strerror}).") from exc
    return parse_scenario(text, path.name)


def load_scenarios(folder: str | Path | None = None) -> dict[str, Scenario]:
    """All scenarios in ``folder`` (default: the course's), by id, in file-name order.

    Two files with the same id are an error naming both files.
    """
    folder = Path(folder) if folder is not None else SCENARIO_DIR
    found: dict[str, Scenario] = {}
    for path in sorted(folder.glob("*.toml")):
        scenario = load_scenario(path)
        if scenario.id in found:
            raise ScenarioError(path.name, f"id '{scenario.id}' is already used by "
                                f"{found[scenario.id].source}.")
        found[scenario.id] = scenario
    return found


# -- role-play cards ---------------------------------------------------------------------------
_CARD_CSS = """
.ck-cards{font-family:system-ui,sans-serif;color:#111;line-height:1.4}
.ck-card{border:2px solid #0072B2;border-radius:8px;padding:10px 14px;margin:0 0 14px 0;
  max-width:720px;background:#fff;break-inside:avoid;page-break-inside:avoid}
.ck-card h3{margin:0 0 4px 0;color:#003b63}
.ck-card .ck-role{font-weight:bold;text-transform:uppercase;letter-spacing:.05em;color:#333}
.ck-card blockquote{margin:4px 0 8px 12px;font-style:italic}
@media print{.ck-scenario{page-break-after:always}.ck-card{border-color:#000}}
"""


def _card(role: str, scenario: Scenario, body: str) -> str:
    esc = html.escape
    return (f'<section class="ck-card" aria-label="{esc(role)} card: {esc(scenario.title)}">'
            f'<div class="ck-role">{esc(role)}</div><h3>{esc(scenario.title)}</h3>'
            f"<p><em>{esc(scenario.setting)}</em></p>{body}</section>")


def _scenario_cards(scenario: Scenario) -> str:
    esc = html.escape
    first = scenario.steps[scenario.start]
    staff = (f"<p>{esc(scenario.situation)}</p><p><strong>Your role:</strong> "
             f"{esc(scenario.staff_role)}</p><p><strong>Try to follow "
             f"{esc(MODEL_NAMES[scenario.model])}.</strong></p>")
    lines = "".join(f"<li>{esc(step.patron)}</li>" for step in scenario.steps.values()
                    if step.id != scenario.start)
    patron = (f"<p><strong>Your role:</strong> {esc(scenario.patron_role)}</p>"
              f"<p>You open with:</p><blockquote>{esc(first.patron)}</blockquote>"
              f"<p>Later lines you may use, if the staff member's words fit:</p><ul>{lines}</ul>"
              "<p>Calm down when you feel heard; push harder when you feel brushed off.</p>")
    steps = "".join(f"<li>{esc(name)}</li>" for name in MODELS[scenario.model])
    observer_task = scenario.observer_role or (
        "Watch the staff member. Note the words that calmed things and the words that did not.")
    observer = (f"<p><strong>Your role:</strong> {esc(observer_task)}</p>"
                f"<p>Tick each step of {esc(scenario.model)} you see:</p><ul>{steps}</ul>"
                f"<p>Topics to discuss after: {esc(', '.join(scenario.topic_names()))}.</p>")
    return (f'<div class="ck-scenario" id="card-{esc(scenario.id)}">'
            + _card("Staff member", scenario, staff)
            + _card("Patron", scenario, patron)
            + _card("Observer", scenario, observer) + "</div>")


def cards_html(scenarios: Iterable[Scenario]) -> str:
    """Role-play cards (staff member, patron, observer) for each scenario, as an HTML fragment.

    Every text from the scenario files is escaped, so a file cannot inject markup.
    """
    body = "".join(_scenario_cards(s) for s in scenarios)
    return f'<div class="ck-cards"><style>{_CARD_CSS}</style>{body}</div>'


def cards_page(scenarios: Iterable[Scenario], title: str = "Role-play cards") -> str:
    """A complete printable HTML page of role-play cards (one scenario per printed page)."""
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title>"
            '<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
            f"<body><main><h1>{html.escape(title)}</h1>{cards_html(scenarios)}</main>"
            "</body></html>\n")


@dataclass(frozen=True)
class RolePlayCards:
    """Role-play cards shown in a notebook; :meth:`save` writes the printable page."""

    scenarios: tuple[Scenario, ...]

    def _repr_html_(self) -> str:
        return cards_html(self.scenarios)

    def save(self, path: str | Path) -> Path:
        """Write the cards as a complete HTML page (print it from a browser)."""
        target = Path(path)
        target.write_text(cards_page(self.scenarios), encoding="utf-8")
        return target


def role_play_cards(scenarios: dict[str, Scenario], *ids: str) -> RolePlayCards:
    """Cards for the scenarios named by ``ids`` (all of them when none is named)."""
    unknown = [i for i in ids if i not in scenarios]
    if unknown:
        raise ScenarioError("role_play_cards", f"no scenario called '{unknown[0]}'; there are: "
                            f"{', '.join(scenarios)}.")
    chosen = [scenarios[i] for i in ids] if ids else list(scenarios.values())
    return RolePlayCards(tuple(chosen))


def iter_responses(scenario: Scenario) -> Iterator[tuple[str, int, Response]]:
    """Every (step id, index, response) in the scenario, in file order."""
    for step_id, step in scenario.steps.items():
        for index, response in enumerate(step.responses):
            yield step_id, index, response
