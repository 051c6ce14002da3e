"""Settings for the whole test run, notebooks (nbval) included.

Participant work written while the notebooks execute goes to a temporary folder, never
into the checkout's my_work/.
"""

from __future__ import annotations

import os
import tempfile

collect_ignore_glob = ["tests/browser/fixtures/*", "tests/fixtures/*", "exercises/*", ".venv/*"]


def pytest_configure(config: object) -> None:
    if "COURSE_KIT_WORK_DIR" not in os.environ:
        os.environ["COURSE_KIT_WORK_DIR"] = tempfile.mkdtemp(prefix="course-kit-work-")



def pytest_collection_modifyitems(config: object, items: list) -> None:
    """Longest files first. With ``-n 2 --dist loadfile`` (``make test``) each file goes whole
    to one worker, in this order (the Makefile turns off xdist's own reordering, by test
    count), so a long file drawn last cannot leave the other worker idle at the end.

    A rough cost: a file with ``slow`` tests 60 s, each ``browser`` test 20 s, each notebook
    cell (nbval) 0.25 s, anything else 0.1 s. Files marked ``cohort`` use the shared graded
    cohort that ``tests/test_trainer_grade.py`` builds (a long ``slow`` file, so early): they
    go last, when the cohort is ready, rather than wait for it on the other worker.
    """
    weight: dict[str, float] = {}
    slow: set[str] = set()
    late: set[str] = set()
    for item in items:
        path = item.nodeid.split("::")[0]
        marks = {mark.name for mark in item.iter_markers()}
        if "cohort" in marks:
            late.add(path)
        if "slow" in marks:
            slow.add(path)
        seconds = 20.0 if "browser" in marks else 0.25 if path.endswith(".ipynb") else 0.1
        weight[path] = weight.get(path, 0.0) + seconds
    for path in weight:
        weight[path] = -1.0 if path in late else weight[path] + 60.0 * (path in slow)
    order = {path: rank for rank, path in enumerate(sorted(weight, key=lambda p: -weight[p]))}
    items.sort(key=lambda item: order[item.nodeid.split("::")[0]])  # stable within a file
