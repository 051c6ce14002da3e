"""A short start-up for every trainer command (measured by ``benchmarks/grading.py``).

Most of a command's start-up went into imports of things no command uses:

* nbgrader's package ``__init__`` loads its Jupyter server extensions (the web handlers of
  the assignment list, the course list and the formgrader: jupyter_server, tornado,
  nbconvert's exporters, requests) whenever any part of nbgrader is imported, even the
  gradebook alone;
* ``nbgrader.utils`` imports setuptools (whose ``__init__`` loads its build machinery) for
  one function that unpacks archives, and nbformat (whose ``__init__`` loads jsonschema and
  the notebook schemas) for a type used in annotations;
* jsonschema, under nbformat, builds the RFC 3987 grammar of its optional ``iri`` format
  check when it is imported (about a second); nbformat's schemas check no formats.

:func:`light_imports` defers the ``__init__`` of these three packages (each runs in full
the first time something it defines is asked for, e.g. ``nbformat.read`` or
``nbgrader.__version__``; a submodule such as ``nbgrader.api`` is imported as usual) and
leaves the optional ``iri`` check out of this process. Nothing else changes.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from typing import Any

__all__ = ["DEFERRED", "light_imports"]

#: The packages whose ``__init__`` runs on first use rather than on import.
DEFERRED = ("nbgrader", "setuptools", "nbformat")


def _defer_init(name: str) -> None:
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None or not spec.submodule_search_locations:
        return
    package = importlib.util.module_from_spec(spec)  # the package, its __init__ not yet run
    state = {"done": False}
    folders = list(spec.submodule_search_locations)

    def complete(attribute: str) -> Any:
        """PEP 562: the first time a name of ``__init__`` is asked for, run ``__init__``."""
        if state["done"] or (attribute.startswith("__")
                             and attribute not in ("__version__", "__all__")):
            raise AttributeError(f"module {name!r} has no attribute {attribute!r}")
        if any(os.path.exists(os.path.join(folder, attribute)) or
               os.path.exists(os.path.join(folder, f"{attribute}.py")) for folder in folders):
            # A submodule (``from . import utils``, ``nbformat.v4``): imported on its own.
            try:
                return importlib.import_module(f"{name}.{attribute}")
            except ImportError as exc:  # e.g. a data folder: ``hasattr`` expects this
                raise AttributeError(f"module {name!r} has no attribute {attribute!r}"
                                     ) from exc
        state["done"] = True
        spec.loader.exec_module(package)  # type: ignore[union-attr]
        try:
            return package.__dict__[attribute]
        except KeyError:
            raise AttributeError(f"module {name!r} has no attribute {attribute!r}") from None

    package.__getattr__ = complete  # type: ignore[method-assign]
    sys.modules[name] = package


def light_imports() -> None:
    """Make this process's later imports of :data:`DEFERRED` quick (see the module)."""
    for name in DEFERRED:
        if name not in sys.modules:
            _defer_init(name)
    if "jsonschema" not in sys.modules:
        # None in sys.modules makes ``import rfc3987_syntax`` raise ImportError, which
        # jsonschema expects for an optional checker: the ``iri`` format is then not checked.
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

