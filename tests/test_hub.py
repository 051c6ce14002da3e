"""A cohort on a real JupyterHub, end to end, with deploy/jupyterhub's configuration.

The set-up creates local system users (three participants and a trainer), installs
``configurable-http-proxy`` from npm once (cached in the environment, see :func:`_chp`),
and starts JupyterHub on loopback with a shared-password authenticator and a PostgreSQL
gradebook. Then: the trainer releases Module 1 to the exchange (``course-kit release``);
each participant fetches it, answers it and hands it in through nbgrader's API in their
own single-user server (one right, one blank, one hostile who also forges a hand-in in
another participant's name); ``course-kit collect`` takes the exchange's hand-ins;
``grade`` grades them in the sandbox; ``course-kit feedback`` returns the pages through
the exchange and a participant fetches hers. The trainer's own server has the formgrader
and sees the gradebook; the participants' servers do not.

Skipped, with the reason, only where a hub cannot start: not root (the hub must switch to
each user), no ``useradd``/``runuser``, no jupyterhub, no npm and no way to install it.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner

from tests.test_trainer_postgres import postgres_url  # noqa: F401 (a fixture, used below)
from tests.trainer_cohort import HOSTILE, NB1, REFLECTION, RIGHT, fill, make_course

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy" / "jupyterhub"
CHP_SPEC = "configurable-http-proxy@^5"
#: Where npm installs the proxy, once: inside the Python environment (never committed).
CHP_DIR = Path(sys.prefix) / "course-kit-chp"
CHP = CHP_DIR / "node_modules" / ".bin" / "configurable-http-proxy"
COURSE_ID = "library-user-relationships"
HOSTILE_CODE = HOSTILE["lea-redefine"][0]  # redefines the checker; the answer is wrong
SCORES = {"ana": 8, "ben": 0, "hal": 7}  # right, blank, hostile (automatic points)

# Inside a private mount namespace, before the hub starts: folders closed to other users
# (a checkout made by `mktemp -d`) get an empty, open stand-in with only what the users'
# servers need mounted back (as the grading sandbox does).
_OPEN_UP = """
import json, os, subprocess, sys, tempfile
children = {}
for ancestor, child in json.loads(sys.argv[1]):
    children.setdefault(ancestor, []).append(child)
for ancestor, names in children.items():
    keep = tempfile.mkdtemp(prefix="course-kit-hub-keep-")
    subprocess.run(["mount", "--bind", ancestor, keep], check=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "mode=0755", "tmpfs", ancestor], check=True)
    for child in names:
        os.mkdir(os.path.join(ancestor, child))
        subprocess.run(["mount", "--bind", os.path.join(keep, child),
                        os.path.join(ancestor, child)], check=True)
