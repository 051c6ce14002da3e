"""Grading speed: `course-kit grade --jobs 1`, `--jobs 2` and plain `nbgrader autograde`.

    .venv/bin/python benchmarks/grading.py [--n 12] [--jobs 1 2]

Builds a temporary course, hands in N synthetic submissions (right, partly right, blank, in
turn), grades them three ways on separate copies, checks that the scores are the same and
prints wall times, ratios and the load average (the machine may be shared).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _scores(course: Path) -> dict[str, float]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        return {s.student.id: s.code_score for s in gb.find_assignment("module01").submissions}


def main() -> None:
    import warnings

    import nbformat

    from course_kit.grading import ensure_tools_on_path, run_nbgrader
    from course_kit.trainer.grade import grade_course
    from tests.trainer_cohort import NB1, PARTLY_WRONG, RIGHT, fill, make_course

    warnings.simplefilter("ignore")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=12, help="submissions (default 12)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    ensure_tools_on_path()
    base = Path(tempfile.mkdtemp(prefix="course-kit-bench-"))
    try:
        template = make_course(base / "template", modules=("module01",))
        release = template / "release" / "module01" / NB1
        kinds = [fill(release, RIGHT, "A reflection."), fill(release, PARTLY_WRONG, None),
                 nbformat.read(release, as_version=4)]
        for i in range(args.n):
            folder = template / "submitted" / f"p{i:03d}" / "module01"
            folder.mkdir(parents=True)
            nbformat.write(kinds[i % 3], folder / NB1)
        times: dict[str, float] = {}
        scores: dict[str, dict[str, float]] = {}

        course = base / "plain"
        shutil.copytree(template, course)
        start = time.perf_counter()
        proc = run_nbgrader(course, "autograde", "module01", "--create", "--force",
                            "--log-level=ERROR")
        times["nbgrader autograde"] = time.perf_counter() - start
        if proc.returncode != 0:
            raise SystemExit(proc.stderr)
        scores["nbgrader autograde"] = _scores(course)
        for jobs in args.jobs:
            course = base / f"jobs{jobs}"
            shutil.copytree(template, course)
            start = time.perf_counter()
            grade_course(course, jobs=jobs, progress=False)
            label = f"course-kit grade --jobs {jobs}"
            times[label] = time.perf_counter() - start
            scores[label] = _scores(course)
        reference = scores["nbgrader autograde"]
        same = all(s == reference for s in scores.values())
        plain = times["nbgrader autograde"]
        print(f"{args.n} submissions, {os.cpu_count()} cores, load average before/after: "
              f"see below")
        for label, seconds in times.items():
            print(f"  {label:<28} {seconds:7.1f} s   {plain / seconds:5.2f}x vs plain nbgrader"
                  f"   ({seconds / args.n:.2f} s per submission)")
        print(f"  same scores everywhere: {same}")
        print(f"  load average now: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        if not same:
            raise SystemExit("scores differ")
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    main()
