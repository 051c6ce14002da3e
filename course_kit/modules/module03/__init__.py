"""Module 3, "Building Rapport and Trust": welcome, names, interest, credibility, privacy,
follow-ups and long-term relationships.

* :mod:`.analysis` – the Millbrook examples: welcome audit, survey gaps, questions resolved,
  follow-ups by mode, lapsed cards by segment;
* :mod:`.privacy` – k-anonymity, generalisation and salted pseudonyms (the privacy lab's
  model), :mod:`.privacy_lab` its view;
* :mod:`.followups` – the follow-up tracker's shared record (also used by Module 4 and the
  action-plan workbook), :mod:`.tracker` the tracker widget;
* :mod:`.welcome` – the welcome audit of a branch entrance (``welcome_checklist.toml``);
* :mod:`.scenarios` – desk scenarios with explained consequences (``scenarios.toml``);
* :mod:`.winback` – one win-back idea per segment of lapsed patrons;
* :mod:`.portfolio` – escaping for the Markdown and HTML exports;
* :mod:`.selfcheck` – the notebook's self-check questions (``quiz``).
"""

__all__ = [
    "analysis",
    "followups",
    "portfolio",
    "privacy",
    "privacy_lab",
    "scenarios",
    "selfcheck",
    "tracker",
    "welcome",
    "winback",
]
