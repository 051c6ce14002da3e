"""Settings for the whole test run, notebooks (nbval) included.

Participant work written while the notebooks execute goes to a temporary folder, never
into the checkout's my_work/.
"""

from __future__ import annotations

import os
import tempfile

collect_ignore_glob = ["tests/browser/fixtures/*", "tests/fixtures/*", "exercises/*", ".venv/*"]


def pytest_configure(config: object) -> None:
    if "COURSE_KIT_WORK_DIR" not in os.environ:
        os.environ["COURSE_KIT_WORK_DIR"] = tempfile.mkdtemp(prefix="course-kit-work-")
