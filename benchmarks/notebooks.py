"""Measure what a participant waits for: notebook run time, kernel memory, widget response.

Run with ``make benchmark`` (or ``python benchmarks/notebooks.py``; ``--help`` for parts).
It prints figures against the targets of docs' module checklist and flags what is over;
it asserts nothing, so a slow machine never fails the test suite.

Targets: each notebook runs top to bottom in ≤ 10 s with the kernel's peak memory
≤ 250 MB; every widget callback responds in ≤ 100 ms on the case-study data.

The widget actions come from the modules themselves: every ``course_kit/modules/*/bench.py``
exposes ``actions() -> dict[str, Callable[[], object]]``, named participant actions that
each do one callback's work (state is set up outside the callable). Each action runs once
to warm up, then ``--repeat`` times; the table gives the median and the slowest run (wall
clock, with the median CPU time beside it: on a busy machine the two part) and what the
first, warm-up run took (imports, caches: what the first click in a fresh kernel costs;
not judged against the target). The actions run in this Python, not in a kernel, so the
figures leave out sending the widgets' changes to the browser; ``--in-kernel`` runs them
inside a Jupyter kernel instead, comm messages included.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODULES = ROOT / "course_kit" / "modules"

CALLBACK_MS = 100.0
NOTEBOOK_S = 10.0
KERNEL_MB = 250.0


def kernel_peak_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of a process, in MB (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run_notebook(path: Path) -> tuple[float, float]:
    """Execute a notebook as a participant would (Run All); return seconds and peak MB."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
        elapsed = time.perf_counter() - start
        peak = kernel_peak_mb(client.km.provisioner.process.pid)
    return elapsed, peak


# --- widget actions ---------------------------------------------------------------------


@dataclass
class Timing:
    module: str
    action: str
    first_ms: float = float("nan")  # the warm-up run: what the first click costs
    median_ms: float = float("nan")
    max_ms: float = float("nan")
    cpu_ms: float = float("nan")
    problem: str = ""  # an exception, or an error the widget showed in its message area
    note: str = ""  # a warning the widget showed (the action may have timed a refusal)


@dataclass
class ModuleActions:
    module: str
    actions: dict[str, Callable[[], object]] = field(default_factory=dict)
    skipped: str = ""  # why the module's actions could not be loaded


def bench_modules() -> list[str]:
    """Module homes with a ``bench.py``, in order (``module01``, ``module02``…)."""
    return sorted(p.parent.name for p in MODULES.glob("*/bench.py"))


def load_actions(module: str) -> ModuleActions:
    """Import ``course_kit.modules.<module>.bench`` and call ``actions()``.

    A module whose widgets cannot be imported yet (still being written) is skipped with
    the reason; one whose actions fail to set up is reported. Neither stops the run.
    """
    try:
        bench = importlib.import_module(f"course_kit.modules.{module}.bench")
        found = bench.actions()
    except ImportError as exc:
        return ModuleActions(module, skipped=f"widgets not importable yet: {exc}")
    except Exception as exc:  # any failure is reported, not raised
        where = traceback.extract_tb(exc.__traceback__)[-1]
        return ModuleActions(module, skipped=f"actions could not be set up: "
                                             f"{type(exc).__name__}: {exc} "
                                             f"({Path(where.filename).name}:{where.lineno})")
    return ModuleActions(module, dict(found))


