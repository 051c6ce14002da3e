"""course_kit.trainer.launch without root: what a non-root trainer's sandbox holds.

Run as ``nobody`` (the trainer here), with Debian's own Python (``nobody`` cannot reach
the virtual environment under /root), the launcher builds the kernel's file system from
the system folders and its own folder only, in new user, mount, network, IPC and PID
namespaces. The "kernel" here is a short script that tries what a hostile submission did
to a non-root trainer: read the trainer's 0600 file, list the trainer's folders, reach the
network, write into the system, leave a ``setsid`` process running.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from course_kit.trainer.launch import __file__ as LAUNCHER

SYSTEM_PYTHON = "/usr/bin/python3"
MARK = "299.25"  # the stray process's sleep time, to find it afterwards

SCRIPT = r"""
import json, os, socket, subprocess, sys
secret, port = sys.argv[1], int(sys.argv[2])
out = {"pid": os.getpid(), "uid": os.getuid()}
try:
    out["secret"] = open(secret).read()
except OSError as exc:
    out["secret"] = type(exc).__name__
out["trainer_home"] = os.path.exists(os.path.dirname(os.path.dirname(os.getcwd())) + "/secret.txt")
out["root_entries"] = sorted(os.listdir("/"))
try:
    socket.create_connection(("127.0.0.1", port), timeout=2).close()
    out["net"] = "open"
except OSError as exc:
    out["net"] = type(exc).__name__
for target in ("/usr/pwned", "/etc/pwned", "/pwned"):
    try:
        open(target, "w").write("x")
        out.setdefault("wrote", []).append(target)
    except OSError:
        pass
