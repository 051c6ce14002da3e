"""The kit's set-up of every notebook kernel (an IPython extension).

Each kernel started in the course environment loads this module, so every notebook gets
the same set-up without a line of code in it:

* tables (pandas ``DataFrame``) are shown with one header row and text that wraps
  (:mod:`course_kit.tables`);
* an answer typed as a word without quotes (``answer_7 = forty``) or with a percent sign
  (``answer_7 = 32.5%``) gets one plain line instead of a traceback
  (:mod:`course_kit.answer_slips`).

``make lab`` and Binder's ``postBuild`` run ``python -m course_kit.widgets.presave``, which
calls :func:`install`: it names the extension in the environment's IPython kernel
configuration (``<sys.prefix>/etc/ipython/ipython_kernel_config.json``)::

    {"IPKernelApp": {"extensions": ["course_kit.kernel"]}}

By hand, in any notebook: ``%load_ext course_kit.kernel``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

__all__ = ["EXTENSION", "install", "load_ipython_extension"]

#: How IPython's configuration names this extension.
EXTENSION = "course_kit.kernel"


def load_ipython_extension(ipython: Any) -> None:
    """Set up ``ipython`` (called by IPython when the extension is loaded)."""
    from course_kit import answer_slips

    # By name, so a kernel that never shows a table never imports pandas for it. pandas 3
    # names the class's module "pandas", pandas 2 "pandas.core.frame".
    formatter = ipython.display_formatter.formatters["text/html"]
    for module in ("pandas", "pandas.core.frame"):
        formatter.for_type_by_name(module, "DataFrame", _table_html)
    answer_slips.install(ipython)


def _table_html(frame: Any) -> str | None:
    from course_kit.tables import html_formatter

    return html_formatter(frame)


def install(prefix: Path | None = None) -> Path:
    """Name the extension in ``<prefix>/etc/ipython/ipython_kernel_config.json`` (default:
    this environment), keeping whatever else that file holds. Return the file's path."""
    from course_kit.settings_file import update_settings

    def name_the_extension(config: dict[str, Any]) -> None:
        app = config.setdefault("IPKernelApp", {})
        extensions = [e for e in app.get("extensions", []) if e != EXTENSION]
        app["extensions"] = [*extensions, EXTENSION]

    path = Path(prefix or sys.prefix) / "etc" / "ipython" / "ipython_kernel_config.json"
    return update_settings(path, name_the_extension)
