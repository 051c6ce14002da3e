"""Feedback for participants: one HTML page per participant and module.

Built from nbgrader's gradebook (scores, the trainer's comments and manual grades) and the
autograded notebook, never from nbgrader's ``generate_feedback``, which shows hidden tests.
Here hidden tests never appear:

* a test cell shows only its visible part (the text between ``### BEGIN HIDDEN TESTS`` and
  ``### END HIDDEN TESTS`` is removed);
* an error is shown as its name and message only, never as a traceback (a traceback quotes
  the lines of the cell around the failure, hidden ones included);
* any output, in any cell, that quotes a line of a hidden test (code can print its own
  cell's text) is withheld, with a note;
* only text and PNG images are shown: a rich output (a table, HTML) shows its plain
  text when it has some, else a note that it shows in the notebook.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import nbformat

from course_kit.grading import ensure_tools_on_path
from course_kit.trainer.config import course_id, db_url, load_config, private_results
from course_kit.trainer.sanitize import NOTE as RICH_OUTPUT_NOTE
from course_kit.trainer.sanitize import as_typed

__all__ = ["HIDDEN_BEGIN", "HIDDEN_END", "TEXT_STUB", "hidden_lines", "in_question_order",
           "strip_hidden", "write_feedback"]

HIDDEN_BEGIN = "### BEGIN HIDDEN TESTS"
HIDDEN_END = "### END HIDDEN TESTS"
_HIDDEN = re.compile(re.escape(HIDDEN_BEGIN) + r".*?(" + re.escape(HIDDEN_END) + r"|\Z)",
                     re.S)
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def strip_hidden(source: str) -> str:
    """The cell's text without its hidden tests."""
    return "\n".join(line for line in _HIDDEN.sub("", source).splitlines()
                     if line.strip()).rstrip()


def hidden_lines(sources: Iterable[str]) -> set[str]:
    """Every non-trivial line of hidden test in ``sources`` (what must never be shown)."""
    found: set[str] = set()
    for source in sources:
        for block in _HIDDEN.finditer(source):
            for line in block.group(0).splitlines():
                text = line.strip()
                if len(text) >= 6 and text not in (HIDDEN_BEGIN, HIDDEN_END):
                    found.add(text)
    found.update({HIDDEN_BEGIN, HIDDEN_END})
    return found


def _leaks(text: str, secrets: set[str]) -> bool:
    flat = _ANSI.sub("", text)
    squashed = re.sub(r"\s+", "", flat)
    return any(s in flat or re.sub(r"\s+", "", s) in squashed for s in secrets)


@dataclass
class _Ctx:
    secrets: set[str]
    grades: dict[str, tuple[float | None, float, str]]


_CSS = """
body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;
color:#111;line-height:1.5}
h1{font-size:1.6rem}table{border-collapse:collapse}td,th{border:1px solid #999;
padding:.25rem .6rem;text-align:left}pre{background:#f4f4f4;padding:.6rem;overflow-x:auto;
white-space:pre-wrap}.cell{margin:1rem 0}.score{border-left:6px solid #0072B2;
background:#eef4fb;padding:.4rem .8rem}.error{border-left:6px solid #D55E00;
background:#fdecea;padding:.4rem .8rem}.note{color:#444;font-style:italic}
"""


#: Errors written by the grader itself (see course_kit.trainer.sandbox), shown without a name.
_PLAIN = frozenset({"AnswerNotAccepted", "NotAnswered", "NotRun", "KernelDied",
                    "CellTimeoutError"})
#: The sanitizer's note for the trainer, on the first line of a rich output's text.
_RICH_NOTE = re.compile(re.escape(RICH_OUTPUT_NOTE).replace(re.escape("{kinds}"), "[^)]*")
                        + r"\n?")
#: Python's default text for an object with no text of its own: says nothing to a reader.
_BARE_REPR = re.compile(r"<[\w.]+ object(?: at 0x[0-9a-f]+)?>")
_SHOWN_IN_NOTEBOOK = ('<p class="note">(A table or formatted output: it shows in your '
                      'notebook, not on this page.)</p>')
