"""Autograding a cohort in parallel, safely, with nbgrader's own autograder.

How it works (see README, "For trainers"):

1. The parent reads the real gradebook once and writes, for each module, a small SQLite
   *template* gradebook holding only that module's definitions (notebooks, test cells and
   their hidden tests).
   Meanwhile a process of the grader's own imports, once, what every graded kernel imports,
   so that the kernels find Python's compiled files and matplotlib's font list ready
   (:func:`~course_kit.trainer.sandbox.warm_up_kernels`): without them each kernel spent
   seconds compiling its libraries again.
2. Each submission is graded in a worker process (``--jobs`` of them). The worker builds a
   private nbgrader course in a root-only temporary folder (a copy of the template gradebook,
   the submitted notebooks, nothing else) and runs nbgrader's ``Autograde`` converter there,
   with :class:`~course_kit.trainer.sandbox.SandboxExecute` in place of ``Execute``. The
   participant's kernel runs in yet another folder, as the lane's unprivileged user, in its
   own mount and network namespaces (see :mod:`course_kit.trainer.sandbox`).
3. The parent is the only writer of the real gradebook: for each finished submission it
   copies the autograded notebook into ``autograded/`` and records the scores with
   nbgrader's own ``SaveAutoGrades`` and ``AssignLatePenalties`` preprocessors. Parallel
   workers never open the real gradebook, so SQLite can never say "database is locked".
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import shutil
import subprocess
import tempfile
import time
import warnings
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import wait as wait_futures
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path
from typing import Any

import nbformat

from course_kit.grading import ensure_tools_on_path
from course_kit.trainer.config import (
    Limits,
    course_id,
    db_url,
    load_config,
    private_results,
)
from course_kit.trainer.pools import answer_keys
from course_kit.trainer.sanitize import sanitize_notebook

__all__ = [
    "GradeJob",
    "GradeOutcome",
    "GradeSummary",
    "find_submissions",
    "grade_course",
    "grade_one",
    "make_template_gradebook",
    "merge_outcome",
    "sync_due_dates",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class GradeJob:
    """One submission to grade (everything a worker needs, picklable)."""

    participant: str
    module: str
    submission_dir: str
    template_db: str
    course_id: str
    source_dir: str
    limits: Limits
    mask: tuple[str, ...]
    keys: dict[str, dict[str, Any]] = field(default_factory=dict)
    """The module's answer keys by test grade id (checked outside the kernel)."""
    unprivileged: bool = False
    """Not root: the kernel is isolated with an unprivileged user namespace."""
    feedback: dict[str, str] = field(default_factory=dict)
    """The pool's feedback text by test grade id (for answers that did not earn the points)."""
    font_cache: str = ""
    """A folder holding matplotlib's font list, copied into the kernel's own folder."""


@dataclass
class GradeOutcome:
    """What a worker sends back: the autograded notebooks and what happened."""

    participant: str
    module: str
    notebooks: dict[str, str] = field(default_factory=dict)
    """Notebook name (without .ipynb) → autograded notebook JSON."""
    timestamp: str | None = None
    events: list[str] = field(default_factory=list)
    in_force: list[str] = field(default_factory=list)
    """What isolated the kernel (namespaces, cgroups, quota), as the launcher reported it."""
    error: str | None = None
    seconds: float = 0.0
    log: str = ""