os.execv(sys.argv[2], sys.argv[2:])
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _chp() -> Path:
    """configurable-http-proxy from npm, installed once under a lock (xdist workers)."""
    if CHP.exists():
        return CHP
    if shutil.which("npm") is None and os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "install", "-y", "-q", "npm"], capture_output=True,
                       env=env, check=False, timeout=900)
    if shutil.which("npm") is None:
        pytest.skip("npm is missing and could not be installed: no configurable-http-proxy")
    CHP_DIR.mkdir(parents=True, exist_ok=True)
    with open(CHP_DIR / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not CHP.exists():
            done = subprocess.run(["npm", "install", "--prefix", str(CHP_DIR), "--no-audit",
                                   "--no-fund", "--loglevel=error", CHP_SPEC],
                                  capture_output=True, text=True, check=False, timeout=600)
            if done.returncode != 0 or not CHP.exists():
                pytest.fail(f"npm could not install {CHP_SPEC}:\n{done.stderr[-2000:]}")
    return CHP


#: Compiles what the users' servers import, once per environment (see _compile_for_users).
_COMPILE = """
import compileall, sys, sysconfig
from pathlib import Path
import jupyterhub.singleuser, jupyter_server.serverapp, jupyterlab, notebook
import nbgrader.server_extensions.assignment_list, nbgrader.server_extensions.formgrader
import nbgrader.server_extensions.course_list, nbgrader.server_extensions.validate_assignment
import ipykernel.kernelapp, course_kit.assessment  # the grading sandbox's kernels, too
site = Path(sysconfig.get_paths()["purelib"])
tops = set()
for module in list(sys.modules.values()):
    path = Path(getattr(module, "__file__", None) or "/")
    if site in path.parents:
        tops.add(site / path.relative_to(site).parts[0])
for top in sorted(tops):
    if top.is_dir():
        compileall.compile_dir(top, quiet=2, workers=0)
    elif top.suffix == ".py":
        compileall.compile_file(top, quiet=2)
"""


def _compile_for_users() -> None:
    """Byte-compile, as root, the modules a user's server imports (once per environment).

    The users (and the grading sandbox's kernel users) cannot write ``__pycache__`` in
    root's environment, and the kit's ``make`` installs without compiling (faster for a
    participant): without this step each of the four servers would compile some 1,800
    modules again at every start. ``pip install`` compiles them in a normal deployment.
    """
    stamp = Path(sys.prefix) / ".course-kit-hub-compiled"
    if stamp.exists():
        return
    with open(Path(sys.prefix) / ".course-kit-hub-compile.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not stamp.exists():
            subprocess.run([sys.executable, "-c", _COMPILE], check=True, capture_output=True,
                           cwd=tempfile.gettempdir(), timeout=600)
            stamp.touch()


@dataclass
class Hub:
    """A running hub: its address, the admin token and each user's own token."""

    url: str
    base: Path
    exchange: Path
    course: Path
    users: dict[str, str]
    """participant name -> system user name."""
    trainer: str
    proc: subprocess.Popen[bytes]
    admin: str
    tokens: dict[str, str] = field(default_factory=dict)
    started: float = 0.0

    def log(self) -> str:
        return (self.base / "hub.log").read_text(errors="replace")[-4000:]

    def api(self, method: str, path: str, token: str | None = None, **kw: object) -> object:
        import requests

        return requests.request(method, f"{self.url}{path}", timeout=60, headers={
            "Authorization": f"token {token or self.admin}"}, **kw)


def _preflight() -> None:
    if os.geteuid() != 0:
        pytest.skip("not root: JupyterHub's local spawner must start servers as other users")
    for tool in ("useradd", "userdel", "runuser", "unshare", "mount"):
        if shutil.which(tool) is None:
            pytest.skip(f"no {tool} on this machine: the test cannot create the hub's users")
    try:
        import jupyterhub  # noqa: F401
    except ImportError:
        pytest.skip("jupyterhub is not installed (pip install -e '.[test]')")


def _hub_config(base: Path, port: int, admin: str, users: list[str]) -> Path:
    deploy = base / "deploy"
    shutil.copytree(DEPLOY, deploy)  # readable by the users even in a closed checkout
    config = base / "jupyterhub_config.py"
    config.write_text(f"""
load_subconfig({str(deploy / "jupyterhub_config.py")!r})
c = get_config()
c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {_free_port()}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{_free_port()}"
c.ConfigurableHTTPProxy.command = [{str(_chp())!r}]
c.ConfigurableHTTPProxy.pid_file = {str(base / "proxy.pid")!r}
c.JupyterHub.db_url = "sqlite:///{base / "hub.sqlite"}"
c.JupyterHub.cookie_secret_file = {str(base / "cookie_secret")!r}
c.JupyterHub.pid_file = {str(base / "hub.pid")!r}
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = {secrets.token_hex(8)!r}
c.Authenticator.allowed_users = {set(users)!r}
c.JupyterHub.services = [{{"name": "course-kit-test", "api_token": {admin!r}}}]
c.JupyterHub.load_roles = [{{"name": "course-kit-test", "services": ["course-kit-test"],
    "scopes": ["admin:users", "admin:servers", "tokens", "access:servers"]}}]
c.JupyterHub.slow_spawn_timeout = 0  # "starting" at once: the four servers start together
c.Spawner.start_timeout = 60
c.Spawner.http_timeout = 60
""")
    return config


def _hub_command(config: Path) -> list[str]:
    from course_kit.trainer.sandbox import closed_ancestors, needed_paths

    command = [str(Path(sys.executable).with_name("jupyterhub")), "-f", str(config)]
    pairs = closed_ancestors([*needed_paths(), ROOT / "notebooks"])  # the hub copies these
    if not pairs:
        return command
    return ["unshare", "--mount", "--propagation", "private", "--", sys.executable, "-c",
            _OPEN_UP, json.dumps(pairs), *command]


def _remove_users(names: list[str]) -> None:
    for name in names:
        subprocess.run(["userdel", "-r", "-f", name], capture_output=True, check=False)


def _stop(proc: subprocess.Popen[bytes], base: Path, users: list[str]) -> None:
    """Stop the users' servers (by their user ids), the hub and its proxy, at once."""
    from course_kit.trainer.sandbox import kill_user_processes

    for name in users:
        with contextlib.suppress(KeyError):
            entry = pwd.getpwnam(name)
            kill_user_processes(entry.pw_uid, entry.pw_gid)
    with contextlib.suppress(ProcessLookupError):  # its database is thrown away: no need
        os.killpg(proc.pid, signal.SIGKILL)        # to let it shut down cleanly
    proc.wait(10)
    with contextlib.suppress(OSError, ValueError, ProcessLookupError):
        os.kill(int((base / "proxy.pid").read_text()), signal.SIGKILL)


@pytest.fixture
def hub(postgres_url: str) -> Iterator[Hub]:  # noqa: F811 (the imported fixture)
    _preflight()
    started = time.monotonic()
    _compile_for_users()
    tag = secrets.token_hex(2)
    users = {who: f"ck{tag}-{who}" for who in (*SCORES, "trainer")}
    base = Path(tempfile.mkdtemp(prefix="course-kit-hub-"))
    os.chmod(base, 0o755)
    proc = None
    try:
        for name in users.values():
            made = subprocess.run(["useradd", "-m", "-d", str(base / "home" / name), "-s",
                                   "/bin/sh", name], capture_output=True, text=True,
                                  check=False)
            if made.returncode != 0:
                pytest.skip(f"could not create the user {name}: {made.stderr.strip()}")
        (base / "home").chmod(0o755)
        exchange = base / "exchange"
        exchange.mkdir()
        exchange.chmod(0o1777)  # as docs/jupyterhub.md says: open to all, sticky
        course = base / "home" / users["trainer"] / "course"  # the deploy's default, ~/course
        port = _free_port()
        admin = secrets.token_hex(16)
        config = _hub_config(base, port, admin, list(users.values()))
        env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
               "COURSE_KIT_EXCHANGE": str(exchange), "COURSE_KIT_TRAINERS": users["trainer"],
               "COURSE_KIT_HOME": str(ROOT)}
        with open(base / "hub.log", "wb") as log:
            proc = subprocess.Popen(_hub_command(config), cwd=base, env=env, stdout=log,
                                    stderr=subprocess.STDOUT, start_new_session=True)
        hub = Hub(f"http://127.0.0.1:{port}", base, exchange, course,
                  {k: v for k, v in users.items() if k != "trainer"}, users["trainer"], proc,
                  admin, started=started)
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(OSError):
                if hub.api("GET", "/hub/api/").status_code == 200:
                    break
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"JupyterHub did not start:\n{hub.log()}")
            time.sleep(0.2)
        yield hub
    finally:
        if proc is not None:
            _stop(proc, base, list(users.values()))
        _remove_users(list(users.values()))
        shutil.rmtree(base, ignore_errors=True)


