"""The course's modules, one home each: ``course_kit/modules/moduleNN/``.

A module's home holds its manifest (``manifest.toml``), its analyses, widget models and views,
and its self-check questions (``selfcheck.py``). See ``docs/adding-a-module.md``.
"""
