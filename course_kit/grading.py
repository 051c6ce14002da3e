"""The nbgrader side of the course: releasing the self-assessments.

nbgrader does the work (its ``generate_assignment`` converter and gradebook); this module
only runs it from the right folder with the course's configuration.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

__all__ = ["assignments", "release_assignments"]


def assignments(course_dir: Path) -> list[str]:
    """The assessments in ``source/`` (one folder each, e.g. ``module01``)."""
    return sorted(p.name for p in (course_dir / "source").iterdir() if p.is_dir()
                  and not p.name.startswith("."))


def release_assignments(course_dir: Path, names: list[str] | None = None) -> list[Path]:
    """Generate ``release/<name>/`` from ``source/<name>/`` for each assessment.

    Solutions and hidden tests are removed by nbgrader; the result is what participants
    get. Returns the released notebooks. Raises ``RuntimeError`` with nbgrader's own
    message when it refuses (for example, a malformed solution region).
    """
    chosen = names or assignments(course_dir)
    unknown = sorted(set(chosen) - set(assignments(course_dir)))
    if unknown:
        raise ValueError(f"No such assessment in source/: {', '.join(unknown)}")
    released: list[Path] = []
    for name in chosen:
        proc = subprocess.run(
            [sys.executable, "-m", "nbgrader", "generate_assignment", name, "--force",
             "--log-level=WARN"],
            cwd=course_dir, capture_output=True, text=True, check=False,
        )
        if proc.returncode != 0:
            raise RuntimeError(f"nbgrader could not release {name}:\n{proc.stderr.strip()}")
        released += sorted((course_dir / "release" / name).glob("*.ipynb"))
    return released
