"""Measure how long ``make lab`` takes until JupyterLab is ready (target: ≤ 90 s).

    python benchmarks/lab_startup.py            # this checkout (its .venv as it is)
    python benchmarks/lab_startup.py --fresh    # a fresh clone, step by step (below)
    python benchmarks/lab_startup.py --fresh --one-go   # a fresh clone, one `make lab`

With ``--fresh`` the steps a participant's first ``make lab`` goes through are timed one by
one, the way the Makefile runs them: ``git clone`` of this repository, the virtual
environment (``python3 -m venv .venv``), the install (``make .venv/.installed``: pip and the
kit's Jupyter set-up), then ``make lab`` up to the first ready page. The total is their sum
(clone included, as a participant's download is). ``--one-go`` runs a single ``make lab`` in
the fresh clone instead, as a participant does.

"Ready" means what a participant waits for: the server answers, the Lab page with the
Welcome notebook loads, and a kernel for it has started and answers an ``execute`` request
(time to first output). ``make lab`` runs as a participant runs it; its output is kept and
the lines it printed are counted (the target is one line of ours, then the address).
The browser is not opened (``BROWSER=true``); the server is stopped at the end.
It prints figures and asserts nothing: a slow machine never fails the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 90.0
URL = re.compile(r"http://(?:localhost|127\.0\.0\.1):(\d+)/lab\?token=([0-9a-f]+)")


def _get(url: str, token: str, method: str = "GET", body: dict | None = None) -> bytes | None:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={
        "Authorization": f"token {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.read()
    except (urllib.error.URLError, OSError):
        return None


def _first_output(base: str, token: str, kernel_id: str, timeout: float) -> bool:
    """Send one execute request over the kernel's websocket; True once its reply came."""
    try:
        import tornado.websocket
        from tornado.ioloop import IOLoop
    except ImportError:
        return False

    async def run() -> bool:
        session = uuid.uuid4().hex
        ws_url = (base.replace("http", "ws") + f"/api/kernels/{kernel_id}/channels"
                  f"?token={token}&session_id={session}")
        conn = await tornado.websocket.websocket_connect(ws_url)
        msg_id = uuid.uuid4().hex
        conn.write_message(json.dumps({
            "header": {"msg_id": msg_id, "username": "bench", "session": session,
                       "msg_type": "execute_request", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell",
            "content": {"code": "import course_kit.widgets; 1", "silent": False}}))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            raw = await conn.read_message()
            if raw is None:
                return False
            msg = json.loads(raw)
            if (msg.get("parent_header", {}).get("msg_id") == msg_id
                    and msg.get("msg_type") == "execute_reply"):
                conn.close()
                return True
        return False

    return bool(IOLoop.current().run_sync(run, timeout=timeout + 5))


def measure(checkout: Path, timeout: float = 600.0) -> dict[str, object]:
    """Run ``make lab`` in ``checkout``; return the seconds to each step and the output."""
    env = {**os.environ, "BROWSER": "true"}
    env.pop("JUPYTER_CONFIG_PATH", None)
    start = time.monotonic()
    log_path = Path(tempfile.mkstemp(prefix="make-lab-", suffix=".log")[1])
    with log_path.open("wb") as log:
        process = subprocess.Popen(["make", "lab"], cwd=checkout, env=env, stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    times: dict[str, float] = {}
    try:
        base = token = ""
        while time.monotonic() - start < timeout and process.poll() is None:
            found = URL.search(log_path.read_text(errors="replace"))
            if found:
                base, token = f"http://127.0.0.1:{found.group(1)}", found.group(2)
                break
            time.sleep(0.2)
        if not token:
            raise RuntimeError("make lab printed no address:\n" + log_path.read_text()[-3000:])
        times["address printed"] = time.monotonic() - start
        while _get(f"{base}/lab/tree/notebooks/00-welcome.ipynb", token) is None:
            time.sleep(0.2)
        times["Lab page served"] = time.monotonic() - start
        created = _get(f"{base}/api/sessions", token, "POST", {
            "path": "notebooks/00-welcome.ipynb", "name": "00-welcome.ipynb",
            "type": "notebook", "kernel": {"name": "python3"}})
        kernel_id = json.loads(created or b"{}").get("kernel", {}).get("id", "")
        if kernel_id and _first_output(base, token, kernel_id, timeout=120):
            times["kernel answered (ready)"] = time.monotonic() - start
    finally:
        os.killpg(process.pid, signal.SIGINT)
        time.sleep(0.5)
        os.killpg(process.pid, signal.SIGINT)  # Jupyter asks to confirm; twice means yes
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
    output = log_path.read_text(errors="replace")
    log_path.unlink(missing_ok=True)
    return {"times": times, "output": output}


def _timed(command: list[str], cwd: Path) -> float:
    """Seconds ``command`` took; its output is shown only if it fails."""
    start = time.monotonic()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout[-2000:]}"
                           f"{done.stderr[-2000:]}")
    return time.monotonic() - start


def fresh_steps(checkout: Path, one_go: bool) -> tuple[dict[str, float], dict[str, object]]:
    """Clone into ``checkout`` and time each step of a first ``make lab`` there."""
    steps = {"clone": _timed(["git", "clone", "--quiet", str(ROOT), str(checkout)],
                             checkout.parent)}
    if not one_go:
        python = os.environ.get("PYTHON", "python3")
        steps["venv"] = _timed([python, "-m", "venv", ".venv"], checkout)
        steps["install"] = _timed(["make", "--silent", ".venv/.installed"], checkout)
    result = measure(checkout)
    return steps, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fresh", action="store_true",
                        help="clone this repository into a temporary folder first")
    parser.add_argument("--one-go", action="store_true",
                        help="with --fresh: one `make lab` (venv and install included)")
    args = parser.parse_args(argv)
    steps: dict[str, float] = {}
    if args.fresh:
        temporary = Path(tempfile.mkdtemp(prefix="course-kit-fresh-"))
        try:
            steps, result = fresh_steps(temporary / "kit", args.one_go)
        finally:
            shutil.rmtree(temporary, ignore_errors=True)
    else:
        result = measure(ROOT)
    times: dict[str, float] = result["times"]  # type: ignore[assignment]
    lines = [line for line in str(result["output"]).splitlines() if line.strip()]
    where = "this checkout" if not args.fresh else (
        "a fresh clone, one make lab" if args.one_go else "a fresh clone, step by step")
    print(f"make lab in {where}:")
    for step, seconds in steps.items():
        print(f"  {step:<26} {seconds:6.1f} s")
    for step, seconds in times.items():
        print(f"  {'make lab: ' + step:<26} {seconds:6.1f} s")
    ready = times.get("kernel answered (ready)")
    if ready is not None and steps:
        ready += sum(steps.values())
        print(f"  {'total to ready':<26} {ready:6.1f} s")
    verdict = "not reached" if ready is None else (
        "within" if ready <= TARGET_SECONDS else "OVER")
    print(f"  time to ready: {verdict} the {TARGET_SECONDS:.0f} s target")
    print(f"  lines printed by make lab: {len(lines)}")
    for line in lines[:12]:
        print(f"    | {line[:110]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