open("/run/lock-pwned", "w").write("x") if os.path.isdir("/run") else None
out["procs"] = sorted(int(p) for p in os.listdir("/proc") if p.isdigit())
subprocess.Popen(["sleep", "MARK"], start_new_session=True)
open("result.json", "w").write(json.dumps(out))
""".replace("MARK", MARK)


def _strays(uid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            cmd = Path(f"/proc/{entry}/cmdline").read_bytes().split(b"\0")
            owner = os.stat(f"/proc/{entry}").st_uid
        except OSError:
            continue
        if owner == uid and MARK.encode() in cmd:
            found.append(int(entry))
    return found


@pytest.mark.skipif(os.geteuid() != 0 or not os.path.exists(SYSTEM_PYTHON),
                    reason="needs root (to become nobody) and Debian's python3")
def test_a_non_root_trainer_gets_namespaces_and_a_root_of_its_own() -> None:
    nobody = pwd.getpwnam("nobody")
    base = Path(tempfile.mkdtemp(prefix="ck-nonroot-"))
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    try:
        kernel = base / "lane" / "k-1"
        kernel.mkdir(parents=True)
        secret = base / "secret.txt"
        secret.write_text("the trainer's own file")
        for path in (base, base / "lane", kernel, secret):
            os.chown(path, nobody.pw_uid, nobody.pw_gid)
        os.chmod(base, 0o700)
        os.chmod(secret, 0o600)
        spec = {"cwd": str(kernel), "status_file": str(base / "status.jsonl"), "uid": None,
                "gid": None, "mask": [], "network": False, "expose": [], "keep": [],
                "env": {"PATH": "/usr/bin:/bin", "HOME": str(kernel)},
                "limits": {"memory": 2**30, "processes": 64, "file_size": 2**24, "cpu": 60},
                "unprivileged": True}
        Path(spec["status_file"]).touch()
        os.chown(spec["status_file"], nobody.pw_uid, nobody.pw_gid)
        # A copy of the launcher nobody can read (the checkout may sit in a folder closed to
        # other users, e.g. one made by `mktemp -d`); it imports the standard library only.
        launcher = base / "launch.py"
        shutil.copyfile(LAUNCHER, launcher)
        os.chown(launcher, nobody.pw_uid, nobody.pw_gid)

        def become_nobody() -> None:
            os.setgroups([])
            os.setresgid(nobody.pw_gid, nobody.pw_gid, nobody.pw_gid)
            os.setresuid(nobody.pw_uid, nobody.pw_uid, nobody.pw_uid)

        proc = subprocess.run(
            [SYSTEM_PYTHON, "-I", "-S", str(launcher), json.dumps(spec), "--", SYSTEM_PYTHON,
             "-I", "-c", SCRIPT, str(secret), str(listener.getsockname()[1])],
            preexec_fn=become_nobody, capture_output=True, text=True, timeout=120,
            check=False)
        status = (base / "status.jsonl").read_text()
        assert proc.returncode == 0, (proc.stderr, status)
        out = json.loads((kernel / "result.json").read_text())
        assert out["secret"] in ("FileNotFoundError", "PermissionError"), out
        assert not out["trainer_home"]
        assert "work" not in out["root_entries"] and "root" not in out["root_entries"]
        assert "home" not in out["root_entries"]
        assert out["net"] != "open"
        assert not out.get("wrote"), out
        assert out["pid"] == 1 and out["uid"] == nobody.pw_uid  # PID namespace, no root
        assert not Path("/run/lock-pwned").exists()
        time.sleep(0.5)
        assert _strays(nobody.pw_uid) == []  # the setsid process died with the kernel
    finally:
        listener.close()
        for pid in _strays(nobody.pw_uid):
            os.kill(pid, 9)
        shutil.rmtree(base, ignore_errors=True)


def test_without_root_or_user_namespaces_grading_is_refused_unless_unsafe(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from course_kit.trainer import sandbox

    monkeypatch.setattr(sandbox, "_is_root", lambda: False)
    monkeypatch.setattr(sandbox, "userns_available", lambda: False)
    with pytest.raises(sandbox.SandboxUnavailable, match="--unsafe"):
        sandbox.sandbox_mode()
    assert sandbox.sandbox_mode(unsafe=True) == "unsafe"
    assert "UNSAFE" in sandbox.sandbox_capabilities("unsafe")[0]
    monkeypatch.setattr(sandbox, "userns_available", lambda: True)
    assert sandbox.sandbox_mode() == "userns"



@pytest.mark.skipif(os.geteuid() != 0 or not os.path.exists(SYSTEM_PYTHON),
                    reason="needs root (the root grader's launcher)")
def test_as_root_all_of_run_is_private_but_the_lanes_own_folder() -> None:
    """The machine's /run (systemd, dbus, other lanes' kernels) is out of sight; the
    kernel's own folder, which lies in /run/course-kit/<lane>, is mounted back."""
    nobody = pwd.getpwnam("nobody")
    lanes = Path(tempfile.mkdtemp(prefix="ck-run-", dir="/run"))
    private = Path(tempfile.mkdtemp(prefix="ck-run-status-"))
    try:
        os.chmod(lanes, 0o711)
        kernel = lanes / "0" / "k-1"
        other = lanes / "1" / "k-2"
        for folder in (kernel, other):
            folder.mkdir(parents=True)
            os.chmod(folder.parent, 0o711)
        os.chown(kernel, nobody.pw_uid, nobody.pw_gid)
        (other / "secret.txt").write_text("another lane's kernel")
        spec = {"cwd": str(kernel), "status_file": str(private / "status.jsonl"),
                "uid": nobody.pw_uid, "gid": nobody.pw_gid, "mask": ["/run"],
                "network": False, "expose": [], "keep": [str(lanes / "0")],
                "env": {"PATH": "/usr/bin:/bin", "HOME": str(kernel)},
                "limits": {"memory": 2**30, "processes": 64, "file_size": 2**24, "cpu": 60}}
        script = ("import json, os\n"
                  f"out = {{'run': sorted(os.listdir('/run')),\n"
                  f"       'lanes': sorted(os.listdir({str(lanes)!r})),\n"
                  f"       'other': os.path.exists({str(other / 'secret.txt')!r})}}\n"
                  "open('result.json', 'w').write(json.dumps(out))\n")
        proc = subprocess.run([SYSTEM_PYTHON, "-I", "-S", LAUNCHER, json.dumps(spec), "--",
                               SYSTEM_PYTHON, "-I", "-c", script],
                              capture_output=True, text=True, timeout=60, check=False)
        status = (private / "status.jsonl").read_text()
        assert proc.returncode == 0, (proc.stderr, status)
        out = json.loads((kernel / "result.json").read_text())
        assert out == {"run": [lanes.name], "lanes": ["0"], "other": False}, (out, status)
        assert "/run empty and private" in status
    finally:
        shutil.rmtree(lanes, ignore_errors=True)
        shutil.rmtree(private, ignore_errors=True)
