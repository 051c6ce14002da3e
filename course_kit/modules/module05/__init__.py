"""Module 5, "Conflict Resolution and Problem-Solving": role-plays and the incident log.

* :mod:`.scenarios` – branching role-play scenarios, read from the TOML files in
  ``scenarios/`` (trainers add a file), checked, and printed as role-play cards;
* :mod:`.roleplay` – the role-play model: play, debrief, save and export paths;
* :mod:`.player` – the thin role-play player widget;
* :mod:`.incidents` – when, where and what kind of incidents, and which responses ended well;
* :mod:`.selfcheck` – the notebook's self-check questions (``quiz``).
"""

__all__ = ["incidents", "player", "roleplay", "scenarios", "selfcheck"]
