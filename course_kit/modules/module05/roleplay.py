"""The role-play model: play a scenario step by step, keep every path taken, debrief it.

:class:`RolePlay` holds the state behind the role-play player widget. It knows nothing about
widgets, so it is tested without a browser. Every choice is saved at once in
``my_work/module05-roleplay.json``: a role-play in progress comes back after a kernel restart,
and each finished path is kept with its debrief and the participant's reflection. The saved
paths are self-contained (the lines and the ratings are copied in), so they can be rendered for
the portfolio even if a scenario file later changes.
"""

from __future__ import annotations

import html
from datetime import datetime
from pathlib import Path
from typing import Any

import traitlets

from course_kit.modules.module05.scenarios import (
    MODEL_NAMES,
    MODELS,
    Ending,
    Scenario,
    Step,
)
from course_kit.storage import WorkStore, work_dir
from course_kit.widgets.base import UserInputError

__all__ = [
    "MAX_REFLECTION_CHARS",
    "MAX_RUNS",
    "WORK_NAME",
    "RolePlay",
    "debrief_html",
    "playthroughs_html",
    "playthroughs_markdown",
]

#: The WorkStore name of the saved role-plays (``my_work/module05-roleplay.json``).
WORK_NAME = "module05-roleplay"
MAX_REFLECTION_CHARS = 2000
#: Only the latest paths are kept, so the file stays small however often someone plays.
MAX_RUNS = 100

_RATING_WORDS = {"best": "✔ best", "fair": "~ fair", "risky": "✘ risky"}


def _md(text: Any) -> str:
    """Escape text for Markdown with the kit's escaper (HTML neutralised, marks backslashed)."""
    from course_kit.saved_work import escape_markdown

    return escape_markdown(" ".join(str(text).split()))