@dataclass
class GradeSummary:
    """One row per graded submission, after merging into the gradebook."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    sandbox_notes: list[str] = field(default_factory=list)
    seconds: float = 0.0
    skipped: int = 0
    """Submissions already graded and left alone (no ``regrade``)."""

    def table(self) -> str:
        """The summary as a plain-text table."""
        again = "add --regrade to grade them again"
        if not self.rows:
            return "Nothing to grade." + (
                f" All {self.skipped} submissions are graded already; {again}."
                if self.skipped else " No hand-ins were found in submitted/: run "
                "`course-kit collect` first.")
        headers = ["participant", "module", "score", "max", "by hand", "late", "notes"]
        lines = [[f"{r.get(h, '')}" if not isinstance(r.get(h), float) else f"{r[h]:g}"
                  for h in headers] for r in self.rows]  # 8 and 10, not 8.0 and 10.0
        widths = [max(len(h), *(len(x[i]) for x in lines)) for i, h in enumerate(headers)]
        fmt = "  ".join(f"{{:<{w}}}" for w in widths[:-1]) + "  {}"
        out = [fmt.format(*headers), fmt.format(*("-" * w for w in widths))]
        out += [fmt.format(*line) for line in lines]
        if self.failures:
            out.append(f"{len(self.failures)} could not be graded: " + ", ".join(
                f"{r['participant']}/{r['module']}" for r in self.failures))
        if self.skipped:
            out.append(f"{self.skipped} graded before and not changed since were left as "
                       f"they are; {again}.")
        return "\n".join(out)

    @property
    def failures(self) -> list[dict[str, Any]]:
        """Rows of submissions that could not be graded (a crash, nbgrader's refusal)."""
        return [r for r in self.rows if r.get("failed")]

    @property
    def exit_code(self) -> int:
        """For the command line: 0 when every submission was graded, 1 otherwise."""
        return 1 if self.failures else 0


# -- the parent's side ---------------------------------------------------------------------
def find_submissions(course_dir: Path, modules: Iterable[str] | None = None,
                     participants: Iterable[str] | None = None) -> list[tuple[str, str, Path]]:
    """(participant, module, folder) for each folder in ``submitted/`` with a notebook."""
    wanted_m = set(modules or [])
    wanted_p = set(participants or [])
    found = []
    base = course_dir / "submitted"
    if not base.is_dir():
        return []
    for pdir in sorted(p for p in base.iterdir() if p.is_dir() and not p.name.startswith(".")):
        if wanted_p and pdir.name not in wanted_p:
            continue
        for mdir in sorted(m for m in pdir.iterdir() if m.is_dir() and not m.name.startswith(".")):
            if wanted_m and mdir.name not in wanted_m:
                continue
            if any(mdir.glob("*.ipynb")):
                found.append((pdir.name, mdir.name, mdir))
    return found


def already_graded(course_dir: Path, participant: str, module: str, folder: Path) -> bool:
    """Whether every notebook of this submission has an autograded copy at least as new."""
    dest = course_dir / "autograded" / participant / module
    notebooks = list(folder.glob("*.ipynb"))
    return bool(notebooks) and all(
        (dest / nb.name).is_file() and (dest / nb.name).stat().st_mtime >= nb.stat().st_mtime
        for nb in notebooks)


_TEMP_PREFIXES = ("course-kit-grade-", "course-kit-private-", "course-kit-kernels-")


def clean_stale_temp(folder: Path | None = None) -> list[Path]:
    """Remove temporary folders left by grading runs that died (``<prefix><pid>-…``).

    A folder is stale when the process whose id it carries is gone; a live run's folders
    are left alone. Returns what was removed.
    """
    import re

    base = folder or Path(tempfile.gettempdir())
    removed = []
    pattern = re.compile("^(?:" + "|".join(map(re.escape, _TEMP_PREFIXES)) + r")(\d+)-")
    for entry in base.iterdir() if base.is_dir() else []:
        match = pattern.match(entry.name)
        if not match or entry.is_symlink() or not entry.is_dir():
            continue
        try:
            os.kill(int(match.group(1)), 0)
            continue  # that run is alive
        except ProcessLookupError:
            pass
        except PermissionError:
            continue  # alive, another user's
        shutil.rmtree(entry, ignore_errors=True)
        removed.append(entry)
    return removed


def make_template_gradebook(url: str, module: str, target: Path,
                            empty: Path | None = None) -> Path:
    """Copy one module's definitions (not the grades) from the gradebook into a new SQLite file.

    ``empty``, when given, is an empty gradebook file to start from (creating one runs
    nbgrader's ``alembic`` once, about a second, so a grading run makes it only once).
    """
    from nbgrader.api import Gradebook

    if empty is not None:
        shutil.copyfile(empty, target)
    with Gradebook(url) as real, Gradebook(f"sqlite:///{target}") as copy:
        assignment = real.find_assignment(module)
        copy.update_or_create_assignment(module, duedate=assignment.duedate)
        for nb in assignment.notebooks:
            copy.update_or_create_notebook(nb.name, module, kernelspec=nb.kernelspec)
            for cell in nb.grade_cells:
                copy.update_or_create_grade_cell(cell.name, nb.name, module,
                                                 max_score=cell.max_score,
                                                 cell_type=cell.cell_type)
            for cell in nb.solution_cells:
                copy.update_or_create_solution_cell(cell.name, nb.name, module)
            for cell in nb.task_cells:
                copy.update_or_create_task_cell(cell.name, nb.name, module,
                                                max_score=cell.max_score,
                                                cell_type=cell.cell_type)
            for cell in nb.source_cells:
                copy.update_or_create_source_cell(cell.name, nb.name, module,
                                                  cell_type=cell.cell_type, locked=cell.locked,
                                                  source=cell.source, checksum=cell.checksum)
    return target


def sync_due_dates(course_dir: Path) -> None:
    """Write course.toml's due dates into the gradebook (nbgrader marks late work by them)."""
    from nbgrader.api import Gradebook, MissingEntry

    config = load_config(course_dir)
    with Gradebook(db_url(course_dir), course_id(course_dir)) as gb:
        for name, module in config.modules.items():
            if module.due is None:
                continue
            try:
                gb.find_assignment(name)
            except MissingEntry:
                continue
            gb.update_or_create_assignment(name, duedate=module.due)


def merge_outcome(course_dir: Path, outcome: GradeOutcome, template_db: Path) -> dict[str, Any]:
    """Record one worker's result in the real gradebook (the parent is the only writer)."""
    from nbgrader.api import Gradebook
    from nbgrader.preprocessors import AssignLatePenalties, SaveAutoGrades

    url = db_url(course_dir)
    cid = course_id(course_dir)
    student, module = outcome.participant, outcome.module
    dest = course_dir / "autograded" / student / module
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    warnings.filterwarnings("ignore", module="nbgrader.api")
    with Gradebook(url, cid) as gb:
        gb.update_or_create_student(student)
        if outcome.timestamp:
            from nbgrader.utils import parse_utc

            gb.update_or_create_submission(module, student,
                                           timestamp=parse_utc(outcome.timestamp))
        else:
            gb.update_or_create_submission(module, student)
        assignment = gb.find_assignment(module)
        for notebook in assignment.notebooks:
            if notebook.name in outcome.notebooks:
                continue
            submission = gb.find_submission_notebook(notebook.name, module, student)
            for grade in submission.grades:  # missing or failed notebook: zero, as nbgrader
                grade.auto_score = 0
                grade.needs_manual_grade = False
            gb.db.commit()
    for name, text in outcome.notebooks.items():
        nb = nbformat.reads(text, as_version=nbformat.NO_CONVERT)
        resources = {"nbgrader": {"db_url": url, "assignment": module, "notebook": name,
                                  "student": student}}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SQLAlchemy 2's notes on nbgrader's sessions
            SaveAutoGrades().preprocess(nb, resources)
            AssignLatePenalties().preprocess(nb, resources)
        # Inert before any trainer view (formgrader, feedback) can show it.
        sanitize_notebook(nb)
        nbformat.write(nb, dest / f"{name}.ipynb")
    with Gradebook(url, cid) as gb:
        sub = gb.find_submission(module, student)
        pending = sum(g.max_score for nb in sub.notebooks for g in nb.grades
                      if g.needs_manual_grade and g.manual_score is None)
        return {"participant": student, "module": module, "score": round(sub.score, 2),
                "max": sub.max_score, "by hand": f"{pending:g} to grade" if pending else "",
                "late": "late" if sub.total_seconds_late > 0 else "",
                "notes": "; ".join(([outcome.error] if outcome.error else []) + outcome.events)}


def _mask_paths(course_dir: Path) -> tuple[str, ...]:
    """Folders the graded kernel sees empty: the course, temporary folders, the kit's keys.

    The kit's own ``exercises/`` (its published pools and source notebooks) is hidden too,
    so a submission cannot read the public keys from the checkout beside the package.
    """
    import course_kit

    # All of /run (the system's sockets, other lanes' folders); the lane's own folder, which
    # holds the kernel's folder and sockets, is put back (``keep``).
    paths = {str(course_dir.resolve()), "/tmp", "/var/tmp", "/dev/shm", "/run"}
    kit_exercises = Path(course_kit.__file__).resolve().parent.parent / "exercises"
    if (kit_exercises / "pools").is_dir():
        paths.add(str(kit_exercises))
    tmp = Path(tempfile.gettempdir()).resolve()
    paths.add(str(tmp))
    return tuple(sorted(paths))


@private_results()
def grade_course(course_dir: Path, modules: Iterable[str] | None = None,
                 participants: Iterable[str] | None = None, jobs: int | None = None,
                 limits: Limits | None = None, progress: bool = True,
                 unsafe: bool | None = None, regrade: bool | None = None) -> GradeSummary:
    """Autograde every submission in ``submitted/`` (or those chosen), ``jobs`` at a time.

    A submission that breaks (an endless loop, a crash, a memory bomb…) gets the points of
    the cells that passed and 0 for the rest; it never stops the batch. Returns a summary
    with one row per submission.

    Not as root, the kernels are isolated with unprivileged user namespaces; where the
    system has none, grading is refused (``SandboxUnavailable``) unless ``unsafe``
    (default: the environment variable ``COURSE_KIT_UNSAFE=1``).

    A submission already graded (its autograded copy is newer) is skipped unless
    ``regrade`` (default: ``COURSE_KIT_REGRADE=1``), so a run that was stopped halfway
    grades only what is missing when started again.
    """
    from tqdm import tqdm

    from course_kit.trainer.sandbox import sandbox_capabilities, sandbox_mode

    ensure_tools_on_path()
    started = time.monotonic()
    course_dir = course_dir.resolve()
    config = load_config(course_dir)
    limits = limits or config.limits
    jobs = max(1, jobs or os.cpu_count() or 1)
    sync_due_dates(course_dir)
    clean_stale_temp()
    todo = find_submissions(course_dir, modules, participants)
    if regrade is None:
        regrade = os.environ.get("COURSE_KIT_REGRADE") == "1"
    if not regrade:
        graded = [t for t in todo if already_graded(course_dir, *t)]
        todo = [t for t in todo if t not in graded]
        summary_skipped = len(graded)
    else:
        summary_skipped = 0
    if unsafe is None:
        unsafe = os.environ.get("COURSE_KIT_UNSAFE") == "1"
    mode = sandbox_mode(unsafe)
    summary = GradeSummary(sandbox_notes=sandbox_capabilities(mode), skipped=summary_skipped)
    if not todo:
        return summary
    url = db_url(course_dir)
    cid = course_id(course_dir)
    work = Path(tempfile.mkdtemp(prefix=f"course-kit-grade-{os.getpid()}-"))
    os.chmod(work, 0o700)
    modules_todo = sorted({m for _, m, _ in todo})
    warm: subprocess.Popen[bytes] | None = None
    try:
        from nbgrader.api import Gradebook

        from course_kit.trainer.sandbox import notebook_imports, warm_up_kernels

        # Runs while the template gradebooks are made (see warm_up_kernels).
        warm = warm_up_kernels(notebook_imports(
            [nb for m in modules_todo
             for nb in sorted((course_dir / "source" / m).glob("*.ipynb"))]),
            work / "matplotlib")

        empty = work / "empty.db"
        _stamp_alembic_version(url, empty)
        Gradebook(f"sqlite:///{empty}").close()
        templates, keys, explained = {}, {}, {}
        for module in modules_todo:
            templates[module] = make_template_gradebook(url, module, work / f"{module}.db",
                                                        empty)
            keys[module] = {gid: key.to_json()
                            for gid, key in answer_keys(course_dir, module).items()}
            explained[module] = _pool_feedback(course_dir, module)
        job_list = [GradeJob(p, m, str(folder), str(templates[m]), cid,
                             str(course_dir / "source" / m), limits, _mask_paths(course_dir),
                             keys[m], unprivileged=mode == "userns", feedback=explained[m],
                             font_cache=str(work / "matplotlib"))
                    for p, m, folder in todo]
        by_key = {(j.participant, j.module): j for j in job_list}
        rows: dict[tuple[str, str], dict[str, Any]] = {}

        def record(outcome: GradeOutcome) -> None:
            """Merge one result as soon as it arrives (the workers keep going meanwhile)."""
            job = by_key[(outcome.participant, outcome.module)]
            for event in [*outcome.in_force, *outcome.events]:
                if event.startswith(("in force:", "user:", "mounts:", "network:",
                                     "namespaces:", "expose:", "cgroups:", "disk:")) \
                        and event not in summary.sandbox_notes:
                    summary.sandbox_notes.append(event)
            try:
                row = merge_outcome(course_dir, outcome, templates[job.module])
            except Exception as exc:  # report, keep going
                row = {"participant": job.participant, "module": job.module, "score": "",
                       "max": "", "late": "", "notes": f"could not record: {exc}"}
            row["seconds"] = round(outcome.seconds, 1)
            row["failed"] = bool(outcome.error) or str(row.get("notes", "")).startswith(
                "could not record")
            rows[(job.participant, job.module)] = row

        with _terminate_on_sigterm():
            try:
                warm.wait(timeout=300)
            except subprocess.TimeoutExpired:  # only a saving: grade without it
                warm.kill()
                warm.wait()
            _run_pool(job_list, min(jobs, len(job_list)), progress, tqdm, record)
        summary.rows = [rows[(j.participant, j.module)] for j in job_list]
    finally:
        if warm is not None and warm.poll() is None:
            warm.kill()
            warm.wait()
        shutil.rmtree(work, ignore_errors=True)
    summary.seconds = time.monotonic() - started
    return summary


def _pool_feedback(course_dir: Path, module: str) -> dict[str, str]:
    """Each pool item's feedback text by its test grade id (empty without a pool)."""
    from course_kit.trainer.pools import PoolError, load_pool, pool_path

    path = pool_path(course_dir, module)
    if not path.exists():
        return {}
    try:
        return {item.test_id: item.feedback for item in load_pool(path).items}
    except (PoolError, OSError):
        return {}


def _stamp_alembic_version(url: str, target: Path) -> None:
    """Give a new SQLite gradebook the real gradebook's schema version up front.

    nbgrader stamps a new gradebook by running the ``alembic heads`` command, which takes
    seconds (it imports all of alembic in a new process) while the workers wait. The real
    gradebook already records the same version, so it is copied instead. If it cannot be
    read, nothing is done and nbgrader stamps the file itself.
    """
    import sqlite3

    from sqlalchemy import create_engine, text

    try:
        engine = create_engine(url)
        try:
            with engine.connect() as conn:
                version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        finally:
            engine.dispose()
    except Exception:  # a missing or unreadable gradebook: let nbgrader stamp it
        return
    if not version:
        return
    with sqlite3.connect(target) as conn:
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        conn.execute("INSERT INTO alembic_version (version_num) VALUES (?)", (str(version),))


@contextlib.contextmanager
def _terminate_on_sigterm() -> Any:
    """Turn SIGTERM into SystemExit (main thread only), so the pool's cleanup runs."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, _frame: Any) -> None:
        raise SystemExit(128 + signum)

    old = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


def _run_pool(job_list: list[GradeJob], jobs: int, progress: bool, tqdm: Any,
              on_result: Callable[[GradeOutcome], None],
              worker: Callable[[GradeJob], GradeOutcome] | None = None) -> None:
    """Run the jobs in worker processes, handing each result to ``on_result`` as it comes.

    Worker processes are reused while all goes well. If one dies (the operating system's
    out-of-memory killer, a signal), every job not yet finished is graded again, each in
    a process of its own, so a crash costs only the submission that caused it: that one is
    reported as failed, the others are graded as usual.
    """
    import threading

    run = worker or grade_one
    results: dict[tuple[str, str], GradeOutcome] = {}
    tqdm.monitor_interval = 0  # no monitor thread: the workers may be forked
    bar = tqdm(total=len(job_list), desc="grading", unit="notebook", disable=not progress)

    def finish(job: GradeJob, outcome: GradeOutcome) -> None:
        results[(job.participant, job.module)] = outcome
        on_result(outcome)
        bar.update(1)
        bar.set_postfix_str(f"{job.participant}/{job.module}")

    # Forking is fast (nbgrader is already imported) and safe while this process has a
    # single thread; otherwise the workers start afresh.
    method = "fork" if threading.active_count() == 1 else "spawn"
    context = multiprocessing.get_context(method)
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context,
                               initializer=_init_worker)
    try:
        futures: dict[Future[GradeOutcome], GradeJob] = {
            pool.submit(run, job): job for job in job_list}
        not_done = set(futures)
        while not_done:
            done, not_done = wait_futures(not_done, return_when="FIRST_COMPLETED")
            for future in done:
                job = futures[future]
                try:
                    outcome = future.result()
                except BrokenProcessPool:
                    continue
                except Exception as exc:
                    outcome = GradeOutcome(job.participant, job.module,
                                           error=f"grading failed: {exc}")
                finish(job, outcome)
    except BaseException:  # SIGTERM, Ctrl-C: stop every worker (their kernels die with them)
        for proc in list(getattr(pool, "_processes", {}).values()):
            with contextlib.suppress(Exception):
                proc.kill()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    pending = [j for j in job_list if (j.participant, j.module) not in results]
    if pending:
        _run_each_alone(pending, jobs, context, run, finish)
    bar.close()


def _run_each_alone(pending: list[GradeJob], jobs: int, context: Any,
                    run: Callable[[GradeJob], GradeOutcome],
                    finish: Callable[[GradeJob, GradeOutcome], None]) -> None:
    """Grade each job in a process of its own (``jobs`` at once): a crash is that job's."""

    queue = list(pending)
    running: dict[Any, tuple[Any, Any, GradeJob]] = {}  # pipe -> (process, pipe, job)
    try:
        _run_queue(queue, running, jobs, context, run, finish)
    except BaseException:
        for proc, _, _ in running.values():
            proc.kill()
        raise


def _run_queue(queue: list[GradeJob], running: dict[Any, tuple[Any, Any, GradeJob]],
               jobs: int, context: Any, run: Callable[[GradeJob], GradeOutcome],
               finish: Callable[[GradeJob, GradeOutcome], None]) -> None:
    from multiprocessing.connection import wait as wait_ready

    while queue or running:
        while queue and len(running) < jobs:
            job = queue.pop(0)
            receive, send = context.Pipe(duplex=False)
            proc = context.Process(target=_grade_alone, args=(run, job, send), daemon=True)
            proc.start()
            send.close()
            running[receive] = (proc, receive, job)
        for ready in wait_ready(list(running)):
            proc, receive, job = running.pop(ready)
            outcome = None
            with contextlib.suppress(EOFError, OSError):
                outcome = receive.recv()
            receive.close()
            proc.join()
            if outcome is None:
                outcome = GradeOutcome(
                    job.participant, job.module,
                    error="grading failed: the worker process crashed while grading this "
                          f"submission (exit code {proc.exitcode})")
            finish(job, outcome)


def _grade_alone(run: Callable[[GradeJob], GradeOutcome], job: GradeJob, send: Any) -> None:
    """A one-job worker process: grade, send the result, give the lane back."""
    _die_with_parent()
    try:
        outcome = run(job)
    except Exception as exc:
        outcome = GradeOutcome(job.participant, job.module, error=f"grading failed: {exc}")
    send.send(outcome)
    send.close()
    if _SLOT is not None:
        _SLOT.release()


def _die_with_parent() -> None:
    """Ask the kernel to kill this process when its parent dies (Linux; elsewhere nothing)."""
    import ctypes
    import signal

    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG


# -- the worker's side ---------------------------------------------------------------------
_SLOT: Any = None


def _init_worker() -> None:
    global _SLOT
    import atexit

    _die_with_parent()
    from course_kit.trainer.sandbox import acquire_slot

    _SLOT = acquire_slot()
    atexit.register(_SLOT.release)


def _copy_extra_files(src: Path, dest: Path, limit: int = 50_000_000) -> None:
    """Copy a folder's non-notebook files (no links, nothing huge) into ``dest``."""
    if not src.is_dir():
        return
    for path in src.rglob("*"):
        rel = path.relative_to(src)
        if path.is_symlink() or not path.is_file() or path.suffix == ".ipynb" or \
                rel.name == "timestamp.txt" or any(part.startswith(".") for part in rel.parts):
            continue
        if path.stat().st_size > limit:
            continue
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)


