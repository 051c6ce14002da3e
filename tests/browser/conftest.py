"""Fixtures for the real-browser tests: Debian's Chromium driving a private JupyterLab.

Session-scoped (so one of each per pytest-xdist worker):

* ``chromium_path`` – makes sure ``/usr/bin/chromium`` exists (installs it with apt-get
  when running as root, skips otherwise).
* ``jupyter_server`` – a JupyterLab on 127.0.0.1 with a free port, a random token, the
  repository as its root and every user-level Jupyter directory in a temporary folder.
* ``browser`` – one headless Chromium for the whole session.
* ``browser_context`` – one context (cookies, HTTP cache) for the session.

Function-scoped:

* ``page`` – a new page (tab) per test.
* ``lab`` – a :class:`~tests.browser.lab.Lab` helper bound to that page; the kernel
  sessions it started are deleted again afterwards.
"""

from __future__ import annotations

import fcntl
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from .axe import install_axe
from .lab import Lab

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS_DIR = REPO_ROOT / "test-artifacts"
#: Set to 1 to retake the README's screenshots in docs/images/ (committed files). Without it
#: they go to test-artifacts/screenshots/readme/, so a test run leaves a clean clone clean.
README_IMAGES_ENV = "COURSE_KIT_README_IMAGES"


def readme_images_dir(environ: dict[str, str] | None = None) -> Path:
    """Where the browser tests save the README's screenshots (see :data:`README_IMAGES_ENV`)."""
    value = (os.environ if environ is None else environ).get(README_IMAGES_ENV, "")
    if value.strip() not in ("", "0"):
        return REPO_ROOT / "docs" / "images"
    return ARTIFACTS_DIR / "screenshots" / "readme"


README_IMAGES = readme_images_dir()
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERVER_START_TIMEOUT = 90.0

# jupyter_server_config.json in the private JUPYTER_CONFIG_DIR: no calls to the internet.
SERVER_CONFIG: dict[str, dict[str, object]] = {
    "LabApp": {
        "news_url": None,
        "check_for_updates_class": "jupyterlab.handlers.announcements.NeverCheckForUpdate",
    },
}

# User settings written into the private JUPYTERLAB_SETTINGS_DIR.
LAB_SETTINGS: dict[str, dict[str, object]] = {
    # No "would you like to receive news?" toast over the notebook.
    "@jupyterlab/apputils-extension/notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    # Never write the tests' outputs back into the repository's notebooks.
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    # Keep every cell in the DOM so the output checks see all of them.
    # (and no blank screen-height below the last cell in the screenshots).
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none", "scrollPastEnd": False},
    # No calls to PyPI from the extension manager.
    "@jupyterlab/extensionmanager-extension/plugin": {"enabled": False},
}


@dataclass(frozen=True)
class JupyterServer:
    """A running JupyterLab started by the ``jupyter_server`` fixture."""

    url: str
    """Base URL without a trailing slash, e.g. ``http://127.0.0.1:8899``."""
    token: str
    root_dir: Path
    work_dir: Path
    """The ``COURSE_KIT_WORK_DIR`` the kernels see (participant work is saved here)."""
    log_path: Path
    process: subprocess.Popen[bytes]

    def log_tail(self, lines: int = 40) -> str:
        """Return the last ``lines`` lines of the server log (for failure messages)."""
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "<no server log>"
        return "\n".join(text.splitlines()[-lines:])


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _apt_get(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    try:
        return subprocess.run(
            ["apt-get", *args], env=env, capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        pytest.fail(f"{CHROMIUM} is missing and there is no apt-get to install it", pytrace=False)


def _ensure_chromium() -> Path:
    """Return the path of Debian's Chromium, installing it first if we may.

    Playwright's own browser download does not work here, so Debian's package is used.
    xdist workers take a file lock so that only one of them runs apt-get.
    """
    if CHROMIUM.exists():
        return CHROMIUM
    if os.geteuid() != 0:
        pytest.skip(
            f"{CHROMIUM} is missing and we are not root, so it cannot be installed; "
            "run `sudo apt-get install -y chromium` to enable the browser tests"
        )
    lock_path = Path(tempfile.gettempdir()) / "course-kit-chromium-install.lock"
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        if CHROMIUM.exists():  # another worker installed it meanwhile
            return CHROMIUM
        result = _apt_get("install", "-y", "chromium")
        update = None
        if result.returncode != 0:
            # Usually the package lists are missing (fresh container): update, retry.
            update = _apt_get("update")
            result = _apt_get("install", "-y", "chromium")
    if result.returncode != 0 or not CHROMIUM.exists():
        said = f"apt-get install said:\n{result.stdout[-2000:]}{result.stderr[-2000:]}"
        if update is not None:
            said = f"apt-get update said:\n{update.stdout[-2000:]}{update.stderr[-2000:]}\n{said}"
        pytest.fail(
            f"could not install chromium with apt-get (exit {result.returncode}); "
            f"{CHROMIUM} is still missing.\n{said}",
            pytrace=False,
        )
    return CHROMIUM


def _write_lab_settings(settings_dir: Path) -> None:
    for name, values in LAB_SETTINGS.items():
        path = settings_dir / f"{name}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values, indent=2))


def _server_ready(url: str, token: str) -> bool:
    request = urllib.request.Request(
        f"{url}/api/status", headers={"Authorization": f"token {token}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _stop(process: subprocess.Popen[bytes], timeout: float = 10.0) -> None:
    if process.poll() is not None:
        return
    process.terminate()  # SIGTERM: jupyter_server shuts its kernels down cleanly
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=timeout)


def _start_server(base: Path) -> JupyterServer:
    dirs = {
        name: base / name
        for name in ("config", "data", "runtime", "settings", "workspaces", "ipython", "work")
    }
    for path in dirs.values():
        path.mkdir(parents=True, exist_ok=True)
    _write_lab_settings(dirs["settings"])
    (dirs["config"] / "jupyter_server_config.json").write_text(json.dumps(SERVER_CONFIG, indent=2))

    token = secrets.token_hex(24)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(dirs["config"]),
        # Kernelspecs and labextensions stay reachable: they live in
        # sys.prefix/share/jupyter, which is on the default JUPYTER_PATH.
        "JUPYTER_DATA_DIR": str(dirs["data"]),
        "JUPYTER_RUNTIME_DIR": str(dirs["runtime"]),
        "JUPYTERLAB_SETTINGS_DIR": str(dirs["settings"]),
        "JUPYTERLAB_WORKSPACES_DIR": str(dirs["workspaces"]),
        "IPYTHONDIR": str(dirs["ipython"]),
        "COURSE_KIT_WORK_DIR": str(dirs["work"]),
        "PYTHONUNBUFFERED": "1",
    }
    cmd = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--no-browser",
        "--allow-root",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={REPO_ROOT}",
        f"--IdentityProvider.token={token}",
        "--ServerApp.terminals_enabled=False",
        # Gives the tests `window.jupyterapp` (the command registry, the shell).
        "--LabApp.expose_app_in_browser=True",
    ]
    log_path = base / "jupyter-server.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            cmd,
            cwd=REPO_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    server = JupyterServer(url, token, REPO_ROOT, dirs["work"], log_path, process)

    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"JupyterLab exited with code {process.returncode}:\n{server.log_tail()}"
            )
        if _server_ready(url, token):
            return server
        time.sleep(0.2)
    _stop(process)
    raise RuntimeError(
        f"JupyterLab did not answer /api/status within {SERVER_START_TIMEOUT:.0f}s:\n"
        f"{server.log_tail()}"
    )


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    """Path of Debian's Chromium (installed on demand when root, else the test skips)."""
    return _ensure_chromium()


