"""The course's modules, one home each: ``course_kit/modules/moduleNN/``.

A module's home holds its manifest (``manifest.toml``), its analyses, widget models and views,
and its self-check questions (``selfcheck.py``). See ``docs/adding-a-module.md``.
"""

# Shows each self-check question as a widget (the exercises know nothing of widgets).
from course_kit.widgets import question as _question_view  # noqa: F401
