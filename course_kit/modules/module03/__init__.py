"""Module 3, "Building Rapport and Trust": welcome, names, interest, credibility, privacy,
follow-ups and long-term relationships.

* :mod:`.followups` – the follow-up tracker's shared record (also used by Module 4 and the
  action-plan workbook);
* :mod:`.portfolio` – escaping for the Markdown and HTML exports.
"""

__all__ = ["followups", "portfolio"]
