"""A Jupyter pre-save hook: a notebook is saved without the views of its widgets.

JupyterLab autosaves. A notebook saved after its activities ran keeps their widget views,
and when it is opened again without a kernel each one says "Error displaying widget: model
not found". This hook, run by the Jupyter server before it writes a notebook, puts one plain
line in place of each widget view instead: what to run to get the activity back. What the
participant sees in the open notebook is not changed; only the file on disk is.

``make lab`` and Binder's ``postBuild`` install it in the environment's Jupyter configuration
(``python -m course_kit.widgets.presave``, which adds to
``<sys.prefix>/etc/jupyter/jupyter_server_config.json``)::

    {"ContentsManager": {"pre_save_hook": "course_kit.widgets.presave.drop_widget_outputs",
                         "hide_globs": [..., "build", "*.egg-info"]}}

The same set-up hides what building the kit leaves in the file browser (``build/``,
``*.egg-info``), with :mod:`course_kit.widgets.keyboard` leaves arrow keys in widgets to
the widgets and, with :mod:`course_kit.kernel`, sets up every notebook kernel (tables with
one header row, a plain line for an answer typed without quotes).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

__all__ = [
    "HIDE_GLOBS",
    "HOOK",
    "RUN_AGAIN",
    "WIDGET_MIME",
    "drop_widget_outputs",
    "install",
    "strip_widget_views",
]

#: How the Jupyter configuration names the hook.
HOOK = "course_kit.widgets.presave.drop_widget_outputs"

#: What a participant's file browser does not show: Jupyter's own list, then what building
#: the kit leaves next to the notebooks (Binder installs it from the repository folder).
HIDE_GLOBS = ["__pycache__", "*.pyc", "*.pyo", ".DS_Store", "*~",
              "build", "dist", "*.egg-info", "node_modules"]

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"

#: The line that takes a widget view's place in the saved file.
RUN_AGAIN = (
    "▶ This activity appears when its cell runs: choose **Run ▸ Run All Cells** "
    "(your saved work comes back with it)."
)


def strip_widget_views(notebook: dict[str, Any]) -> int:
    """Replace each widget view in ``notebook`` (a dict, changed in place) by one plain line;
    drop saved widget state. Return how many views were replaced."""
    replaced = 0
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        outputs = []
        for output in cell.get("outputs", []):
            data = output.get("data") if isinstance(output, dict) else None
            if isinstance(data, dict) and WIDGET_MIME in data:
                replaced += 1
                outputs.append({
                    "output_type": "display_data",
                    "metadata": {},
                    "data": {"text/markdown": RUN_AGAIN,
                             "text/plain": RUN_AGAIN.replace("**", "")},
                })
                continue
            outputs.append(output)
        cell["outputs"] = outputs
    metadata = notebook.get("metadata")
    if isinstance(metadata, dict):
        metadata.pop("widgets", None)
    return replaced


def drop_widget_outputs(model: dict[str, Any], **_kwargs: Any) -> None:
    """The pre-save hook (``ContentsManager.pre_save_hook``): notebooks only, never raises."""
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    try:
        strip_widget_views(model["content"])
    except Exception:  # a hook that fails would stop the participant's save
        return


def install(prefix: Path | None = None) -> Path:
    """Name the hook in ``<prefix>/etc/jupyter/jupyter_server_config.json`` (default: this
    environment), keeping whatever else that file holds. Return the file's path."""
    from course_kit.settings_file import update_settings

    def name_the_hook(config: dict[str, Any]) -> None:
        contents = config.setdefault("ContentsManager", {})
        contents["pre_save_hook"] = HOOK
        contents["hide_globs"] = HIDE_GLOBS

    path = Path(prefix or sys.prefix) / "etc" / "jupyter" / "jupyter_server_config.json"
    return update_settings(path, name_the_hook)


if __name__ == "__main__":  # what `make lab` and postBuild run: the kit's Jupyter set-up
    from course_kit import kernel
    from course_kit.widgets import keyboard

    install()
    keyboard.install()
    kernel.install()
