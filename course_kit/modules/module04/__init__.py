"""Module 4, "Addressing User Inquiries and Concerns": the reference desk, in data and practice.

* :mod:`.reference_log` – the question log: modes, types, READ levels, busy hours, what is
  left unresolved;
* :mod:`.log_explorer` – the reference-log explorer (model and view);
* :mod:`.sources` – evaluating a source with SIFT on three examples;
* :mod:`.trees`, :mod:`.referral_helper` – trainer-editable decision trees for referrals and
  troubleshooting, and the helper that walks them;
* :mod:`.interview` – the reference interview after RUSA's 2023 guidelines (step-through);
* :mod:`.interaction_log` – the participant's interaction log, feeding Module 3's follow-ups;
* :mod:`.selfcheck` – the notebook's self-check questions (``quiz``).
"""

__all__ = [
    "interaction_log",
    "interview",
    "log_explorer",
    "reference_log",
    "referral_helper",
    "selfcheck",
    "sources",
    "trees",
]
