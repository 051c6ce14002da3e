"""course_kit.trainer.formgrader: the trainer's JupyterLab shows nbgrader's tools, for that
session only; a participant's JupyterLab with the same settings does not."""

from __future__ import annotations

import contextlib
import json
import os
import re
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


def start_server(command: list[str], env: dict[str, str],
                 runtime: Path) -> tuple[subprocess.Popen[bytes], str]:
    """Start a Jupyter server that chose its own port (``--port 0``); return it and its URL.

    The port is read from the server's runtime file, never guessed beforehand: a port
    picked by the test and released could be taken by another process meanwhile.
    """
    runtime.mkdir(parents=True, exist_ok=True)
    env = {**env, "JUPYTER_RUNTIME_DIR": str(runtime)}
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while True:
        info = runtime / f"jpserver-{proc.pid}.json"
        if info.exists():
            with contextlib.suppress(ValueError):
                port = json.loads(info.read_text())["port"]
                url = f"http://127.0.0.1:{port}"
                with contextlib.suppress(OSError), urllib.request.urlopen(
                        f"{url}/api/status?token={TOKEN}", timeout=5):
                    return proc, url
        if time.monotonic() > deadline or proc.poll() is not None:
            stop_server(proc)
            raise RuntimeError(f"the Jupyter server did not start: {command}")
        time.sleep(0.5)


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, 15)
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)
        proc.wait(20)


def _page_config(command: list[str], env: dict[str, str], runtime: Path) -> tuple[dict, int]:
    proc, url = start_server(command, env, runtime)
    try:
        with urllib.request.urlopen(f"{url}/lab?token={TOKEN}", timeout=30) as resp:
            page = resp.read().decode()
        data = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)'
                         r"</script>", page, re.S)
        assert data, "no jupyter-config-data in the /lab page"
        try:
            with urllib.request.urlopen(f"{url}/formgrader?token={TOKEN}",
                                        timeout=30) as resp:
                status = resp.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        return json.loads(data.group(1)), status
    finally:
        stop_server(proc)


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

    trainer, status = _page_config(
        [str(bin_dir / "course-kit"), "formgrader", "--course", str(course), "--no-browser",
         "--port", "0"], env, tmp_path / "runtime-trainer")
    assert not set(TRAINER_EXTENSIONS) & set(trainer.get("disabledExtensions", []))
    assert status == 200

    participant, _ = _page_config(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--port=0",
         *(["--allow-root"] if os.geteuid() == 0 else []), f"--ServerApp.root_dir={course}"],
        env, tmp_path / "runtime-participant")
    assert set(TRAINER_EXTENSIONS) <= set(participant.get("disabledExtensions", []))


def test_the_server_may_choose_its_own_port(tmp_path: Path) -> None:
    from course_kit.trainer.formgrader import trainer_command

    command = trainer_command(tmp_path, port=0, open_browser=False)
    assert "--ServerApp.port=0" in command
    assert not any("port" in part for part in trainer_command(tmp_path, open_browser=False))
