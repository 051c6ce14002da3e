"""The cohort at a glance: the gradebook as CSV files and three plots.

``course-kit report`` writes, in ``reports/`` (or ``--out``):

* ``scores.csv``: one row per participant and module (their name and e-mail from the
  trainer's ``roster.csv`` when there is one, else the name as typed at hand-in; automatic,
  manual and total points, the maximum, the share, late or not, status: graded, to grade
  by hand, missing);
* ``questions.csv``: one row per module and question: the cohort's average share of points,
  how many got full points, how many still need grading by hand;
* ``missing.csv``: who has not handed in what;
* ``modules.png``, ``questions.png``, ``progress.png``: the same, drawn with the course's
  colour-blind-safe style, each with a one-sentence description in ``report.md``.

Manual grades entered in nbgrader's formgrader count everywhere (nbgrader's ``score`` is
the manual score when there is one, else the automatic one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from course_kit.grading import ensure_tools_on_path
from course_kit.plotting import OKABE_ITO, DescribedFigure, new_figure, styled
from course_kit.trainer.config import course_id, db_url, private_results

__all__ = ["Report", "gradebook_tables", "plot_modules", "plot_progress", "plot_questions",
           "write_report"]


@dataclass
class Report:
    """The tables and the files written."""

    scores: pd.DataFrame
    questions: pd.DataFrame
    missing: pd.DataFrame
    files: list[Path] = field(default_factory=list)


def gradebook_tables(course_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(scores, questions, missing) read from the gradebook with nbgrader's API."""
    import warnings

    from nbgrader.api import Gradebook

    ensure_tools_on_path()
    rows, qrows, missing = [], [], []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with Gradebook(db_url(course_dir), course_id(course_dir)) as gb:
            students = sorted(s.id for s in gb.students)
            for assignment in sorted(gb.assignments, key=lambda a: a.name):
                handed = {}
                for sub in assignment.submissions:
                    handed[sub.student.id] = sub
                for student in students:
                    sub = handed.get(student)
                    if sub is None:
                        rows.append({"participant": student, "module": assignment.name,
                                     "auto": 0.0, "manual": 0.0, "score": 0.0,
                                     "max": assignment.max_score, "share": 0.0,
                                     "late": False, "status": "missing"})
                        missing.append({"participant": student, "module": assignment.name})
                        continue
                    grades = [g for nb in sub.notebooks for g in nb.grades]
                    manual = sum(g.manual_score or 0 for g in grades
                                 if g.manual_score is not None)
                    auto = sum(g.auto_score or 0 for g in grades if g.manual_score is None)
                    # Waiting for the trainer: flagged by nbgrader and no manual score given.
                    to_grade = any(g.needs_manual_grade and g.manual_score is None
                                   for g in grades)
                    rows.append({
                        "participant": student, "module": assignment.name,
                        "auto": float(auto), "manual": float(manual),
                        "score": float(sub.score), "max": float(sub.max_score),
                        "share": float(sub.score) / sub.max_score if sub.max_score else 0.0,
                        "late": sub.total_seconds_late > 0,
                        "status": "to grade by hand" if to_grade else "graded"})
                    for grade in grades:
                        qrows.append({"module": assignment.name, "question": grade.name,
                                      "participant": student, "score": float(grade.score),
                                      "max": float(grade.max_score),
                                      "needs_manual_grade": bool(
                                          grade.needs_manual_grade
                                          and grade.manual_score is None)})
    scores = pd.DataFrame(rows, columns=["participant", "module", "auto", "manual", "score",
                                         "max", "share", "late", "status"])
    per_grade = pd.DataFrame(qrows, columns=["module", "question", "participant", "score",
                                             "max", "needs_manual_grade"])
    if per_grade.empty:
        questions = pd.DataFrame(columns=["module", "question", "max", "mean_share",
                                          "full_points", "graded", "to_grade_by_hand"])
    else:
        per_grade["share"] = (per_grade["score"] / per_grade["max"].where(per_grade["max"] > 0)
                              ).where(~per_grade["needs_manual_grade"])  # graded answers only
        per_grade["full"] = per_grade["score"] >= per_grade["max"]
        per_grade["graded"] = ~per_grade["needs_manual_grade"]  # waiting is not graded yet
        questions = (per_grade.groupby(["module", "question"], sort=True)
                     .agg(max=("max", "first"), mean_share=("share", "mean"),
                          full_points=("full", "sum"), graded=("graded", "sum"),
                          to_grade_by_hand=("needs_manual_grade", "sum"))
                     .reset_index())
        questions["mean_share"] = questions["mean_share"].round(3)
        questions["text"] = [question_text(m, q, course_dir=course_dir) for m, q in
                             zip(questions["module"], questions["question"], strict=True)]
    return scores, questions, pd.DataFrame(missing, columns=["participant", "module"])