def _start_servers(hub: Hub, names: list[str]) -> None:
    """Ask the hub for every server at once (they start together), and a token for each."""
    from concurrent.futures import ThreadPoolExecutor

    def start(name: str) -> tuple[str, str]:
        made = hub.api("POST", f"/hub/api/users/{name}/server")
        assert made.status_code in (201, 202), (made.status_code, made.text, hub.log())
        token = hub.api("POST", f"/hub/api/users/{name}/tokens", json={"note": "test"})
        assert token.status_code == 201, token.text
        return name, token.json()["token"]

    with ThreadPoolExecutor(len(names)) as pool:
        hub.tokens.update(pool.map(start, names))


def _wait_ready(hub: Hub, names: list[str]) -> None:
    deadline = time.monotonic() + 60
    waiting = set(names)
    while waiting:
        for name in sorted(waiting):
            model = hub.api("GET", f"/hub/api/users/{name}").json()
            if model.get("servers", {}).get("", {}).get("ready"):
                waiting.discard(name)
        assert time.monotonic() < deadline, f"servers not ready: {waiting}\n{hub.log()}"
        time.sleep(0.3)


def _nbgrader(hub: Hub, user: str, action: str) -> list[dict]:
    done = hub.api("POST", f"/user/{user}/assignments/{action}", hub.tokens[user],
                   data={"assignment_id": "module01", "course_id": COURSE_ID})
    assert done.status_code == 200, (action, done.status_code, done.text[:500])
    body = done.json()
    assert body.get("success"), body
    return body["value"]


