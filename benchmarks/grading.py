"""Grading speed: `course-kit grade --jobs 1`, `--jobs 2` and plain `nbgrader autograde`,
and every trainer command's start-up time (``--help``, and a run with nothing to do).

    .venv/bin/python benchmarks/grading.py [--n 60] [--jobs 1 2] [--repeat 2]

Builds a temporary course and hands in N synthetic submissions (right, partly right, blank,
in turn). Each method then grades its own copy **in a process of its own** (started afresh,
so import time counts as it does for a trainer), and the methods take turns in an order
that alternates from one round to the next (ABC, CBA, …), so neither a warm cache nor a
change in the machine's load favours one of them. Prints each method's median wall time,
its ratio to plain nbgrader, and each command's start-up time: ``--help``, and a run with
nothing to do (``--startup-only`` measures only these, on a course graded once).

Plain nbgrader cannot see the keys (they are checked outside the kernel), so its scores
differ by design; the two course-kit runs must agree with each other.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
COMMANDS = ("build", "release", "collect", "grade", "feedback", "report", "certificates",
            "formgrader")


def _scores(course: Path) -> dict[str, float]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        return {s.student.id: s.code_score for s in gb.find_assignment("module01").submissions}


def _one(method: str, course: Path) -> None:
    """Grade ``course`` with one method, in this (fresh) process; print seconds and scores."""
    import warnings

    warnings.simplefilter("ignore")
    start = time.perf_counter()
    if method == "nbgrader":
        from course_kit.grading import run_nbgrader

        proc = run_nbgrader(course, "autograde", "module01", "--create", "--force",
                            "--log-level=ERROR")
        if proc.returncode != 0:
            raise SystemExit(proc.stderr)
    else:
        from course_kit.trainer.grade import grade_course

        grade_course(course, jobs=int(method.removeprefix("jobs")), progress=False)
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "scores": _scores(course)}))


def _timed(args: list[str], runs: int = 3) -> tuple[float, float]:
    """Median wall time and median CPU time (user + system) of ``args``, each a new process.

    The CPU time is what the command itself costs, whatever else the machine is doing.
    """
    import resource

    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(args, capture_output=True, check=True)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def _startup(course: Path, fresh: Path) -> dict[str, tuple[float, float]]:
    """Every trainer command's start-up: ``--help``, then a run with nothing to do.

    A run with nothing to do (an empty folder to collect, everything graded, no
    participant's feedback, no report or certificate to draw: ``fresh`` is a course with
    nobody in it yet) is the start-up a trainer waits for: the command's imports and
    reading the course and its gradebook.
    """
    exe = str(Path(sys.executable).parent / "course-kit")
    out = {f"{command or '(none)'} --help": _timed([exe, *([command] if command else []),
                                                    "--help"])
           for command in ("", *COMMANDS)}
    empty = course.parent / "empty-inbox"
    empty.mkdir(exist_ok=True)
    where = ["--course", str(course)]
    for label, args in (
            ("collect (empty folder)", ["collect", *where, str(empty)]),
            ("grade (all graded)", ["grade", *where, "--quiet"]),
            ("feedback (nobody yet)", ["feedback", "--course", str(fresh)]),
            ("report (nobody yet)", ["report", "--course", str(fresh),
                                     "--out", str(course.parent / "report")]),
            ("certificates (nobody yet)", ["certificates", "--course", str(fresh),
                                           "--out", str(course.parent / "pdf")])):
        out[label] = _timed([exe, *args])
    return out


def main() -> None:
    import nbformat

    from tests.trainer_cohort import NB1, PARTLY_WRONG, RIGHT, fill, make_course

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=60, help="submissions (default 60)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=2, help="rounds (default 2)")
    parser.add_argument("--no-startup", action="store_true", help="skip start-up times")
    parser.add_argument("--startup-only", action="store_true",
                        help="only start-up times (on a course of N submissions graded once)")
    args = parser.parse_args()
    if args.startup_only:
        args.jobs, args.repeat, args.no_startup = [2], 1, False
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
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
        methods = [*([] if args.startup_only else ["nbgrader"]),
                   *(f"jobs{j}" for j in args.jobs)]
        times: dict[str, list[float]] = {m: [] for m in methods}
        scores: dict[str, dict[str, float]] = {}
        for round_ in range(args.repeat):
            order = methods if round_ % 2 == 0 else methods[::-1]
            for method in order:
                course = base / f"{method}-{round_}"
                shutil.copytree(template, course)
                proc = subprocess.run([sys.executable, __file__, "--one", method, str(course)],
                                      capture_output=True, text=True, check=False)
                if proc.returncode != 0:
                    raise SystemExit(f"{method} failed:\n{proc.stderr[-3000:]}")
                result = json.loads(proc.stdout.strip().splitlines()[-1])
                times[method].append(result["seconds"])
                scores[method] = result["scores"]
                if method != "nbgrader" and not (base / "graded").exists():
                    course.rename(base / "graded")  # for the start-up runs below
                shutil.rmtree(course, ignore_errors=True)
                print(f"  round {round_ + 1}: {method:<9} {result['seconds']:7.1f} s", flush=True)
        plain = statistics.median(times.get("nbgrader") or [float("nan")])
        print(f"{args.n} submissions, {os.cpu_count()} cores, {args.repeat} rounds "
              "(median of each; every method in its own process, order alternating)")
        for method in methods if "nbgrader" in times else []:
            seconds = statistics.median(times[method])
            label = "nbgrader autograde" if method == "nbgrader" else \
                f"course-kit grade --jobs {method.removeprefix('jobs')}"
            print(f"  {label:<28} {seconds:7.1f} s   {plain / seconds:5.2f}x vs plain nbgrader"
                  f"   ({seconds / args.n:.2f} s per submission)")
        kit = [scores[m] for m in methods if m != "nbgrader"]
        same = all(s == kit[0] for s in kit)
        print(f"  course-kit runs agree on every score: {same}")
        if "jobs2" in times and "nbgrader" in times:
            print(f"  RATIO {args.n} submissions: --jobs 2 is "
                  f"{plain / statistics.median(times['jobs2']):.2f}x plain nbgrader")
        if not args.no_startup:
            graded = base / "graded"
            if not graded.exists():
                shutil.copytree(template, graded)
            print("start-up (course-kit <command>, median of 3, each a new process):")
            fresh = base / "fresh"
            shutil.copytree(template, fresh, ignore=shutil.ignore_patterns("submitted"))
            for command, (wall, cpu) in _startup(graded, fresh).items():
                print(f"  {command:<26} {wall:5.2f} s   (CPU {cpu:5.2f} s)")
        print(f"load average now: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        if not same:
            raise SystemExit("course-kit runs disagree")
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--one":
        _one(sys.argv[2], Path(sys.argv[3]))
    else:
        main()
