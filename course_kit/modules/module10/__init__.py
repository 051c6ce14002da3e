"""Module 10, "Measuring User Relationship Success".

* :mod:`.analysis` – usage per resident against IMLS figures, trends and seasons, NPS by
  week (Module 8's formula), satisfaction in two surveys, Riverside's evening hours;
* :mod:`.roi` – the library value calculator: uses × value per use (``values.toml``, the
  Maine State Library's values), benefit-cost ratio and net ROI %, sensitivity, published
  studies (``studies.toml``);
* :mod:`.pdf` – the calculator's one-page summary as a PDF;
* :mod:`.dashboard` – the KPI dashboard model;
* :mod:`.report` – the stakeholder report and the plan–do–study–act cycle;
* :mod:`.views` – the thin widget views;
* :mod:`.selfcheck` – the notebook's self-check questions (``quiz``).
"""

__all__ = ["analysis", "dashboard", "pdf", "report", "roi", "selfcheck", "views"]
