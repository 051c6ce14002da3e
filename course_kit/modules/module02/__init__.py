"""Module 2, "Effective Communication Skills": plain language, questions and replies.

* :mod:`.checker` – the plain-language checker (``check_text`` → ``PlainLanguageReport``),
  shared with Modules 7 and 8; word lists in ``jargon.toml`` (after Kupersmith, 2011) and
  ``language.toml``;
* :mod:`.rewrite` – the rewrite challenge on Millbrook's old replies and notices
  (``notices.toml``), saved and exported;
* :mod:`.practice` – question and reply practice over ``questions.toml`` and ``replies.toml``;
* :mod:`.instructions` – step-by-step instructions, checked;
* :mod:`.analysis` – the Millbrook examples (comments, staff replies, questions at the desk);
* :mod:`.checker_view`, :mod:`.practice_view` – the thin widget views;
* :mod:`.selfcheck` – the notebook's self-check questions (``quiz``).
"""

__all__: list[str] = []