class _CallbackErrors(logging.Handler):
    """ipywidgets logs an exception raised in a button's handler instead of raising it."""

    def __init__(self, shown: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.shown = shown

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage().startswith("Exception in callback"):
            self.shown.append(record.getMessage())


@contextlib.contextmanager
def widget_errors() -> Iterator[tuple[list[str], list[str]]]:
    """Collect the exceptions widget callbacks swallowed while an action ran.

    A callback wrapped by ``friendly_callback`` shows "Something went wrong…" (with the
    traceback folded away) instead of raising, and ipywidgets logs what a button's handler
    raises; a timing of either would time the error path, so the benchmark reports them.
    Warnings (refused input, "3 follow-ups overdue") are collected apart: ordinary
    outcomes, but a timing of a refusal is not the timing of the work.
    """
    from course_kit.widgets.base import MessageArea

    shown: list[str] = []
    warned: list[str] = []
    original = MessageArea.show

    def show(self: MessageArea, text: str, kind: str = "info", details: str = "") -> None:
        if kind == "error" and details:
            shown.append(text)
        elif kind == "warning":
            warned.append(text)
        original(self, text, kind, details)  # type: ignore[arg-type]

    handler = _CallbackErrors(shown)
    MessageArea.show = show  # type: ignore[method-assign]
    logging.getLogger().addHandler(handler)
    try:
        yield shown, warned
    finally:
        MessageArea.show = original  # type: ignore[method-assign]
        logging.getLogger().removeHandler(handler)


def time_action(module: str, name: str, action: Callable[[], object], repeat: int) -> Timing:
    """Warm up once, then time ``repeat`` runs: median and max wall ms, median CPU ms."""
    timing = Timing(module, name)
    walls, cpus = [], []
    with widget_errors() as (errors, warnings):
        try:
            wall = time.perf_counter()
            action()  # warm-up: imports, first render, caches
            timing.first_ms = 1000 * (time.perf_counter() - wall)
            for _ in range(repeat):
                wall, cpu = time.perf_counter(), time.process_time()
                action()
                cpus.append(1000 * (time.process_time() - cpu))
                walls.append(1000 * (time.perf_counter() - wall))
        except Exception as exc:  # reported in the table
            timing.problem = f"{type(exc).__name__}: {exc}"
    if errors and not timing.problem:
        timing.problem = "widget showed an error: " + errors[0][:120]
    if warnings:
        timing.note = "warned: " + warnings[-1][:90]
    if walls:
        timing.median_ms, timing.max_ms = statistics.median(walls), max(walls)
        timing.cpu_ms = statistics.median(cpus)
    return timing


def widget_responses(modules: list[str], repeat: int) -> tuple[list[Timing], list[ModuleActions]]:
    """Time every action of every module's ``bench.py``."""
    timings: list[Timing] = []
    loaded: list[ModuleActions] = []
    for module in modules:
        found = load_actions(module)
        loaded.append(found)
        for name, action in found.actions.items():
            timings.append(time_action(module, name, action, repeat))
    return timings, loaded


_IN_KERNEL = """
import dataclasses, importlib.util, json, sys
_spec = importlib.util.spec_from_file_location("course_kit_benchmark", {path!r})
_bench = sys.modules["course_kit_benchmark"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_bench)
_timings, _loaded = _bench.widget_responses({modules!r}, {repeat!r})
print("BENCH-JSON " + json.dumps({{
    "timings": [dataclasses.asdict(t) for t in _timings],
    "loaded": [{{"module": m.module, "skipped": m.skipped}} for m in _loaded]}}))
"""


def widget_responses_in_kernel(modules: list[str],
                               repeat: int) -> tuple[list[Timing], list[ModuleActions]]:
    """The same timings, taken inside a Jupyter kernel (``--in-kernel``).

    There every widget change is also serialized and sent as a comm message, as it is when
    a participant clicks; the client here plays the browser's part (and takes CPU too).
    """
    import nbformat
    from nbclient import NotebookClient

    code = _IN_KERNEL.format(path=str(Path(__file__).resolve()), modules=modules,
                             repeat=repeat)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    client = NotebookClient(nb, timeout=1800, kernel_name="python3",
                            resources={"metadata": {"path": str(ROOT)}})
    client.execute()
    text = "".join(o.get("text", "") for o in nb.cells[0].outputs if o.get("name") == "stdout")
    line = next(x for x in text.splitlines() if x.startswith("BENCH-JSON "))
    found = json.loads(line.removeprefix("BENCH-JSON "))
    return ([Timing(**t) for t in found["timings"]],
            [ModuleActions(m["module"], skipped=m["skipped"]) for m in found["loaded"]])


def print_widget_table(timings: list[Timing], loaded: list[ModuleActions]) -> None:
    print(f"Widget callbacks (warm-up, then median and max of the runs; target ≤ "
          f"{CALLBACK_MS:.0f} ms)")
    width = min(72, max([len(t.action) for t in timings] + [20]))
    print(f"  {'module':9s} {'action':{width}s} {'median':>8s} {'max':>8s} {'cpu':>7s} "
          f"{'first':>8s}")
    for t in timings:
        if t.problem:
            print(f"  {t.module:9s} {t.action[:width]:{width}s} {'':>8s} {'':>8s} {'':>7s} "
                  f"{'':>8s}  PROBLEM: {t.problem}")
            continue
        if t.median_ms <= CALLBACK_MS:
            flag = "ok" if t.max_ms <= CALLBACK_MS else "ok (max over)"
        elif t.cpu_ms > CALLBACK_MS:
            flag = "OVER TARGET"
        else:  # the callback's own work fits; the machine made it wait
            flag = "OVER on wall clock only (cpu within: waiting for CPU or disk)"
        print(f"  {t.module:9s} {t.action[:width]:{width}s} {t.median_ms:6.1f}ms "
              f"{t.max_ms:6.1f}ms {t.cpu_ms:5.1f}ms {t.first_ms:6.0f}ms  {flag}"
              + (f"  ({t.note})" if t.note else ""))
    for m in loaded:
        if m.skipped:
            print(f"  {m.module:9s} SKIPPED: {m.skipped}")
    for home in sorted(p.name for p in MODULES.glob("module*") if p.is_dir()):
        if not (MODULES / home / "bench.py").exists():
            print(f"  {home:9s} no bench.py: not measured")
    print("\n  Slowest action per module (median)")
    for m in loaded:
        mine = [t for t in timings if t.module == m.module and not t.problem]
        if mine:
            worst = max(mine, key=lambda t: t.median_ms)
            print(f"  {m.module:9s} {worst.median_ms:6.1f} ms  {worst.action}")
    over = [t for t in timings if not t.problem and t.median_ms > CALLBACK_MS]
    cpu_over = [t for t in over if t.cpu_ms > CALLBACK_MS]
    problems = [t for t in timings if t.problem]
    print(f"\n  {len(timings)} actions: {len(over)} over {CALLBACK_MS:.0f} ms wall clock "
          f"({len(cpu_over)} of them over in CPU time too), {len(problems)} with a problem")


# --- readability ------------------------------------------------------------------------

_READABILITY_PROBE = """
import json, sys, time
def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
before, start = rss(), time.perf_counter()
from course_kit import readability
readability.flesch_kincaid_grade("The library opens at nine. Story time starts at ten.")
print(json.dumps({"seconds": time.perf_counter() - start, "mb": rss() - before,
                  "nltk": any(m == "nltk" or m.startswith("nltk.") for m in sys.modules)}))
"""


def readability_cost() -> dict[str, dict[str, float]]:
    """Time and memory of the first readability score in a fresh Python (as in a kernel).

    ``cold``: an empty cache (the syllable table is built, once per machine); ``warm``: the
    table read back from the cache, as every later kernel does.
    """
    figures = {}
    with tempfile.TemporaryDirectory(prefix="bench-cache-") as cache:
        env = {**os.environ, "XDG_CACHE_HOME": cache}
        for label in ("cold", "warm"):
            run = subprocess.run([sys.executable, "-c", _READABILITY_PROBE], env=env,
                                 capture_output=True, text=True, check=True, cwd=ROOT)
            figures[label] = json.loads(run.stdout.strip().splitlines()[-1])
    return figures


def load_average() -> str:
    try:
        return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "load average unknown"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-notebooks", action="store_true", help="widgets only")
    parser.add_argument("--skip-widgets", action="store_true", help="notebooks only")
    parser.add_argument("--repeat", type=int, default=7, help="timed runs per action (7)")
    parser.add_argument("--in-kernel", action="store_true",
                        help="time the widget actions inside a Jupyter kernel (comm messages "
                             "included) instead of in this Python")
    parser.add_argument("--module", action="append", default=[],
                        help="only these module homes (e.g. module03); repeatable")
    args = parser.parse_args(argv)

    os.environ.setdefault("COURSE_KIT_WORK_DIR", tempfile.mkdtemp(prefix="bench-work-"))
    print(f"Machine: {os.cpu_count()} cores, {load_average()} (figures are wall clock: "
          "a busy machine makes them slower)\n")

    figures = readability_cost()
    print("Readability (course_kit.readability: first score in a fresh Python)")
    for label, f in figures.items():
        print(f"  {label:5s} cache: {f['seconds']:5.2f} s  +{f['mb']:4.0f} MB"
              f"{'  (NLTK imported!)' if f['nltk'] else ''}")
    print()

    if not args.skip_widgets:
        modules = [m for m in bench_modules() if not args.module or m in args.module]
        if args.in_kernel:
            timings, loaded = widget_responses_in_kernel(modules, max(1, args.repeat))
            print("In a Jupyter kernel: each widget change is also sent as a comm message.")
        else:
            timings, loaded = widget_responses(modules, max(1, args.repeat))
        print_widget_table(timings, loaded)
        print(f"  ({load_average()})\n")

    if not args.skip_notebooks:
        print(f"Notebooks (Run All, headless; target ≤ {NOTEBOOK_S:.0f} s, kernel peak ≤ "
              f"{KERNEL_MB:.0f} MB)")
        for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
            if args.module and not any(path.name.startswith(m[-2:] + "-")
                                       for m in args.module):
                continue
            try:
                seconds, peak = run_notebook(path)
            except Exception as exc:  # one failing notebook, not the run
                print(f"  {path.name:45s} FAILED: {type(exc).__name__}: {str(exc)[:200]}")
                continue
            over = [what for what, bad in (("time", seconds > NOTEBOOK_S),
                                           ("memory", peak > KERNEL_MB)) if bad]
            flag = "OVER TARGET (" + ", ".join(over) + ")" if over else "ok"
            print(f"  {path.name:45s} {seconds:5.1f} s  {peak:6.0f} MB  {flag}")
        print(f"  ({load_average()})")


if __name__ == "__main__":
    main()
