"""The kit's entries in the environment's Jupyter and IPython settings files (JSON).

``make lab`` and Binder's ``postBuild`` add the kit's entries to files that may already hold
other settings: the server's pre-save hook (:mod:`course_kit.widgets.presave`), the Lab's
keyboard overrides (:mod:`course_kit.widgets.keyboard`) and the kernel set-up
(:mod:`course_kit.kernel`). Each changes its own keys and keeps the rest.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["update_settings"]


def update_settings(path: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    """Apply ``change`` to the JSON object held in ``path`` and write it back; return ``path``.

    A missing file, one that is not valid JSON or one that does not hold an object counts
    as empty (the kit's entries are then the only ones). The folder is made if needed.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        settings = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    except ValueError:
        settings = {}
    if not isinstance(settings, dict):
        settings = {}
    change(settings)
    path.write_text(json.dumps(settings, indent=2) + "\n", encoding="utf-8")
    return path
