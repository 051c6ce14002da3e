"""The trainer's pipeline: collect, grade (sandboxed, in parallel), feedback, report,
certificates, and the trainer's own JupyterLab with nbgrader's formgrader.

nbgrader does the grading underneath (its gradebook, its autograder); each module here
does one job and is driven by the ``course-kit`` command (see README, "For trainers").
"""

from __future__ import annotations

__all__ = ["certificates", "collect", "config", "exchange", "feedback", "formgrader", "grade",
           "report", "roster", "sandbox", "startup"]