class RolePlay(traitlets.HasTraits):
    """One participant's role-plays: the scenario being played, the choices, the saved paths.

    >>> play = RolePlay(load_scenarios(), WorkStore("module05-roleplay"))   # doctest: +SKIP
    >>> play.start("computer-time"); play.choose(0)                         # doctest: +SKIP
    """

    scenario_id = traitlets.Unicode("")
    #: The choices so far: ``[step id, response index]`` pairs.
    choices = traitlets.List(traitlets.List(), default_value=[])
    #: The current step id, or the ending id once the scenario is over ("" before a start).
    position = traitlets.Unicode("")
    finished = traitlets.Bool(False)
    #: How many finished paths are saved.
    run_count = traitlets.Int(0)

    def __init__(self, scenarios: dict[str, Scenario], store: WorkStore | None = None,
                 resume: str | None = None) -> None:
        super().__init__()
        if not scenarios:
            raise ValueError("There are no scenarios to play.")
        self.scenarios = dict(scenarios)
        self.store = store or WorkStore(WORK_NAME)
        self.notice = ""
        self._data: dict[str, Any] = self._load()
        self.notice = self.store.notice
        wanted = resume if resume is not None else self._data.get("last")
        if isinstance(wanted, str) and wanted in self.scenarios:
            self.resume(wanted)

    # -- state ---------------------------------------------------------------------------------
    @property
    def scenario(self) -> Scenario | None:
        """The scenario being played, if any."""
        return self.scenarios.get(self.scenario_id)

    def current_step(self) -> Step | None:
        """The step waiting for a response (None before a start or after the end)."""
        scenario = self.scenario
        if scenario is None or self.finished:
            return None
        return scenario.steps.get(self.position)

    def ending(self) -> Ending | None:
        """The ending reached, once the scenario is over."""
        scenario = self.scenario
        return scenario.endings.get(self.position) if scenario and self.finished else None

    @property
    def runs(self) -> list[dict[str, Any]]:
        """The finished paths saved so far, oldest first."""
        return list(self._data["runs"])

    def add_scenario(self, scenario: Scenario) -> None:
        """Make one more scenario playable (e.g. a trainer's uploaded file)."""
        self.scenarios[scenario.id] = scenario

    # -- playing -------------------------------------------------------------------------------
    def start(self, scenario_id: str) -> Step:
        """Start (or start again) a scenario; its previous unfinished path is dropped."""
        if scenario_id not in self.scenarios:
            raise UserInputError(f"There is no scenario called '{scenario_id}'. Pick one from "
                                 "the list.")
        scenario = self.scenarios[scenario_id]
        self.finished = False
        self.choices = []
        self.scenario_id = scenario_id
        self.position = scenario.start
        self._save_progress()
        return scenario.steps[scenario.start]

    def resume(self, scenario_id: str) -> bool:
        """Go back to the saved progress in a scenario; False (and nothing changes) if none.

        Progress that no longer fits the scenario file (edited since) is dropped with a notice.
        """
        scenario = self.scenarios.get(scenario_id)
        choices = self._data["progress"].get(scenario_id)
        if scenario is None or not isinstance(choices, list):
            return False
        position, replay = scenario.start, []
        try:
            for step_id, index in choices:
                if (step_id != position or isinstance(index, bool)
                        or not isinstance(index, int) or index < 0):
                    raise ValueError(step_id)
                position = scenario.steps[step_id].responses[index].next
                replay.append([step_id, index])
        except (ValueError, TypeError, KeyError, IndexError):
            self.notice = (f"Your role-play in progress in '{scenario.title}' no longer matches "
                           "the scenario file, so it starts again. Finished paths are kept.")
            return False
        self.scenario_id = scenario.id
        self.choices = replay
        self.position = position
        self.finished = position in scenario.endings
        return True

    def choose(self, index: int) -> Any:
        """Give response number ``index`` (0-based) at the current step; return the response."""
        step = self.current_step()
        if step is None:
            raise UserInputError("Pick a scenario and press Start first." if not self.finished
                                 else "This role-play is over. Start it again to try "
                                 "another path.")
        if isinstance(index, bool) or not isinstance(index, int) or not (
                0 <= index < len(step.responses)):
            raise UserInputError("Choose one of the responses first.")
        response = step.responses[index]
        self.choices = [*self.choices, [step.id, index]]
        self.position = response.next
        assert self.scenario is not None
        if response.next in self.scenario.endings:
            self.finished = True
            record = self.debrief()
            record["finished_at"] = datetime.now().strftime("%Y-%m-%d %H:%M")
            self._save_progress(add_run=record)
        else:
            self._save_progress()
        return response

    def back(self) -> None:
        """Take back the last choice (also after the end, which removes that saved path)."""
        if not self.choices:
            raise UserInputError("There is no choice to take back yet.")
        drop = self.finished
        step_id, _ = self.choices[-1]
        finished_choices = self.choices
        self.choices = self.choices[:-1]
        self.finished = False
        self.position = step_id
        self._save_progress(drop_run=finished_choices if drop else None)

    # -- debrief -------------------------------------------------------------------------------
    def transcript(self) -> list[dict[str, str]]:
        """The path so far: each step's patron line, the response given and its feedback."""
        scenario = self.scenario
        if scenario is None:
            return []
        rows = []
        for step_id, index in self.choices:
            step = scenario.steps[step_id]
            response = step.responses[index]
            rows.append({"step": step_id, "patron": step.patron, "response": response.text,
                         "consequence": response.consequence, "why": response.why,
                         "rating": response.rating, "model_step": response.model_step})
        return rows

    def debrief(self) -> dict[str, Any]:
        """What the path shows: ratings, the model's steps used, the ending, a better path."""
        scenario = self.scenario
        if scenario is None or not self.finished:
            raise UserInputError("Finish the role-play to see the debrief.")
        rows = self.transcript()
        ending = scenario.endings[self.position]
        used = [r["model_step"] for r in rows if r["model_step"] != "none"]
        best = scenario.best_path()
        better: list[str] = []
        if [list(c) for c in best] != self.choices:
            better = [scenario.steps[s].responses[i].text for s, i in best]
        return {
            "scenario": scenario.id,
            "title": scenario.title,
            "model": scenario.model,
            "model_name": MODEL_NAMES[scenario.model],
            "topics": scenario.topic_names(),
            "choices": [list(c) for c in self.choices],
            "steps": rows,
            "ratings": {k: sum(r["rating"] == k for r in rows) for k in ("best", "fair",
                                                                          "risky")},
            "model_steps_used": [s for s in MODELS[scenario.model] if s in used],
            "model_steps_missed": [s for s in MODELS[scenario.model] if s not in used],
            "ending": ending.id,
            "ending_title": ending.title,
            "ending_text": ending.text,
            "outcome": ending.outcome,
            "better_path": better,
            "paths_in_scenario": len(scenario.paths()),
        }

    def set_reflection(self, text: str) -> None:
        """Keep the participant's reflection with the last finished path of this scenario."""
        if not isinstance(text, str) or not text.strip():
            raise UserInputError("The reflection is empty. Write a sentence or two, then save.")
        if len(text) > MAX_REFLECTION_CHARS:
            raise UserInputError(f"The reflection has {len(text):,} characters; the limit is "
                                 f"{MAX_REFLECTION_CHARS:,}. Please shorten it. Your text is "
                                 "still in the box.")
        data = self._load()
        for run in reversed(data["runs"]):
            if run.get("scenario") == self.scenario_id:
                run["reflection"] = text.strip()
                self._write(data)
                return
        raise UserInputError("Play this scenario to the end first; the reflection is saved "
                             "with your path.")

    def reflection(self) -> str:
        """The reflection saved with this scenario's last path ("" if none)."""
        for run in reversed(self._data["runs"]):
            if run.get("scenario") == self.scenario_id:
                return str(run.get("reflection", ""))
        return ""

    # -- saving --------------------------------------------------------------------------------
    # Several players (one per notebook section) may share the file: every change reads the
    # file first and changes only its own part, so no player overwrites another's work.
    def _load(self) -> dict[str, Any]:
        saved = self.store.load()
        runs = saved.get("runs", [])
        runs = [r for r in runs if isinstance(r, dict) and isinstance(r.get("steps"), list)] \
            if isinstance(runs, list) else []
        progress = saved.get("progress", {})
        progress = ({k: v for k, v in progress.items() if isinstance(v, list)}
                    if isinstance(progress, dict) else {})
        last = saved.get("last") if isinstance(saved.get("last"), str) else None
        data = {"runs": runs[-MAX_RUNS:], "progress": progress, "last": last}
        self._data = data
        self.run_count = len(data["runs"])
        return data

    def _save_progress(self, add_run: dict[str, Any] | None = None,
                       drop_run: list[list[Any]] | None = None) -> None:
        data = self._load()
        data["progress"][self.scenario_id] = [list(c) for c in self.choices]
        data["last"] = self.scenario_id
        if add_run is not None:
            data["runs"] = [*data["runs"], add_run][-MAX_RUNS:]
        if drop_run is not None:
            for i in range(len(data["runs"]) - 1, -1, -1):
                run = data["runs"][i]
                if run.get("scenario") == self.scenario_id and run.get("choices") == drop_run:
                    del data["runs"][i]
                    break
        self._write(data)

    def _write(self, data: dict[str, Any]) -> None:
        self.store.save(data)
        self._data = data
        self.run_count = len(data["runs"])

    def export(self, folder: Path | None = None) -> tuple[Path, Path]:
        """Write ``module05-roleplays.md`` and ``.html`` (all finished paths) for the portfolio."""
        data = self._load()
        if not data["runs"]:
            raise UserInputError("Finish at least one role-play before exporting.")
        target = Path(folder) if folder is not None else work_dir()
        target.mkdir(parents=True, exist_ok=True)
        md, page = target / "module05-roleplays.md", target / "module05-roleplays.html"
        md.write_text(playthroughs_markdown(data), encoding="utf-8")
        page.write_text(playthroughs_html(data), encoding="utf-8")
        return md, page


