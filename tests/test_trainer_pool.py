"""course_kit.trainer.grade's worker pool: a crash costs only the submission that caused it.

No kernels here: the worker is a stand-in that dies (as the out-of-memory killer would kill
it) on one submission and grades the others at once.
"""

from __future__ import annotations

import os

import pytest
from tqdm import tqdm

from course_kit.trainer.config import Limits
from course_kit.trainer.grade import GradeJob, GradeOutcome, GradeSummary, _run_pool


def _worker(job: GradeJob) -> GradeOutcome:
    if job.participant.startswith("bomb"):
        os._exit(137)  # the worker process is killed while grading this one
    return GradeOutcome(job.participant, job.module, events=["graded"])


def _jobs(names: list[str]) -> list[GradeJob]:
    return [GradeJob(name, "module01", "/nonexistent", "", "course", "", Limits(), ())
            for name in names]


def test_a_crash_costs_only_its_own_submission() -> None:
    names = ["ada", "bomb1", "ben", "cy", "bomb2", "dee", "eve", "fay", "gus", "hal"]
    results: dict[str, GradeOutcome] = {}
    _run_pool(_jobs(names), 2, False, tqdm, lambda o: results.setdefault(o.participant, o),
              worker=_worker)
    assert sorted(results) == sorted(names)
    crashed = sorted(n for n, o in results.items() if o.error)
    assert crashed == ["bomb1", "bomb2"]
    assert "crashed" in str(results["bomb1"].error)
    assert all(results[n].events == ["graded"] for n in names if not n.startswith("bomb"))


def test_failures_are_named_and_make_the_exit_code_non_zero() -> None:
    summary = GradeSummary(rows=[
        {"participant": "ada", "module": "module01", "score": 8, "max": 10, "late": "",
         "notes": "", "failed": False},
        {"participant": "bomb", "module": "module01", "score": 0, "max": 10, "late": "",
         "notes": "grading failed: the worker process crashed", "failed": True}])
    assert summary.exit_code == 1
    assert "1 could not be graded: bomb/module01" in summary.table()
    assert GradeSummary(rows=summary.rows[:1]).exit_code == 0


def _sleeper(job: GradeJob) -> GradeOutcome:
    import time

    time.sleep(120)
    return GradeOutcome(job.participant, job.module)


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGKILL"])
def test_a_stopped_or_killed_grader_takes_every_worker_it_started_with_it(
        signame: str) -> None:
    """SIGTERM: the grader stops its workers. ``kill -9``: the grader cannot, and its
    workers die with it all the same (they asked the kernel to, PR_SET_PDEATHSIG)."""
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    from course_kit.trainer.sandbox import children

    root = Path(__file__).resolve().parents[1]
    script = (
        "import sys\n"
        f"sys.path.insert(0, {str(root)!r})\n"
        "from tqdm import tqdm\n"
        "from tests.test_trainer_pool import _jobs, _sleeper\n"
        "from course_kit.trainer.grade import _run_pool, _terminate_on_sigterm\n"
        "with _terminate_on_sigterm():\n"
        "    _run_pool(_jobs(['a', 'b', 'c']), 2, False, tqdm, print, worker=_sleeper)\n")
    proc = subprocess.Popen([sys.executable, "-c", script])
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while time.monotonic() < deadline and len(workers) < 2:
        time.sleep(0.5)
        workers = children(proc.pid)
    assert len(workers) >= 2, "the workers did not start"
    time.sleep(1)
    proc.send_signal(getattr(signal, signame))
    assert proc.wait(timeout=30) != 0

    def alive() -> list[int]:
        return [pid for pid in workers if Path(f"/proc/{pid}").exists()
                and "Z" not in Path(f"/proc/{pid}/stat").read_text().split()[2]]

    deadline = time.monotonic() + 10
    while alive() and time.monotonic() < deadline:
        time.sleep(0.2)
    left = alive()
    for pid in left:  # never leave a sleeper behind, even when the test fails
        os.kill(pid, signal.SIGKILL)
    assert left == []
