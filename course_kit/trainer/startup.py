"""A short start-up for every trainer command (measured by ``benchmarks/grading.py``).

Two imports cost most of a command's start-up, for things no command uses:

* nbgrader's package ``__init__`` loads its Jupyter server extensions (the web handlers of
  the assignment list, the course list and the formgrader: jupyter_server, tornado,
  nbconvert's exporters, requests) whenever any part of nbgrader is imported, even the
  gradebook alone;
* jsonschema, under nbformat, builds the RFC 3987 grammar of its optional ``iri`` format
  check when it is imported (about a second); nbformat's schemas check no formats.

:func:`light_imports` defers the first (nbgrader's ``__init__`` runs in full the first time
something it defines is asked for, e.g. ``nbgrader.__version__`` or a server extension)
and leaves the optional ``iri`` check out of this process. Nothing else changes: every
nbgrader module is imported as usual when it is needed.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from typing import Any

__all__ = ["light_imports"]


def _defer_nbgrader_init() -> None:
    spec = importlib.util.find_spec("nbgrader")
    if spec is None or spec.loader is None or not spec.submodule_search_locations:
        return
    package = importlib.util.module_from_spec(spec)  # the package, its __init__ not yet run
    state = {"done": False}
    folders = list(spec.submodule_search_locations)

    def complete(name: str) -> Any:
        """PEP 562: the first time a name of ``__init__`` is asked for, run ``__init__``."""
        if state["done"] or (name.startswith("__") and name != "__version__") or any(
                os.path.exists(os.path.join(folder, name)) or
                os.path.exists(os.path.join(folder, f"{name}.py")) for folder in folders):
            # A submodule (``from . import utils``): imported as usual, not by __init__.
            raise AttributeError(f"module 'nbgrader' has no attribute {name!r}")
        state["done"] = True
        spec.loader.exec_module(package)  # type: ignore[union-attr]
        try:
            return package.__dict__[name]
        except KeyError:
            raise AttributeError(f"module 'nbgrader' has no attribute {name!r}") from None

    package.__getattr__ = complete  # type: ignore[method-assign]
    sys.modules["nbgrader"] = package


def light_imports() -> None:
    """Make this process's later imports of nbgrader and nbformat quick (see the module)."""
    if "nbgrader" not in sys.modules:
        _defer_nbgrader_init()
    if "jsonschema" not in sys.modules:
        # None in sys.modules makes ``import rfc3987_syntax`` raise ImportError, which
        # jsonschema expects for an optional checker: the ``iri`` format is then not checked.
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