def grade_one(job: GradeJob) -> GradeOutcome:
    """Autograde one submission in a private nbgrader course and a sandboxed kernel."""
    global _SLOT
    from nbconvert.preprocessors import ClearMetadataPreprocessor
    from nbgrader.converters import Autograde
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.preprocessors import (
        AssignLatePenalties,
        CheckCellMetadata,
        ClearOutput,
        IgnorePattern,
        LimitOutput,
        OverwriteCells,
        OverwriteKernelspec,
        SaveAutoGrades,
    )
    from traitlets.config import Config

    from course_kit.trainer.sandbox import (
        RepairMetadata,
        RestoreDeletedTests,
        SandboxExecute,
        acquire_slot,
        closed_ancestors,
        kill_user_processes,
        needed_paths,
        remove_cgroups,
    )

    started = time.monotonic()
    if _SLOT is None:
        _SLOT = acquire_slot()
    slot = _SLOT
    outcome = GradeOutcome(job.participant, job.module, events=list(slot.notes))
    private = Path(tempfile.mkdtemp(prefix=f"course-kit-private-{os.getpid()}-"))
    os.chmod(private, 0o700)
    kernel_dir = Path(tempfile.mkdtemp(prefix="k-", dir=slot.kernel_base))
    # The grader's own folder for the kernel's sockets (a fresh one inside it per start):
    # the kernel's user can enter it but never change it.
    ipc_base = Path(tempfile.mkdtemp(prefix="ipc-", dir=slot.kernel_base))
    os.chmod(ipc_base, 0o711)
    cgroup = f"course-kit-{slot.index}-{ipc_base.name[4:]}" if slot.uid is not None else ""
    stream = StringIO()
    logger = logging.getLogger(f"course_kit.grade.{job.participant}.{job.module}")
    handler = logging.StreamHandler(stream)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        course = private / "course"
        sub = course / "submitted" / job.participant / job.module
        sub.mkdir(parents=True)
        (course / "source" / job.module).mkdir(parents=True)
        _copy_extra_files(Path(job.source_dir), course / "source" / job.module)
        src = Path(job.submission_dir)
        for nb in src.glob("*.ipynb"):
            if nb.is_file() and not nb.is_symlink():
                shutil.copyfile(nb, sub / nb.name)
        stamp = src / "timestamp.txt"
        if stamp.is_file() and not stamp.is_symlink():
            shutil.copyfile(stamp, sub / "timestamp.txt")
            outcome.timestamp = stamp.read_text(encoding="utf-8").strip() or None
        shutil.copyfile(job.template_db, course / "gradebook.db")
        # The kernel's own folder: support files only, owned by the lane's user.
        _copy_extra_files(Path(job.source_dir), kernel_dir)
        _copy_extra_files(src, kernel_dir)
        for name in (".ipython", ".matplotlib", ".runtime", "my_work"):
            (kernel_dir / name).mkdir(exist_ok=True)
        fonts = Path(job.font_cache) if job.font_cache else None
        for path in fonts.glob("fontlist-*.json") if fonts and fonts.is_dir() else []:
            shutil.copyfile(path, kernel_dir / ".matplotlib" / path.name)
        if slot.uid is not None:
            for path in [kernel_dir, *kernel_dir.rglob("*")]:  # all just made by us
                os.lchown(path, slot.uid, slot.gid)
        os.chmod(kernel_dir, 0o700)
        status_file = private / "sandbox-status.jsonl"
        limits = job.limits
        spec = {
            "kernel_dir": str(kernel_dir), "status_file": str(status_file), "uid": slot.uid,
            "gid": slot.gid, "mask": list(job.mask), "memory": limits.memory_mb * 2**20,
            "processes": limits.processes, "file_size": limits.file_mb * 2**20,
            "cpu": int(limits.notebook_timeout) + 30, "network": limits.network,
            "expose": closed_ancestors(needed_paths()) if slot.uid is not None else [],
            "keep": [str(p) for p in needed_paths()] + (
                [str(slot.kernel_base)] if slot.uid is not None else []),
            "ipc_base": str(ipc_base),
            "unprivileged": job.unprivileged, "cgroup": cgroup,
            "disk_mb": limits.disk_mb if slot.uid is not None else 0,
            "total_memory": limits.total_memory_mb * 2**20,
        }
        cfg = Config()
        cfg.CourseDirectory.root = str(course)
        cfg.CourseDirectory.course_id = job.course_id
        cfg.CourseDirectory.db_url = f"sqlite:///{course / 'gradebook.db'}"
        cfg.CourseDirectory.assignment_id = job.module
        cfg.CourseDirectory.student_id = job.participant
        cfg.Autograde.create_student = True
        cfg.Autograde.sanitize_preprocessors = [
            ClearOutput, RepairMetadata, OverwriteKernelspec, OverwriteCells,
            RestoreDeletedTests, CheckCellMetadata]
        cfg.Autograde.autograde_preprocessors = [
            SandboxExecute, IgnorePattern, ClearMetadataPreprocessor, LimitOutput,
            SaveAutoGrades, AssignLatePenalties, CheckCellMetadata]
        cfg.SandboxExecute.timeout = int(limits.cell_timeout)
        cfg.SandboxExecute.notebook_timeout = float(limits.notebook_timeout)
        cfg.SandboxExecute.output_bytes = int(limits.output_bytes)
        cfg.SandboxExecute.notebook_output_bytes = int(limits.notebook_output_bytes)
        cfg.SandboxExecute.max_cells = int(limits.max_cells)
        cfg.SandboxExecute.startup_timeout = 120
        cfg.SandboxExecute.kill_uid = -1 if slot.uid is None else slot.uid
        cfg.SandboxExecute.kill_gid = -1 if slot.gid is None else slot.gid
        cfg.SandboxKernelManager.sandbox = spec
        events_file = private / "events.txt"
        cfg.SandboxExecute.events_file = str(events_file)
        cfg.SandboxExecute.answer_keys = job.keys
        cfg.SandboxExecute.answer_feedback = job.feedback
        coursedir = CourseDirectory(config=cfg)
        converter = Autograde(coursedir=coursedir, config=cfg, log=logger)
        try:
            converter.start()
        except Exception as exc:  # nbgrader's own failure: reported
            outcome.error = f"nbgrader could not grade it: {str(exc).splitlines()[0][:200]}"
        if events_file.exists():
            outcome.events += events_file.read_text(encoding="utf-8").splitlines()
        if status_file.exists():
            import json

            for line in status_file.read_text(encoding="utf-8").splitlines():
                status = json.loads(line)
                for note in status.get("notes", []):
                    if note not in outcome.events:
                        outcome.events.append(note)
                for note in status.get("in_force", []):
                    if f"in force: {note}" not in outcome.in_force:
                        outcome.in_force.append(f"in force: {note}")
        autograded = course / "autograded" / job.participant / job.module
        for nb in sorted(autograded.glob("*.ipynb")):
            outcome.notebooks[nb.stem] = nb.read_text(encoding="utf-8")
    except Exception as exc:  # never let one submission stop the batch
        outcome.error = f"grading failed: {exc}"
    finally:
        logger.removeHandler(handler)
        outcome.log = stream.getvalue()[-20_000:]
        if slot.uid is not None:
            kill_user_processes(slot.uid, slot.gid)
        if cgroup:
            remove_cgroups(cgroup)
        for folder in (kernel_dir, ipc_base, private):
            shutil.rmtree(folder, ignore_errors=True)  # fd-based: links are not followed
        outcome.seconds = time.monotonic() - started
    return outcome
