"""Measure what a participant waits for: notebook run time, kernel memory, widget response.

Run with ``make benchmark`` (or ``python benchmarks/notebooks.py``). It prints figures
against the targets; it asserts nothing, so a slow machine never fails the test suite.

Targets: each notebook runs top to bottom in ≤ 10 s with the kernel's peak memory
≤ 250 MB; every widget responds in ≤ 100 ms.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def kernel_peak_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of a process, in MB (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run_notebook(path: Path) -> tuple[float, float]:
    """Execute a notebook as a participant would (Run All); return seconds and peak MB."""
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


def timed(action: Callable[[], object], repeat: int = 5) -> float:
    """Median milliseconds of ``action`` over ``repeat`` runs."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append(1000 * (time.perf_counter() - start))
    return statistics.median(samples)


def widget_responses() -> dict[str, float]:
    """Median response of each widget action, in ms, on the case-study data."""
    from course_kit.data import load_patrons
    from course_kit.modules.module01.persona_builder import PersonaBuilder
    from course_kit.modules.module01.segment_explorer import SegmentExplorer
    from course_kit.modules.module01.selfcheck import quiz
    from course_kit.widgets import NotesBox

    patrons = load_patrons()
    builder = PersonaBuilder("benchmark-persona")
    explorer = SegmentExplorer(patrons, builder=builder)
    boxes = explorer.boxes
    flips = iter(range(1000))

    def toggle() -> None:
        key = ("programs_12m", "computer_sessions_12m", "holds_12m")[next(flips) % 3]
        boxes[key].value = not boxes[key].value

    sizes = iter([2, 3, 4, 5, 6] * 10)
    results = {
        "segment explorer: tick a kind of use": timed(toggle, 9),
        "segment explorer: change the number of segments (2-6)":
            timed(lambda: setattr(explorer.slider, "value", next(sizes)), 10),
    }
    explorer.pick.value = 1
    results["segment explorer: turn a segment into a persona"] = timed(explorer.to_persona.click)
    names = iter(f"Rosa {i}" for i in range(100))
    results["persona builder: type in a field (card + draft saved)"] = \
        timed(lambda: setattr(builder.name, "value", next(names)))
    builder.goals.value, builder.needs.value = "Read more", "E-books"
    results["persona builder: save"] = timed(builder.save_button.click)
    results["persona builder: export Markdown + HTML"] = timed(builder.export_button.click)
    notes = NotesBox("benchmark-notes", "?")
    notes.area.value = "A note."
    results["notes: save"] = timed(notes.save_button.click)
    view = quiz.q1.widget()
    view.answer.value = "a"
    results["question: check"] = timed(view.check_button.click)
    number = quiz.q7.widget()
    number.answer.value = "30"
    results["data question: check (reads the data)"] = timed(number.check_button.click)
    return results


def main() -> None:
    os.environ.setdefault("COURSE_KIT_WORK_DIR", tempfile.mkdtemp(prefix="bench-work-"))
    print(f"Machine: {os.cpu_count()} cores\n")
    print("Notebooks (Run All, headless; target ≤ 10 s, kernel peak ≤ 250 MB)")
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        seconds, peak = run_notebook(path)
        ok = "ok" if seconds <= 10 and peak <= 250 else "OVER TARGET"
        print(f"  {path.name:45s} {seconds:5.1f} s  {peak:6.0f} MB  {ok}")
    print("\nWidgets (median response; target ≤ 100 ms)")
    for name, ms in widget_responses().items():
        print(f"  {name:55s} {ms:6.1f} ms  {'ok' if ms <= 100 else 'OVER TARGET'}")


if __name__ == "__main__":
    main()
