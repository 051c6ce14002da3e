"""A hostile submission opened in the trainer's formgrader runs no script.

nbgrader's formgrader renders the autograded notebook as HTML in the trainer's own,
authenticated Jupyter session. The graded cohort's ``yan-script`` sent HTML with
``<script>`` and ``onerror``, JavaScript, SVG with a script, and a reflection with
``<script>`` and a ``javascript:`` link: none of it may run there.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.test_trainer_formgrader import TOKEN, start_server, stop_server
from tests.trainer_cohort import SCRIPTED, copy_cohort

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.cohort]


def test_formgrader_shows_a_hostile_submission_without_running_it(
        browser: Browser, tmp_path: Path) -> None:
    from nbgrader.api import Gradebook

    course = copy_cohort(tmp_path)
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        notebook_id = gb.find_submission_notebook(
            "module01-assessment", "module01", SCRIPTED).id
    config = tmp_path / "jupyter-config"
    config.mkdir()
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(config), "JUPYTER_TOKEN": TOKEN,
           "HOME": str(tmp_path)}
    command = [str(Path(sys.executable).parent / "course-kit"), "formgrader", "--course",
               str(course), "--no-browser", "--port", "0"]
    proc, url = start_server(command, env, tmp_path / "runtime")
    context = browser.new_context()
    try:
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(f"{url}/formgrader/submissions/{notebook_id}/?token={TOKEN}")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(2000)
        text = page.content()
        assert "removed before grading" in text  # the submission is what is shown
        assert "window.top.PWNED = 2" in page.inner_text("body")  # the reflection, as text
        state = page.evaluate("() => [window.PWNED, window.LEAK, document.title]")
        assert state[0] is None and state[1] is None and state[2] != "PWNED", state
        assert not dialogs
        assert not any("/api/contents" in r for r in requests)
    finally:
        context.close()
        stop_server(proc)