def question_text(module: str, grade_id: str, width: int = 40,
                  course_dir: Path | None = None) -> str:
    """A short label for a graded cell: the start of its question, ``In the needs survey…``.

    Test cells are named ``test_qN`` after the item ``qN`` of the module's graded pool
    (``<course>/pools/<module>.toml``; the kit's ``exercises/`` when no course is given), and
    the work graded by hand after its item (``product``), so the question's own words are
    shown; a cell with no item in the pool keeps its name.
    """
    from course_kit.trainer.pools import PoolError, load_pool, pool_path

    match = re.fullmatch(r"test_(q\d+)", grade_id)
    name = match.group(1) if match else grade_id
    folder = course_dir or Path(__file__).resolve().parents[2] / "exercises"
    try:
        pool = load_pool(pool_path(folder, module))
        prompt = next(i.prompt for i in (*pool.items, *pool.manual) if i.id == name)
    except (OSError, PoolError, StopIteration):
        return name.upper() if match else grade_id.replace("_", " ")
    prompt = " ".join(prompt.replace("**", "").split())
    return prompt if len(prompt) <= width else prompt[: width - 1].rstrip() + "…"


@styled
def plot_modules(scores: pd.DataFrame) -> DescribedFigure:
    """Average share of points per module, with how many handed it in."""
    fig = new_figure(7, 3.6)
    ax = fig.add_subplot()
    handed = scores[scores["status"] != "missing"]
    summary = handed.groupby("module")["share"].mean().reindex(
        sorted(scores["module"].unique()), fill_value=0) * 100
    counts = handed.groupby("module").size().reindex(summary.index, fill_value=0)
    bars = ax.bar(summary.index, summary.values, color=OKABE_ITO[0])
    for bar, n in zip(bars, counts, strict=True):
        ax.annotate(f"{n} handed in", (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                    ha="center", va="bottom", fontsize=9)
    ax.set_ylim(0, 110)
    ax.set_ylabel("average score (% of points)")
    ax.set_title("Scores per module (participants who handed in)")
    worst = summary.idxmin() if len(summary) else "none"
    return DescribedFigure(fig, f"Bar chart of the average score per module; the lowest is "
                                f"{worst} at {summary.min():.0f}% of the points."
                           if len(summary) else "No module has been graded yet.")


@styled
def plot_questions(questions: pd.DataFrame) -> DescribedFigure:
    """Average share of points per question, hardest first, one colour per module."""
    data = questions.sort_values("mean_share")
    fig = new_figure(10, max(3.0, 0.28 * len(data) + 1))
    ax = fig.add_subplot()
    modules = sorted(data["module"].unique())
    colours = {m: OKABE_ITO[i % 6] for i, m in enumerate(modules)}
    texts = data["text"] if "text" in data else data["question"]
    waiting = data["to_grade_by_hand"] if "to_grade_by_hand" in data else [0] * len(data)
    labels = [f"{m} {t}" + (f" ({int(n)} still to grade)" if n else "")
              for m, t, n in zip(data["module"], texts, waiting, strict=True)]
    ax.barh(labels, data["mean_share"].fillna(0) * 100, color=[colours[m] for m in data["module"]])
    ax.set_xlim(0, 100)
    ax.set_xlabel("average share of the question's points (%)")
    ax.set_title("Where the cohort struggled (hardest at the top)")
    ax.invert_yaxis()
    # The hardest among questions fully graded: one still waiting for grading by hand is
    # averaged over what was graded so far (often blanks only) and would seem hardest.
    final = [f'{m}, "{t}"' for m, t, n in zip(data["module"], texts, waiting, strict=True)
             if not n]
    pending = len(labels) - len(final)
    note = (f" {pending} question{'s' if pending != 1 else ''} still to grade by hand "
            "(not ranked).") if pending else ""
    if not labels:
        return DescribedFigure(fig, "No question has been graded yet.")
    hardest = f"the hardest was {final[0]}." if final else "no question is fully graded yet."
    return DescribedFigure(fig, f"Horizontal bar chart of the average score per question; "
                                f"{hardest}{note}")


@styled
def plot_progress(scores: pd.DataFrame) -> DescribedFigure:
    """Who handed in what: a grid of participants by modules, in words and colour."""
    from matplotlib.patches import Patch, Rectangle

    status_order = ["graded", "to grade by hand", "missing"]
    colours = {"graded": OKABE_ITO[2], "to grade by hand": OKABE_ITO[1],
               "missing": "#BBBBBB"}
    people = sorted(scores["participant"].unique())
    modules = sorted(scores["module"].unique())
    fig = new_figure(max(4.0, 1.2 * len(modules) + 3), max(2.5, 0.3 * len(people) + 1.2))
    ax = fig.add_subplot()
    lookup = {(r.participant, r.module): r.status for r in scores.itertuples()}
    for y, person in enumerate(people):
        for x, module in enumerate(modules):
            status = lookup.get((person, module), "missing")
            ax.add_patch(Rectangle(
                (x - 0.45, y - 0.4), 0.9, 0.8, color=colours[status]))
            ax.text(x, y, {"graded": "✓", "to grade by hand": "✎", "missing": "–"}[status],
                    ha="center", va="center", fontsize=9)
    ax.set_xlim(-0.5, len(modules) - 0.5)
    ax.set_ylim(len(people) - 0.5, -0.5)
    ax.set_xticks(range(len(modules)), modules)
    ax.set_yticks(range(len(people)), people)
    ax.set_title("Who handed in what")
    marks = {"graded": "✓", "to grade by hand": "✎", "missing": "–"}
    handles = [Patch(color=colours[s], label=f"{marks[s]} {s}") for s in status_order]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1))
    n_missing = int((scores["status"] == "missing").sum())
    return DescribedFigure(fig, f"Grid of participants by modules: {n_missing} submissions "
                                "are missing and "
                                f"{int((scores['status'] == 'to grade by hand').sum())} "
                                "wait for grading by hand.")