def _page_config(hub: Hub, user: str) -> dict:
    page = hub.api("GET", f"/user/{user}/lab", hub.tokens[user])
    assert page.status_code == 200, page.status_code
    found = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)'
                      r"</script>", page.text, re.S)
    assert found, page.text[:500]
    return json.loads(found.group(1))


def _run(*args: str) -> str:
    from course_kit.cli import main

    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_a_cohort_round_trip_on_jupyterhub(hub: Hub, postgres_url: str) -> None:  # noqa: F811
    from nbgrader.api import Gradebook

    from course_kit.trainer.config import db_url
    from course_kit.trainer.grade import grade_course

    users, trainer = hub.users, hub.trainer

    from concurrent.futures import ThreadPoolExecutor

    starting = ThreadPoolExecutor(1).submit(_start_servers, hub, [*users.values(), trainer])
    # The trainer's course (PostgreSQL gradebook), released to the exchange by the kit.
    course = make_course(hub.course, modules=("module01",), db_url=postgres_url,
                         release=False)  # `course-kit release` below does it
    toml = course / "course.toml"
    toml.write_text(toml.read_text().replace('due = "2025-01-15', 'due = "2099-01-15'))
    out = _run("release", "--course", str(course), "--exchange", str(hub.exchange), "module01")
    outbound = hub.exchange / COURSE_ID / "outbound" / "module01" / NB1
    assert f"published {outbound.parent}" in out and outbound.is_file()
    starting.result()  # the servers start while the course is made and released
    _wait_ready(hub, [*users.values(), trainer])
    ready = time.monotonic()

    # What each Lab offers: the Assignments list for participants; the formgrader only
    # for the trainer (page settings and server extensions alike).
    seen = _page_config(hub, users["ana"])["disabledExtensions"]
    assert "@jupyter/nbgrader:formgrader" in seen and "@jupyter/nbgrader:create-assignment" \
        in seen and "@jupyter/nbgrader:assignment-list" not in seen
    assert "@jupyter/nbgrader:formgrader" not in \
        _page_config(hub, trainer)["disabledExtensions"]
    assert hub.api("GET", f"/user/{users['ana']}/formgrader",
                   hub.tokens[users["ana"]]).status_code == 404
    # Each participant has the course's notebooks in their own home, as their own files.
    listed = hub.api("GET", f"/user/{users['ana']}/api/contents/notebooks",
                     hub.tokens[users["ana"]]).json()["content"]
    assert len(listed) == len(list((ROOT / "notebooks").glob("*.ipynb")))
    welcome = hub.base / "home" / users["ana"] / "notebooks" / "00-welcome.ipynb"
    assert welcome.stat().st_uid == pwd.getpwnam(users["ana"]).pw_uid
    # One participant's token opens nobody else's server.
    assert hub.api("GET", f"/user/{users['ana']}/api/contents",
                   hub.tokens[users["ben"]]).status_code == 403

    # Fetch, answer (through the server's own contents API) and hand in.
    release = course / "release" / "module01" / NB1
    answers = {"ana": fill(release, RIGHT, REFLECTION),
               "ben": None,
               "hal": fill(release, {**RIGHT, "answer_q2": '"a"'}, "Mine.",
                           {"answer_q2": HOSTILE_CODE})}
    for who, user in users.items():
        listed = _nbgrader(hub, user, "fetch")
        assert any(a["assignment_id"] == "module01" and a["status"] == "fetched"
                   for a in listed), listed
        path = f"/user/{user}/api/contents/module01/{NB1}"
        fetched = hub.api("GET", path, hub.tokens[user]).json()["content"]
        assert len(fetched["cells"]) == len(nbformat.read(release, as_version=4).cells)
        if answers[who] is not None:
            saved = hub.api("PUT", path, hub.tokens[user], json={
                "type": "notebook", "format": "json", "content": answers[who]})
            assert saved.status_code == 200, saved.text[:300]
        listed = _nbgrader(hub, user, "submit")
        assert any(a["status"] == "submitted" for a in listed), listed

    # The hostile participant cannot list the hand-ins, and forges one in ana's name (a
    # later time, so that it would win).
    inbound = hub.exchange / COURSE_ID / "inbound"
    peek = subprocess.run(["runuser", "-u", users["hal"], "--", "ls", str(inbound)],
                          capture_output=True, check=False)
    assert peek.returncode != 0
    forged = inbound / f"{users['ana']}+module01+2098-01-01 00:00:00.000000 UTC+forged"
    subprocess.run(["runuser", "-u", users["hal"], "--", "sh", "-c",
                    'mkdir "$1" && cp "$2" "$1/" && echo "2098-01-01 00:00:00.000000 UTC" '
                    '> "$1/timestamp.txt"', "sh", str(forged),
                    str(hub.base / "home" / users["ben"] / "module01" / NB1)],
                   check=True, capture_output=True)

    # The trainer: collect from the exchange, grade, return feedback.
    out = _run("collect", "--course", str(course), "--exchange", str(hub.exchange))
    assert f"{forged.name}: the folder says {users['ana']!r} but belongs to " \
           f"{users['hal']!r}" in out, out
    assert "3 placed" in out, out
    from nbgrader.utils import parse_utc

    handed_in = {path.name.split("+")[0]: parse_utc((path / "timestamp.txt").read_text())
                 for path in inbound.iterdir() if path != forged}
    summary = grade_course(course, jobs=3, progress=False)
    assert summary.exit_code == 0, summary.table()
    expected = {users[who]: points for who, points in SCORES.items()}
    assert {r["participant"]: r["score"] for r in summary.rows} == expected, summary.table()
    with Gradebook(db_url(course), COURSE_ID) as gb:
        # The hand-in times are nbgrader's, from the exchange (not the time of collecting).
        assert {s.student.id: s.timestamp for s in gb.find_assignment("module01")
                .submissions} == {k: v.replace(tzinfo=None) for k, v in handed_in.items()}
    out = _run("feedback", "--course", str(course), "--exchange", str(hub.exchange))
    assert "3 page(s) returned through the exchange." in out, out

    # ana fetches her feedback in her own Lab.
    listed = _nbgrader(hub, users["ana"], "fetch_feedback")
    pages = list((hub.base / "home" / users["ana"] / "module01" / "feedback").glob(
        f"*/{NB1.removesuffix('.ipynb')}.html"))
    assert len(pages) == 1, listed
    text = pages[0].read_text()
    assert "Your score so far: 8 of 10 points." in text
    assert "Grade this assessment with course-kit grade" not in text  # no hidden tests
    assert pages[0].stat().st_uid == pwd.getpwnam(users["ana"]).pw_uid

    # The trainer's formgrader sees the same gradebook (PostgreSQL).
    students = hub.api("GET", f"/user/{trainer}/formgrader/api/students",
                       hub.tokens[trainer])
    assert students.status_code == 200, students.text[:300]
    assert {s["id"] for s in students.json()} == set(users.values())
    print(f"\nhub up {ready - hub.started:.1f} s after set-up began; round trip "
          f"(fetch, hand in, collect, grade, feedback, fetch) {time.monotonic() - ready:.1f} s")
