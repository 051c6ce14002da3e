"""Build a module's graded assessment from its pool: the nbgrader source and the release.

``course-kit build moduleNN`` writes ``source/moduleNN/moduleNN-assessment.ipynb`` from
``pools/moduleNN.toml`` and the module's manifest, then lets nbgrader generate the release.
Nobody edits the assessment notebooks by hand; a test rebuilds them and compares.

What the notebook holds, per item: the question (locked), for a data question a locked cell
that shows the data, an answer cell (``answer_q1 = ____``; the solution region holds the key,
which nbgrader removes from the release) and a test cell whose visible part only checks the
answer's form. The hidden part holds no key: ``course-kit grade`` checks the answer outside
the kernel, and plain ``nbgrader autograde`` scores these cells 0 rather than trusting the
kernel. Parts graded by hand (the module's product) come with a rubric of anchored levels.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import nbformat

from course_kit.manifest import Manifest, find
from course_kit.trainer.pools import Item, Pool, load_pool, pool_path, shuffled

__all__ = ["assessment_notebook", "build_assessments", "notebook_name"]

_LETTER_HELP = ("Answer with the letter of your choice. `b`, `\"b\"` and `B` all work; "
                "the quotes are not needed.")
_TF_HELP = "Answer `True` or `False` (`yes` and `no` work too)."
_NUMBER_HELP = "Answer with a number, for example `48.2`. `48,2` and `48.2%` work too."


def notebook_name(module: str) -> str:
    """The assessment's file name: ``module01-assessment.ipynb``."""
    return f"{module}-assessment.ipynb"


