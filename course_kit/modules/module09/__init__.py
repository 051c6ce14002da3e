"""Module 9, "Creating a Welcoming and Inclusive Library Environment".

* :mod:`.analysis` – who feels welcome, incidents, accessibility comments, observances;
* :mod:`.audit` – the accessibility audit (2010 ADA Standards, ADAAG §8, WCAG 2.2 AA)
  with ``checklist.toml``;
* :mod:`.contrast` – the WCAG contrast ratio and the calculator model;
* :mod:`.languages` – home languages against programs, gaps and partners
  (``partners.toml``);
* :mod:`.scenarios` – scenario choices (``scenarios.toml``) and the calendar of
  observances (``observances.toml``);
* :mod:`.views` – the thin widget views;
* :mod:`.selfcheck` – the notebook's self-check questions (``quiz``).
"""

__all__ = ["analysis", "audit", "contrast", "languages", "scenarios", "selfcheck", "views"]