#: A warning as Python prints it: the file and line it came from (a path inside the
#: installation), its kind, the message, then the line of code quoted on the next line.
_WARNING = re.compile(r"^[^\n]*?\.py:\d+: \w*Warning: (?P<message>[^\n]*)\n(?:[ \t]+[^\n]*\n?)?",
                      re.M)
#: The text a written answer holds until the participant writes one (nbgrader's
#: ``ClearSolutions.text_stub`` in the kit's nbgrader_config.py).
TEXT_STUB = "YOUR ANSWER HERE"
_NOTHING_WRITTEN = '<p class="note">(Nothing was written here.)</p>'
#: The heading links nbconvert adds (``¶``, written as ``&#182;``): noise on a printed page.
_ANCHOR = re.compile(r'<a class="anchor-link"[^>]*>[^<]*</a>')


def _output_html(out: nbformat.NotebookNode, ctx: _Ctx) -> str:
    kind = out.get("output_type")
    if kind == "error":
        text = f"{out.get('ename', 'Error')}: {out.get('evalue', '')}".strip().rstrip(":")
        if out.get("ename") in _PLAIN:  # the grader's own messages: plain words only
            text = str(out.get("evalue", ""))
            if not text.strip():
                return ""
        elif out.get("ename") == "AssertionError" and not out.get("evalue"):
            text = "This answer did not pass the check."
        if _leaks(text, ctx.secrets):
            return '<p class="note">(A message was withheld: it quoted the grading code.)</p>'
        return f'<div class="error"><pre>{html.escape(_ANSI.sub("", text))}</pre></div>'
    if kind == "stream":
        text = str(out.get("text", ""))
        if out.get("name") == "stderr":  # a warning: its message, not the file it came from
            text = _WARNING.sub(lambda m: f"Warning: {m.group('message')}\n", text)
    else:
        data = out.get("data", {})
        if "image/png" in data:
            return f'<img alt="a figure from the notebook" src="data:image/png;base64,' \
                   f'{html.escape(str(data["image/png"]).strip())}">'
        text = str(data.get("text/plain", ""))
        rich = _RICH_NOTE.match(text)
        if rich:  # what is left is the output's own text, if it has any
            text = text[rich.end():]
            if not text.strip() or _BARE_REPR.fullmatch(text.strip()):
                return _SHOWN_IN_NOTEBOOK
    if _leaks(text, ctx.secrets):
        return '<p class="note">(Output withheld: it quoted the grading code.)</p>'
    if len(text) > 20_000:
        text = text[:20_000] + "\n[… cut]"
    return f"<pre>{html.escape(_ANSI.sub('', text))}</pre>" if text.strip() else ""


def _cell_html(cell: nbformat.NotebookNode, ctx: _Ctx) -> str:
    from nbconvert.filters.markdown import markdown2html

    meta = cell.metadata.get("nbgrader", {})
    parts = ['<div class="cell">']
    if cell.cell_type == "markdown":
        if meta.get("solution") and cell.source.strip() in ("", TEXT_STUB):
            parts.append(_NOTHING_WRITTEN)
        elif meta.get("solution") or not meta.get("locked"):
            text = html.escape(as_typed(cell.source))  # their own words: never as HTML
            parts.append(f"<blockquote><pre>{text}</pre></blockquote>")
        else:
            parts.append(_ANCHOR.sub("", markdown2html(cell.source)))  # no ¶ marks
    elif cell.cell_type == "code":
        source = strip_hidden(cell.source)
        if source and not _leaks(source, ctx.secrets - {HIDDEN_BEGIN, HIDDEN_END}):
            parts.append(f"<pre><code>{html.escape(source)}</code></pre>")
        parts += [_output_html(out, ctx) for out in cell.get("outputs", [])]
    grade_id = meta.get("grade_id")
    if meta.get("grade") and grade_id in ctx.grades:
        score, max_score, comment = ctx.grades[grade_id]
        shown = "not graded yet (your trainer grades this by hand)" if score is None else \
            f"{score:g} of {max_score:g} point{'' if max_score == 1 else 's'}"
        parts.append(f'<div class="score"><strong>Score: {shown}.</strong>'
                     + (f" {html.escape(comment)}" if comment else "") + "</div>")
    parts.append("</div>")
    return "\n".join(parts)


