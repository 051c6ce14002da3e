"""{{label}}: the figures the notebook shows, computed from the case-study data."""

from __future__ import annotations

from course_kit.data import load_branches

__all__ = ["library_count"]


def library_count() -> float:
    """How many libraries (central and branches) the case-study town has."""
    return float(len(load_branches()))
