"""The trainer's JupyterLab, with nbgrader's formgrader for grading reflections by hand.

Participants' JupyterLab hides nbgrader's trainer tools: ``make lab``'s install step and
Binder's ``postBuild`` disable them at the environment level (``--level=sys_prefix``).
The trainer's session turns them back on for itself only: a private Jupyter configuration
folder, put first on ``JUPYTER_CONFIG_PATH`` (the highest priority), holds a
``labconfig/page_config.json`` that marks nbgrader's extensions as enabled and unlocked.
Nothing is changed in the environment, so the next participant session still has them
hidden.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

from course_kit.grading import nbgrader_env

__all__ = ["TRAINER_EXTENSIONS", "trainer_command", "trainer_config_dir", "trainer_env"]

#: nbgrader's trainer tools, hidden from participants.
TRAINER_EXTENSIONS = (
    "@jupyter/nbgrader:create-assignment",
    "@jupyter/nbgrader:formgrader",
    "@jupyter/nbgrader:course-list",
    "@jupyter/nbgrader:assignment-list",
    "@jupyter/nbgrader:menu",
)


def trainer_config_dir(base: Path | None = None) -> Path:
    """Write the trainer's private Jupyter configuration and return its folder."""
    folder = base or Path(tempfile.mkdtemp(prefix="course-kit-trainer-jupyter-"))
    labconfig = folder / "labconfig"
    labconfig.mkdir(parents=True, exist_ok=True)
    page = {"disabledExtensions": dict.fromkeys(TRAINER_EXTENSIONS, False),
            "lockedExtensions": dict.fromkeys(TRAINER_EXTENSIONS, False)}
    (labconfig / "page_config.json").write_text(json.dumps(page, indent=2), encoding="utf-8")
    return folder


def trainer_env(config_dir: Path) -> dict[str, str]:
    """The environment for the trainer's JupyterLab (the private configuration first)."""
    env = nbgrader_env()
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(
        [str(config_dir), *filter(None, [os.environ.get("JUPYTER_CONFIG_PATH")])])
    return env


def trainer_command(course_dir: Path, port: int | None = None, open_browser: bool = True,
                    extra: tuple[str, ...] = ()) -> list[str]:
    """The ``jupyter lab`` command line for the trainer, started in the course folder.

    ``port=0`` lets the server choose a free port itself (it writes the one it chose in
    its runtime file ``jpserver-<pid>.json``); ``None`` keeps Jupyter's default.
    """
    command = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={course_dir}",
               f"--ServerApp.open_browser={open_browser}"]
    if port is not None:
        command.append(f"--ServerApp.port={port}")
    if os.geteuid() == 0:
        command.append("--allow-root")
    return [*command, *extra]