@pytest.fixture(scope="session")
def jupyter_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[JupyterServer]:
    """A private JupyterLab serving the repository root (one per xdist worker)."""
    base = tmp_path_factory.mktemp("jupyterlab")
    try:
        server = _start_server(base)
    except RuntimeError as first_error:
        # The free port can be taken between choosing and binding it; try once more.
        if "Address already in use" not in str(first_error):
            raise
        shutil.rmtree(base / "runtime", ignore_errors=True)
        server = _start_server(base)
    try:
        yield server
    finally:
        _stop(server.process)


@pytest.fixture(scope="session")
def browser(chromium_path: Path) -> Iterator[Browser]:
    """One headless Chromium for the whole session (per xdist worker)."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(chromium_path), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def browser_context(browser: Browser) -> Iterator[BrowserContext]:
    """One context for the session, so Lab's static assets come from the HTTP cache."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def page(browser_context: BrowserContext) -> Iterator[Page]:
    """A new page (tab) for each test."""
    new_page = browser_context.new_page()
    try:
        yield new_page
    finally:
        new_page.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """On a failed browser test, add a screenshot, console errors and the server log."""
    report: pytest.TestReport = yield
    funcargs = getattr(item, "funcargs", {})
    helper, server = funcargs.get("lab"), funcargs.get("jupyter_server")
    if report.when == "call" and report.failed and isinstance(helper, Lab):
        name = "".join(c if c.isalnum() or c in "-_." else "_" for c in item.name)
        try:
            shot = helper.screenshot(
                None, ARTIFACTS_DIR / "screenshots" / "failures" / f"{name}.png"
            )
            report.sections.append(("browser screenshot", str(shot)))
        except Exception as exc:  # the page may be gone; the report matters more
            report.sections.append(("browser screenshot", f"not taken: {exc}"))
        console = "\n".join(helper.console_errors[-30:]) or "<none>"
        report.sections.append(("browser console errors", console))
        if isinstance(server, JupyterServer):
            report.sections.append(("jupyter server log (tail)", server.log_tail()))
    return report


@pytest.fixture
def lab(page: Page, jupyter_server: JupyterServer) -> Iterator[Lab]:
    """A :class:`Lab` helper on a fresh page; its kernel sessions are deleted afterwards.

    When the test fails, a screenshot goes to ``test-artifacts/screenshots/failures/``
    and the browser console errors and the server log tail are added to the report.
    """
    helper = Lab(page, jupyter_server.url, jupyter_server.token)
    try:
        yield helper
    finally:
        try:
            helper.close_all()
        finally:
            helper.delete_sessions()


@pytest.fixture(scope="session")
def axe_script() -> Path:
    """axe-core's script, installed once with npm under ``test-artifacts/npm``."""
    return install_axe(ARTIFACTS_DIR / "npm")


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    """``test-artifacts/screenshots`` in the repository (git-ignored)."""
    path = ARTIFACTS_DIR / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path