# -- rendering saved paths -------------------------------------------------------------------
def _runs(data: dict[str, Any]) -> list[dict[str, Any]]:
    runs = data.get("runs", []) if isinstance(data, dict) else []
    return [r for r in runs if isinstance(r, dict) and isinstance(r.get("steps"), list)]


def playthroughs_markdown(data: dict[str, Any]) -> str:
    """The saved role-play paths as escaped Markdown (the manifest's portfolio renderer)."""
    out = ["# My role-plays (Module 5)", ""]
    runs = _runs(data)
    if not runs:
        return "\n".join([*out, "No role-play finished yet.", ""])
    for run in runs:
        out += [f"## {_md(run.get('title', ''))}, following {_md(run.get('model', ''))}", ""]
        if run.get("finished_at"):
            out += [f"*Played {_md(run['finished_at'])}*", ""]
        for number, row in enumerate(run["steps"], start=1):
            if not isinstance(row, dict):
                continue
            out.append(f"{number}. Patron: “{_md(row.get('patron', ''))}” — I chose: "
                       f"“{_md(row.get('response', ''))}” "
                       f"({_md(row.get('rating', ''))}; {_md(row.get('model_step', ''))})")
        out += ["", f"**Ending:** {_md(run.get('ending_title', ''))} "
                f"({_md(run.get('outcome', ''))}). {_md(run.get('ending_text', ''))}", ""]
        if run.get("reflection"):
            out += [f"**My reflection:** {_md(run['reflection'])}", ""]
    return "\n".join(out)


