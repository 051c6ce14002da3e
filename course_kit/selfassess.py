"""Self-assessment with the published keys, for learners without a trainer (e.g. on Binder).

A self-paced learner fills in an assessment from ``exercises/release/`` and wants to know
how they did. :func:`self_assess` runs their notebook in a fresh kernel of its own, reads
each answer, and checks it here, with the published keys of the kit's pools (public, like
the kit). It says which answers earned their points, gives each question's feedback (why,
never the letter), and shows the rubric for the parts a trainer would grade by hand, so the
learner can judge their own work against it.

This never runs in a trainer's grading: ``course-kit grade`` uses the cohort's own keys, and
the graded kernel cannot see the kit's pools.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

from course_kit.trainer.pools import Pool, PoolError, load_pool

__all__ = ["ItemResult", "SelfAssessment", "self_assess"]

_MARK = "__course_kit_answers__"


@dataclass(frozen=True)
class ItemResult:
    """One question: what was answered, whether it earned its points, and why."""

    number: int
    prompt: str
    answer: Any
    points: float
    earned: float
    feedback: str
    status: str
    """``"right"``, ``"wrong"`` or ``"not answered"``."""


@dataclass(frozen=True)
class SelfAssessment:
    """The result of checking one notebook."""

    module: str
    items: tuple[ItemResult, ...]
    manual: tuple[tuple[str, float, tuple[str, ...]], ...]
    """Parts graded by hand: prompt, points, the rubric's anchored levels."""
    problem: str = ""

    @property
    def earned(self) -> float:
        """Points earned on the automatically checked questions."""
        return sum(i.earned for i in self.items)

    @property
    def possible(self) -> float:
        """Points of the automatically checked questions."""
        return sum(i.points for i in self.items)

    def summary(self) -> str:
        """One line: ``6 of 8 points on the checked questions; 2 more points by the rubric.``"""
        if self.problem:
            return self.problem
        manual = sum(p for _, p, _ in self.manual)
        if not self.items:
            return (f"No questions in this assessment are checked for you. Judge all "
                    f"{manual:g} points of your work with the rubric.")
        extra = f"; {manual:g} more points for the work you judge with the rubric" \
            if manual else ""
        return f"{self.earned:g} of {self.possible:g} points on the checked questions{extra}."


def _default_pools() -> Path:
    return Path(__file__).resolve().parent.parent / "exercises" / "pools"


_STOPPED = ("Your answer cell stopped with an error, so your answer was not read. Check what "
            "you typed (for example c, True or 48.2), run the cell, and check again. ")


def _answers(path: Path, variables: list[str],
             timeout: int) -> tuple[dict[str, Any], set[str]]:
    """Run a copy of the notebook in its own kernel; return the answer variables (read as
    JSON) and the ``grade_id`` of each cell that stopped with an error."""
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    probe = ("import json as _json\n"
             f"print({_MARK!r} + _json.dumps({{_v: globals().get(_v) for _v in {variables!r}}}, "
             "default=str))")
    nb.cells.append(nbformat.v4.new_code_cell(probe))
    client = NotebookClient(nb, timeout=timeout, allow_errors=True,
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    stopped = {str(c.metadata.get("nbgrader", {}).get("grade_id", "")) for c in nb.cells
               if any(o.get("output_type") == "error" for o in c.get("outputs", []))}
    for out in nb.cells[-1].get("outputs", []):
        text = str(out.get("text", ""))
        if _MARK in text:
            return json.loads(text.split(_MARK, 1)[1].strip().splitlines()[0]), stopped
    raise RuntimeError("The notebook could not be run to the end.")


def _published_order(nb: Any, pool: Pool) -> bool:
    """True when each choice question lists its choices in the pool's (published) order."""
    for item in pool.items:
        if item.kind != "choice":
            continue
        cell = next((c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id")
                     == f"question_{item.id}"), None)
        if cell is None:
            return False
        first = f"**{item.letters[0]})** {item.choices[0]}"
        if first not in cell.source:
            return False
    return True


def self_assess(path: Path, pools: Path | None = None, timeout: int = 60) -> SelfAssessment:
    """Check the answers in the assessment notebook ``path`` with the published keys."""
    path = Path(path)
    if not path.is_file():
        return SelfAssessment("", (), (), problem=f"There is no file called {path.name} "
                              "there. Check the name and the folder, then try again.")
    try:
        nb = nbformat.read(path, as_version=4)
    except (OSError, ValueError):
        return SelfAssessment("", (), (), problem=f"{path.name} is not a notebook that can "
                              "be opened, so it was not checked.")
    module = str(nb.metadata.get("course_kit", {}).get("module", ""))
    try:
        pool = load_pool((pools or _default_pools()) / f"{module}.toml")
    except (OSError, ValueError, PoolError):
        return SelfAssessment("", (), (), problem=f"{path.name} is not one of the course's "
                              "assessments, so it was not checked. The assessments are in "
                              "the folder exercises/release.")
    if not _published_order(nb, pool):
        return SelfAssessment(module, (), (), problem="This notebook's choices are in another "
                              "order than the published one: it was made for a cohort, so "
                              "your trainer grades it.")
    try:
        values, stopped = _answers(path, [i.var for i in pool.items], timeout)
    except Exception as exc:  # a notebook that cannot run: say so, plainly
        return SelfAssessment(module, (), (), problem=f"Your notebook could not be run to the "
                              f"end, so it was not checked ({type(exc).__name__}).")
    results = []
    for number, item in enumerate(pool.items, 1):
        value = values.get(item.var)
        feedback = " ".join(item.feedback.split())  # one paragraph, not the TOML's lines
        if value in (None, "____", ""):
            status, earned = "not answered", 0.0
            if item.var in stopped:
                feedback = _STOPPED + feedback
        else:
            right = item.key().check(value)
            status, earned = ("right", item.points) if right else ("wrong", 0.0)
        results.append(ItemResult(number, item.prompt, value, item.points, earned,
                                  feedback, status))
    manual = tuple((m.prompt, m.points, m.rubric) for m in pool.manual)
    return SelfAssessment(module, tuple(results), manual)