def _grade_id(cell: nbformat.NotebookNode) -> str:
    return str(cell.metadata.get("nbgrader", {}).get("grade_id", ""))


def in_question_order(cells: list[nbformat.NotebookNode]) -> list[nbformat.NotebookNode]:
    """The cells, each test cell (``test_qN``) right after its answer cell (``answer_qN``).

    A test cell the participant deleted is put back at the end of the notebook by the
    grader (:class:`course_kit.trainer.sandbox.RestoreDeletedTests`); on the page, its
    score belongs under its question, not after the closing words. Cells whose id is not
    unique (a copied cell) stay where they are.
    """
    ids = [_grade_id(c) for c in cells]
    out = list(cells)
    for cell, gid in zip(cells, ids, strict=True):
        answer = "answer_" + gid.removeprefix("test_")
        if not gid.startswith("test_") or ids.count(gid) != 1 or ids.count(answer) != 1:
            continue
        del out[next(i for i, c in enumerate(out) if c is cell)]
        out.insert(next(i for i, c in enumerate(out) if _grade_id(c) == answer) + 1, cell)
    return out


@private_results()
def write_feedback(course_dir: Path, modules: Iterable[str] | None = None,
                   participants: Iterable[str] | None = None) -> list[Path]:
    """Write ``feedback/<participant>/<module>/feedback.html`` for each graded submission."""
    from nbgrader.api import Gradebook

    ensure_tools_on_path()
    from course_kit.trainer.roster import names as roster_names

    config = load_config(course_dir)
    known = roster_names(course_dir)  # the roster's name, as on the report and certificate
    wanted_m, wanted_p = set(modules or []), set(participants or [])
    written: list[Path] = []
    with Gradebook(db_url(course_dir), course_id(course_dir)) as gb:
        for assignment in gb.assignments:
            if wanted_m and assignment.name not in wanted_m:
                continue
            secrets = hidden_lines(c.source or "" for nb in assignment.notebooks
                                   for c in nb.source_cells)
            for submission in assignment.submissions:
                student = submission.student
                if wanted_p and student.id not in wanted_p:
                    continue
                folder = course_dir / "autograded" / student.id / assignment.name
                body = []
                for sub_nb in submission.notebooks:
                    grades = {}
                    for grade in sub_nb.grades:
                        comment = next((c.comment or "" for c in sub_nb.comments
                                        if c.name == grade.name), "")
                        score = grade.score if grade.manual_score is not None or \
                            grade.auto_score is not None else None
                        grades[grade.name] = (score, grade.max_score, comment or "")
                    path = folder / f"{sub_nb.notebook.name}.ipynb"
                    if not path.exists():
                        body.append(f"<p>No notebook {html.escape(sub_nb.notebook.name)} was "
                                    "handed in or it could not be graded.</p>")
                        continue
                    nb = nbformat.read(path, as_version=4)
                    ctx = _Ctx(secrets | hidden_lines(c.source for c in nb.cells), grades)
                    body += [_cell_html(cell, ctx) for cell in in_question_order(nb.cells)]
                title = config.module(assignment.name).title or assignment.name
                name = known.get(student.id, student.id)
                late = " (handed in late)" if submission.total_seconds_late > 0 else ""
                pending = sum(g.max_score for nb_ in submission.notebooks for g in nb_.grades
                              if g.needs_manual_grade and g.manual_score is None)
                so_far = " so far" if pending else ""
                waiting = (f" {pending:g} more point{'s' if pending != 1 else ''} "
                           "still to be graded by your trainer.") if pending else ""
                page = (
                    f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
                    f"<title>Feedback: {html.escape(title)}</title><style>{_CSS}</style>"
                    f"</head><body><h1>Feedback: {html.escape(title)}</h1>"
                    f"<p>{html.escape(config.title)}. Participant: {html.escape(name)}."
                    f"</p><p class=\"score\"><strong>Your score{so_far}: "
                    f"{submission.score:g} of {submission.max_score:g} points{late}."
                    f"</strong>{waiting}</p>"
                    + "\n".join(body) + "</body></html>"
                )
                out = course_dir / "feedback" / student.id / assignment.name / "feedback.html"
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_text(page, encoding="utf-8")
                written.append(out)
    return written