def debrief_html(record: dict[str, Any]) -> str:
    """One path's debrief as an HTML fragment (escaped): steps, ratings, ending, a better way."""
    esc = html.escape
    rows = "".join(
        f"<tr><td>{number}</td><td>{esc(str(r.get('patron', '')))}</td>"
        f"<td>{esc(str(r.get('response', '')))}</td>"
        f"<td>{esc(_RATING_WORDS.get(str(r.get('rating')), str(r.get('rating', ''))))}</td>"
        f"<td>{esc(str(r.get('model_step', '')))}</td></tr>"
        for number, r in enumerate(record.get("steps", []), start=1) if isinstance(r, dict))
    ratings = record.get("ratings", {})
    summary = ", ".join(f"{ratings.get(k, 0)} {k}" for k in ("best", "fair", "risky"))
    used = ", ".join(record.get("model_steps_used", [])) or "none"
    missed = ", ".join(record.get("model_steps_missed", []))
    better = record.get("better_path") or []
    better_html = ("<p><strong>A path that works better:</strong></p><ol>"
                   + "".join(f"<li>{esc(str(t))}</li>" for t in better) + "</ol>"
                   if better else "<p>You took the best path through this scenario.</p>")
    reflection = (f"<p><strong>My reflection:</strong> {esc(str(record['reflection']))}</p>"
                  if record.get("reflection") else "")
    return (
        '<section class="course-kit-debrief" aria-label="Debrief" style="border:2px solid '
        '#009E73;border-radius:8px;padding:8px 12px;margin:6px 0;background:#fff;color:#111">'
        f"<h4 style='margin:0 0 4px 0'>Debrief: {esc(str(record.get('title', '')))}</h4>"
        f"<p><strong>Ending:</strong> {esc(str(record.get('ending_title', '')))} "
        f"(<em>{esc(str(record.get('outcome', '')))}</em>). "
        f"{esc(str(record.get('ending_text', '')))}</p>"
        '<table class="course-kit-table"><caption>Your path, step by step</caption>'
        '<thead><tr><th scope="col">#</th><th scope="col">Patron</th>'
        '<th scope="col">You</th><th scope="col">Rating</th>'
        '<th scope="col">Model step</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
        f"<p><strong>Your responses:</strong> {esc(summary)}. "
        f"<strong>Steps of {esc(str(record.get('model', '')))} you used:</strong> {esc(used)}"
        + (f"; not used: {esc(missed)}" if missed else "") + ".</p>"
        f"{better_html}{reflection}</section>"
    )


def playthroughs_html(data: dict[str, Any]) -> str:
    """The saved role-play paths as a complete, escaped HTML page for the portfolio."""
    runs = _runs(data)
    body = "".join(debrief_html(r) for r in runs) or "<p>No role-play finished yet.</p>"
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            "<title>My role-plays (Module 5)</title>"
            '<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
            '<body style="font-family:system-ui,sans-serif;line-height:1.4"><main>'
            f"<h1>My role-plays (Module 5)</h1>{body}</main></body></html>\n")
