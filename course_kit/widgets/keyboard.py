"""Arrow keys (and letters) inside a widget work the widget, not the notebook.

JupyterLab's notebook shortcuts in command mode (ArrowDown: next cell, ``b``: new cell …)
fire whenever the focused element is not a text field. On a radio button, a check box, a
closed drop-down or a button of a widget, ArrowDown then moved to the next cell instead of
changing the choice. :func:`install` writes JupyterLab settings overrides for the
environment (``<sys.prefix>/share/jupyter/lab/settings/overrides.json``) that disable those
shortcuts and add them back for every focused element *outside* a widget.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

__all__ = ["COMMAND_MODE", "OUTSIDE_WIDGETS", "install", "shortcut_overrides"]

#: The selector of JupyterLab 4's command-mode notebook shortcuts.
COMMAND_MODE = ".jp-Notebook.jp-mod-commandMode:not(.jp-mod-readWrite) :focus"
#: The same, for focus anywhere but inside a widget.
OUTSIDE_WIDGETS = COMMAND_MODE + ":not(.jupyter-widgets):not(.jupyter-widgets *)"
SHORTCUTS_PLUGIN = "@jupyterlab/shortcuts-extension:shortcuts"


def _defaults(prefix: Path) -> list[dict[str, Any]]:
    found = []
    for schema in sorted((prefix / "share" / "jupyter" / "lab" / "schemas").rglob("*.json")):
        try:
            shortcuts = json.loads(schema.read_text(encoding="utf-8")).get(
                "jupyter.lab.shortcuts", [])
        except (OSError, ValueError, AttributeError):
            continue
        found += [s for s in shortcuts if isinstance(s, dict)
                  and s.get("selector") == COMMAND_MODE and not s.get("disabled")]
    return found


def shortcut_overrides(prefix: Path | None = None) -> list[dict[str, Any]]:
    """Each command-mode shortcut of the installed JupyterLab, disabled, and added back for
    focus outside widgets."""
    out: list[dict[str, Any]] = []
    for shortcut in _defaults(Path(prefix or sys.prefix)):
        base = {k: shortcut[k] for k in ("command", "keys", "args") if k in shortcut}
        out.append({**base, "selector": COMMAND_MODE, "disabled": True})
        out.append({**base, "selector": OUTSIDE_WIDGETS})
    return out


def install(prefix: Path | None = None) -> Path:
    """Add the shortcut overrides to the environment's ``overrides.json``; return its path."""
    root = Path(prefix or sys.prefix)
    from course_kit.settings_file import update_settings

    def add_overrides(settings: dict[str, Any]) -> None:
        settings.setdefault(SHORTCUTS_PLUGIN, {})["shortcuts"] = shortcut_overrides(root)

    path = root / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    return update_settings(path, add_overrides)
