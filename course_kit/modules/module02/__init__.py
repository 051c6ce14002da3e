"""Module 2, "Effective Communication Skills": plain language, questions and replies.

* :mod:`.checker` – the plain-language checker (``check_text``), shared with Modules 7 and 8;
* :mod:`.selfcheck` – the notebook's self-check questions (``quiz``).
"""

__all__: list[str] = []