def _meta(grade_id: str, *, grade: bool = False, solution: bool = False,
          locked: bool = True, points: float | None = None) -> dict[str, Any]:
    meta: dict[str, Any] = {"grade": grade, "grade_id": grade_id, "locked": locked,
                            "schema_version": 3, "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def _md(grade_id: str, text: str, **kw: Any) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_markdown_cell(text, metadata=_meta(grade_id, **kw))
    cell.id = grade_id.replace(".", "-")
    return cell


def _code(grade_id: str, text: str, **kw: Any) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(text, metadata=_meta(grade_id, **kw))
    cell.id = grade_id.replace(".", "-")
    return cell


def _points(value: float) -> str:
    return f"{value:g} point{'' if value == 1 else 's'}"


def _question_text(number: int, item: Item) -> str:
    lines = [f"## Question {number} ({_points(item.points)})", "", item.prompt, ""]
    if item.kind == "choice":
        lines += [f"- **{letter})** {choice}" for letter, choice in zip(item.letters,
                                                                        item.choices,
                                                                        strict=True)]
        lines += ["", _LETTER_HELP]
    elif item.kind == "truefalse":
        lines.append(_TF_HELP)
    else:
        if item.data:
            lines.append("Run the next cell: it shows the data you need.")
            lines.append("")
        lines.append(_NUMBER_HELP)
    return "\n".join(lines)


def _solution(item: Item) -> str:
    if item.kind == "choice":
        return json.dumps(item.answer)
    if item.kind == "truefalse":
        return "True" if item.answer == "true" else "False"
    module, _, func = item.expected.partition(":")
    args = ", ".join(repr(a) for a in item.args)
    return f"__import__({module!r}, fromlist=[{func!r}]).{func}({args})"


def _answer_cell(item: Item) -> nbformat.NotebookNode:
    example = {"choice": "a letter, for example  b", "truefalse": "True or False",
               "number": "a number, for example  48.2"}[item.kind]
    text = (f"# Replace ____ with your answer: {example}\n{item.var} = (\n"
            f"    ### BEGIN SOLUTION\n    {_solution(item)}\n    ### END SOLUTION\n)")
    return _code(f"answer_{item.id}", text, solution=True, locked=False)


def _test_cell(item: Item) -> nbformat.NotebookNode:
    letters = f", {item.letters!r}" if item.kind == "choice" else ""
    text = (
        "# Checks that your answer has the right form. Whether it is right is checked when\n"
        "# your trainer grades the assessment.\n"
        f"check_form({item.var}, {item.kind!r}{letters})\n"
        "### BEGIN HIDDEN TESTS\n"
        "# Checked by `course-kit grade`, outside the participant's kernel, by grade id.\n"
        "# Plain `nbgrader autograde` cannot see the key, so it scores this cell 0.\n"
        "raise AssertionError(\"Grade this assessment with course-kit grade.\")\n"
        "### END HIDDEN TESTS")
    return _code(item.test_id, text, grade=True, points=item.points)


def assessment_notebook(pool: Pool, manifest: Manifest | None) -> nbformat.NotebookNode:
    """The nbgrader source notebook for ``pool`` (solutions, hidden parts, rubrics)."""
    title = manifest.label if manifest else (pool.title or pool.module)
    auto, total = pool.auto_points, pool.total_points
    manual = total - auto
    intro = [
        f"# {title.replace(':', ' self-assessment:', 1) if manifest else title}", "",
        f"**{_points(total)}, about {pool.minutes} minutes.** {_points(auto)} are checked "
        f"when your trainer grades this notebook; {_points(manual)} are for work your "
        "trainer reads and grades by hand.", "",
        "**How to answer**", "",
        "- Run the first code cell below (press **Shift + Enter**).",
        "- For each question, replace `____` in the answer cell with your answer. Then run "
        "the answer cell and the check cell under it.",
        "- The check tells you if your answer has the right *form*. Whether it is *right* is "
        "checked when your trainer grades the assessment.",
        "- Save the notebook (**File → Save**) before you hand it in.",
    ]
    if not pool.items:  # only work graded by hand (the capstone)
        intro = [*intro[:2], f"**{_points(total)}, about {pool.minutes} minutes,** all "
                 "read and graded by hand by your trainer.", "", "**How to answer**", "",
                 "- Run the first code cell below (press **Shift + Enter**).",
                 "- Under each part, run the cell that shows your saved work, copy what you "
                 "need into the empty cell under it, and finish it there.",
                 intro[-1]]
    cells = [
        _md("intro", "\n".join(intro)),
        _code("setup", "# The letters a-e, True/False words, ____ and the form check.\n"
              "from course_kit.assessment import *\n" + pool.setup),
    ]
    for number, item in enumerate(pool.items, 1):
        cells.append(_md(f"question_{item.id}", _question_text(number, item)))
        if item.kind == "number" and item.data:
            cells.append(_code(f"data_{item.id}", item.data))
        cells.append(_answer_cell(item))
        cells.append(_test_cell(item))
    for part in pool.manual:
        levels = "\n".join(f"| {level} | {text.split(':', 1)[-1].strip()} |"
                           for level, text in enumerate(part.rubric))
        text = [f"## Your work, graded by hand ({_points(part.points)})", "", part.prompt, "",
                "**How your trainer grades it**", "", "| Points | What it looks like |",
                "| --- | --- |", levels]
        if part.saved_work:
            text += ["", "Run the next cell to see what you saved in the module, then copy "
                     "it into the cell under it and finish it there."]
        cells.append(_md(f"prompt_{part.id}", "\n".join(text)))
        if part.saved_work:
            names = ", ".join(repr(n) for n in part.saved_work)
            cells.append(_code(f"saved_{part.id}", f"show_saved_work({names})"))
        example = part.example or "A full-mark answer would meet the top level of the rubric."
        cells.append(_md(part.id, "### BEGIN SOLUTION\nExample (trainers only; participants "
                         f"see an empty cell):\n\n{example}\n### END SOLUTION", grade=True,
                         solution=True, locked=False, points=part.points))
    cells.append(_md("outro", "**You are done.** Save the notebook (**File → Save**) and "
                     "hand it in as your trainer asked."))
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python",
                                 "name": "python3"}
    nb.metadata["course_kit"] = {"assessment": True, "module": pool.module}
    return nb


def build_assessments(course_dir: Path, modules: list[str] | None = None,
                      secret: str = "", release: bool = True) -> list[Path]:
    """Write each module's source notebook from its pool, then release it with nbgrader.

    ``secret`` (the cohort's) reshuffles the choices; empty keeps the published order.
    Returns the notebooks written (source, and release when ``release``).
    """
    from course_kit.grading import release_assignments

    chosen = modules or sorted(p.stem for p in (course_dir / "pools").glob("module*.toml"))
    written: list[Path] = []
    for module in chosen:
        path = pool_path(course_dir, module)
        if not path.exists():
            raise ValueError(f"No pool for {module}: expected {path}")
        pool = shuffled(load_pool(path), secret)
        nb = assessment_notebook(pool, find(module))
        target = course_dir / "source" / module / notebook_name(module)
        target.parent.mkdir(parents=True, exist_ok=True)
        text = nbformat.writes(nb)
        if not text.endswith("\n"):
            text += "\n"
        target.write_text(text, encoding="utf-8")
        written.append(target)
    if release and chosen:
        written += release_assignments(course_dir, chosen)
    return written
