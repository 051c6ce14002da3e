"""course_kit.trainer.formgrader: the trainer's JupyterLab shows nbgrader's tools, for that
session only; a participant's JupyterLab with the same settings does not."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from course_kit.trainer.formgrader import TRAINER_EXTENSIONS
from tests.trainer_cohort import make_course

pytestmark = pytest.mark.slow
TOKEN = "course-kit-test-token"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _page_config(command: list[str], env: dict[str, str], port: int) -> tuple[dict, int]:
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/lab?token={TOKEN}",
                                            timeout=5) as resp:
                    page = resp.read().decode()
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.5)
        data = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)'
                         r"</script>", page, re.S)
        assert data, "no jupyter-config-data in the /lab page"
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/formgrader?token={TOKEN}",
                                        timeout=30) as resp:
                status = resp.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        return json.loads(data.group(1)), status
    finally:
        os.killpg(proc.pid, 15)
        proc.wait(20)


def test_trainer_tools_only_in_the_trainer_session(tmp_path: Path) -> None:
    course = make_course(tmp_path / "course", modules=("module01",))
    # The participants' setting (as `make lab` / postBuild write it, here per user).
    user = tmp_path / "user-config"
    (user / "labconfig").mkdir(parents=True)
    (user / "labconfig" / "page_config.json").write_text(json.dumps(
        {"disabledExtensions": dict.fromkeys(TRAINER_EXTENSIONS, True)}))
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(user), "JUPYTER_TOKEN": TOKEN,
           "HOME": str(tmp_path)}
    bin_dir = Path(sys.executable).parent

    port = _free_port()
    trainer, status = _page_config(
        [str(bin_dir / "course-kit"), "formgrader", "--course", str(course), "--no-browser",
         "--port", str(port)], env, port)
    assert not set(TRAINER_EXTENSIONS) & set(trainer.get("disabledExtensions", []))
    assert status == 200

    port = _free_port()
    participant, _ = _page_config(
        [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}",
         *(["--allow-root"] if os.geteuid() == 0 else []), f"--ServerApp.root_dir={course}"],
        env, port)
    assert set(TRAINER_EXTENSIONS) <= set(participant.get("disabledExtensions", []))
