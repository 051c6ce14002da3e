"""Module 1, "Understanding Library Users": who uses the library, segments and personas.

* :mod:`.analysis` – demographics, needs, motivations, barriers and learning preferences;
* :mod:`.segments` – k-means segments of cardholders by kind of use;
* :mod:`.personas` – the persona model, saved and exported;
* :mod:`.persona_builder`, :mod:`.segment_explorer` – the thin widget views;
* :mod:`.selfcheck` – the notebook's self-check questions (``quiz``).
"""