@private_results('out')
def write_report(course_dir: Path, out: Path | None = None) -> Report:
    """Write the CSV files, the plots and ``report.md`` into ``out`` (default reports/)."""
    target = out or course_dir / "reports"
    target.mkdir(parents=True, exist_ok=True)
    from course_kit.trainer.roster import load_roster, names

    scores, questions, missing = gradebook_tables(course_dir)
    # Who is who: the roster's name and e-mail (roster.csv), else the name as typed.
    known, people = names(course_dir), load_roster(course_dir)
    for table in (scores, missing):
        table.insert(1, "name", [known.get(p, p) for p in table["participant"]])
        table.insert(2, "email", [people[p].email if p in people else ""
                                  for p in table["participant"]])
    report = Report(scores, questions, missing)
    for name, table in (("scores", scores), ("questions", questions), ("missing", missing)):
        path = target / f"{name}.csv"
        table.to_csv(path, index=False)
        report.files.append(path)
    lines = ["# Cohort report", ""]
    if scores.empty:
        lines += ["Nothing is graded yet: run `course-kit collect` and `course-kit grade` "
                  "first.", ""]
    else:
        for name, figure in (("modules", plot_modules(scores)),
                             ("questions", plot_questions(questions)),
                             ("progress", plot_progress(scores))):
            path = target / f"{name}.png"
            figure.save(str(path))
            report.files.append(path)
            lines += [f"![{figure.description}]({name}.png)", "", figure.description, ""]
    (target / "report.md").write_text("\n".join(lines), encoding="utf-8")
    report.files.append(target / "report.md")
    return report
