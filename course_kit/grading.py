"""The nbgrader side of the course: releasing the self-assessments.

nbgrader does the work (its ``generate_assignment`` converter and gradebook); this module
only runs it from the right folder with the course's configuration.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

__all__ = [
    "assignments",
    "ensure_tools_on_path",
    "nbgrader_env",
    "release_assignments",
    "run_nbgrader",
]


def nbgrader_env() -> dict[str, str]:
    """The environment for running nbgrader: this Python's ``bin`` folder first on PATH.

    nbgrader calls the ``alembic`` command by name when it opens a gradebook, which fails
    when the virtual environment is not activated.
    """
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


def ensure_tools_on_path() -> None:
    """Put this Python's ``bin`` folder first on this process's PATH (for nbgrader's alembic).

    Needed when nbgrader's Gradebook is used in-process (the trainer's commands) from a
    virtual environment that is not activated.
    """
    folder = str(Path(sys.executable).parent)
    parts = os.environ.get("PATH", "").split(os.pathsep)
    if folder not in parts:
        os.environ["PATH"] = os.pathsep.join([folder, *parts])


def run_nbgrader(course_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``nbgrader ARGS`` in ``course_dir`` (where nbgrader_config.py is)."""
    return subprocess.run(
        [sys.executable, "-m", "nbgrader", *args], cwd=course_dir, env=nbgrader_env(),
        capture_output=True, text=True, check=False,
    )


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
    from nbgrader.converters import GenerateAssignment
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.utils import capture_log

    from course_kit.trainer.config import db_url, nbgrader_config

    # In this process (nbgrader's own converter), not `python -m nbgrader`: a new Python
    # importing nbgrader cost seconds per assessment.
    ensure_tools_on_path()
    released: list[Path] = []
    for name in chosen:
        config = nbgrader_config(course_dir)
        config.CourseDirectory.root = str(course_dir)
        config.CourseDirectory.db_url = db_url(course_dir)
        config.CourseDirectory.assignment_id = name
        app = GenerateAssignment(coursedir=CourseDirectory(config=config), config=config)
        app.log.setLevel("WARN")
        app.force = True
        app.create_assignment = True
        result = capture_log(app)
        if not result["success"]:
            detail = result.get("log") or result.get("error") or ""  # nbgrader's own words
            raise RuntimeError(f"nbgrader could not release {name}:\n{detail.strip()}")
        released += sorted((course_dir / "release" / name).glob("*.ipynb"))
    return released
