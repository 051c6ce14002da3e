"""{{label}}.

* :mod:`.analysis` – the module's figures from the case-study data;
* :mod:`.selfcheck` – the notebook's self-check questions (``quiz``).
"""

__all__ = ["analysis", "selfcheck"]
