"""Start a participant's kernel inside the sandbox (run by the grader, stdlib only).

Usage (by :class:`course_kit.trainer.sandbox.SandboxKernelManager`, never by hand)::

    python -I -S launch.py SPEC_JSON -- KERNEL_COMMAND...

In order, where the operating system allows it: a new mount namespace in which the course
folder, ``/tmp``, ``/var/tmp`` and ``/dev/shm`` are replaced by empty, private folders; a new
network namespace with no interface up (no network at all); resource limits (memory,
processes, file size, CPU time, no core files); no new privileges; then the kernel's user
(an unprivileged one when the grader runs as root). Each step that is not possible is
written to the status file (opened before anything is hidden) and the launch goes on: the
grader logs what was not isolated and why.
"""

from __future__ import annotations

import ctypes
import json
import os
import resource
import sys
from typing import NoReturn

__all__ = ["main"]

CLONE_NEWNS = 0x00020000
CLONE_NEWNET = 0x40000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWPID = 0x20000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
MS_NOATIME, MS_NODIRATIME, MS_RELATIME = 1024, 2048, 1 << 21
MNT_DETACH = 2
PR_SET_PDEATHSIG = 1
PR_SET_NO_NEW_PRIVS = 38
#: What an unprivileged kernel sees of the system (read-only), besides what it needs.
SYSTEM_PATHS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc")
DEVICES = ("null", "zero", "full", "random", "urandom")


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def _error() -> str:
    return os.strerror(ctypes.get_errno())


def _expose(libc: ctypes.CDLL, spec: dict, notes: list[str]) -> None:
    """Make folders the kernel needs reachable when an ancestor is closed to others.

    For each (closed ancestor, child) pair, e.g. ("/root", ".pyenv") when Python lives in
    root's home: the child is bind-mounted aside, an empty tmpfs hides the ancestor, and the
    child alone is mounted back at its old path. The rest of the ancestor stays hidden.
    """
    hold_base = os.path.join(spec["cwd"], ".expose")
    groups: dict[str, list[str]] = {}
    for ancestor, child in spec.get("expose", []):
        groups.setdefault(ancestor, []).append(child)
    for n, (ancestor, children) in enumerate(sorted(groups.items())):
        holds = []
        for m, child in enumerate(children):
            hold = os.path.join(hold_base, f"{n}-{m}")
            os.makedirs(hold, exist_ok=True)
            source = os.path.join(ancestor, child)
            if libc.mount(source.encode(), hold.encode(), None, 4096 | MS_REC, None) != 0:
                notes.append(f"expose: could not reach {source} ({_error()})")
                continue
            holds.append((hold, child))
        if libc.mount(b"tmpfs", ancestor.encode(), b"tmpfs", MS_NOSUID | MS_NODEV,
                      b"mode=0711,size=64k") != 0:
            notes.append(f"expose: could not hide {ancestor} ({_error()})")
            continue
        for hold, child in holds:
            target = os.path.join(ancestor, child)
            os.makedirs(target, exist_ok=True)
            if libc.mount(hold.encode(), target.encode(), None, 4096 | MS_REC, None) != 0:
                notes.append(f"expose: could not mount {target} ({_error()})")
            libc.umount2(hold.encode(), 2)  # MNT_DETACH


def _kept_inside(path: str, keep: list[str]) -> list[str]:
    """The folders in ``keep`` at or below ``path`` (outermost only)."""
    base = path.rstrip("/") + "/"
    found = sorted(k for k in keep if k == path or k.startswith(base))
    outer: list[str] = []
    for k in found:
        if not any(k.startswith(o.rstrip("/") + "/") for o in outer):
            outer.append(k)
    return outer


def _hold(paths: list[str], notes: list[str]) -> list[tuple[int, str]]:
    """Keep ``paths`` open before their parent is hidden, to mount them back from there.

    An open folder (``O_PATH``) stays reachable through ``/proc/self/fd`` once a tmpfs hides
    its parent, wherever it lies: even the kernel's own folder inside a hidden ``/run``.
    """
    holds = []
    for source in paths:
        try:
            holds.append((os.open(source, os.O_PATH | os.O_DIRECTORY | os.O_NOFOLLOW), source))
        except OSError as exc:
            notes.append(f"expose: could not reach {source} ({exc.strerror})")
    return holds


def _put_back(libc: ctypes.CDLL, holds: list[tuple[int, str]], notes: list[str]) -> None:
    """Mount what :func:`_hold` kept open back at its old place, inside the new tmpfs."""
    for fd, target in holds:
        # The grader runs with umask 077; the folders made here lead the kernel's user to
        # what it needs (a checkout under /tmp), so they must be passable: 0755.
        old = os.umask(0o022)
        try:
            os.makedirs(target, mode=0o755, exist_ok=True)
        finally:
            os.umask(old)
        if libc.mount(f"/proc/self/fd/{fd}".encode(), target.encode(), None,
                      MS_BIND | MS_REC, None) != 0:
            notes.append(f"expose: could not mount {target} ({_error()})")
        os.close(fd)


def _bind(libc: ctypes.CDLL, source: str, target: str, writable: bool,
          notes: list[str]) -> bool:
    """Bind-mount ``source`` at ``target``, read-only unless ``writable``."""
    if libc.mount(source.encode(), target.encode(), None, MS_BIND | MS_REC, None) != 0:
        notes.append(f"mounts: could not show {source} ({_error()})")
        return False
    if writable:
        return True
    # A read-only remount inside a user namespace must keep the flags it cannot drop.
    have = os.statvfs(target).f_flag
    flags = MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID
    for st_flag, ms_flag in ((4, MS_NODEV), (8, MS_NOEXEC), (1024, MS_NOATIME),
                             (2048, MS_NODIRATIME), (4096, MS_RELATIME)):
        if have & st_flag:
            flags |= ms_flag
    if libc.mount(None, target.encode(), None, flags, None) != 0:
        notes.append(f"mounts: {source} could not be made read-only ({_error()})")
    return True


def _new_root(libc: ctypes.CDLL, spec: dict, notes: list[str]) -> None:
    """Build the kernel's whole file system from what it needs, and enter it.

    An empty tmpfs becomes ``/``; the system folders, Python and the kit are mounted into it
    read-only, the kernel's own folder and its socket folder writable; ``/tmp``, ``/run``
    and ``/dev/shm`` are small private tmpfs; ``/dev`` holds only a few harmless devices;
    ``/proc`` is this PID namespace's. Nothing else of the machine (the trainer's home,
    the course, other checkouts) exists in there.
    """
    base = os.path.dirname(spec["cwd"].rstrip("/"))
    root = os.path.join(base, f".root-{os.getpid()}")
    os.makedirs(root, exist_ok=True)
    if libc.mount(b"tmpfs", root.encode(), b"tmpfs", MS_NOSUID | MS_NODEV,
                  b"mode=0755,size=1m") != 0:
        raise OSError(f"could not make the new root ({_error()})")

    def inside(path: str) -> str:
        return os.path.join(root, path.lstrip("/"))

    shown: list[str] = []
    for path in SYSTEM_PATHS:
        if os.path.islink(path):
            os.symlink(os.readlink(path), inside(path))
        elif os.path.isdir(path):
            os.makedirs(inside(path), exist_ok=True)
            if _bind(libc, path, inside(path), False, notes):
                shown.append(path)
    for path in sorted(set(spec.get("keep", [])), key=len):
        if not os.path.isdir(path) or any(
                path == s or path.startswith(s.rstrip("/") + "/") for s in shown):
            continue
        os.makedirs(inside(path), exist_ok=True)
        if _bind(libc, path, inside(path), False, notes):
            shown.append(path)
    for path, size in (("/tmp", "64m"), ("/run", "1m"), ("/dev/shm", "16m")):
        os.makedirs(inside(path), exist_ok=True)
        libc.mount(b"tmpfs", inside(path).encode(), b"tmpfs", MS_NOSUID | MS_NODEV,
                   f"mode=1777,size={size}".encode())
    for name in DEVICES:
        target = inside(f"/dev/{name}")
        open(target, "w").close()
        _bind(libc, f"/dev/{name}", target, True, notes)
    for path in (spec["cwd"], spec.get("ipc_dir")):
        if path:
            os.makedirs(inside(path), exist_ok=True)
            _bind(libc, path, inside(path), True, notes)
    os.makedirs(inside("/proc"), exist_ok=True)
    # Mounted while the machine's /proc is still in view (a user namespace may mount a proc
    # only then); it shows this PID namespace alone.
    if libc.mount(b"proc", inside("/proc").encode(), b"proc",
                  MS_NOSUID | MS_NODEV | MS_NOEXEC, None) != 0:
        notes.append(f"mounts: no /proc of its own ({_error()})")
    old = inside("/.old-root")
    os.makedirs(old, exist_ok=True)
    if libc.syscall(155, root.encode(), old.encode()) != 0:  # pivot_root (x86_64)
        raise OSError(f"could not enter the new root ({_error()})")
    os.chdir("/")
    libc.umount2(b"/.old-root", MNT_DETACH)
    os.rmdir("/.old-root")
    libc.mount(None, b"/", None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV, None)


def _unprivileged(libc: ctypes.CDLL, spec: dict, notes: list[str]) -> bool:
    """Isolate without root: a user namespace holding new mount, network, IPC and PID ones.

    The launcher stays as the PID namespace's parent (forwarding interrupts, dying with the
    grader); its child becomes the kernel, PID 1 of its namespace, so every process the
    kernel starts (``setsid`` or not) dies with it. Returns False (nothing changed) when
    the system does not allow unprivileged user namespaces.
    """
    import signal

    uid, gid = os.getuid(), os.getgid()
    flags = CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWPID | (
        0 if spec.get("network") else CLONE_NEWNET)
    if libc.unshare(flags) != 0:
        notes.append(f"namespaces: no unprivileged user namespace ({_error()})")
        return False
    for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"),
                       ("gid_map", f"{gid} {gid} 1")):
        with open(f"/proc/self/{name}", "w") as fh:
            fh.write(text)
    child = os.fork()
    if child == 0:
        libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        if libc.mount(b"none", b"/", None, MS_REC | MS_PRIVATE, None) != 0:
            raise OSError(f"could not make / private ({_error()})")
        _new_root(libc, spec, notes)
        return True
    _stay_as_parent(libc, child)


def _stay_as_parent(libc: ctypes.CDLL, child: int) -> NoReturn:
    """The parent's side of a fork: pass signals on to ``child``, wait for it, exit with its
    status (and die with this process's own parent)."""
    import signal

    libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    # An interrupt is sent to the whole process group, which the kernel is in too: not
    # passed on a second time. What is sent to this process alone is passed on.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
        signal.signal(signum, lambda n, _f: os.kill(child, n))
    while True:
        try:
            _, status = os.waitpid(child, 0)
            break
        except InterruptedError:
            continue
    os._exit(os.waitstatus_to_exitcode(status) & 0xFF)


def _quota(libc: ctypes.CDLL, spec: dict, notes: list[str], in_force: list[str]) -> None:
    """Put the kernel's folder on a size-limited tmpfs (its disk quota), contents copied."""
    import shutil

    size = spec.get("limits", {}).get("disk_mb")
    if not size:
        return
    cwd = spec["cwd"].rstrip("/")
    hold = f"{cwd}.hold-{os.getpid()}"
    os.mkdir(hold, 0o700)
    try:
        if libc.mount(cwd.encode(), hold.encode(), None, MS_BIND, None) != 0:
            notes.append(f"disk: no quota ({_error()})")
            return
        uid, gid = spec.get("uid"), spec.get("gid")
        options = f"mode=0700,size={int(size)}m" + (
            f",uid={uid},gid={gid}" if uid is not None else "")
        if libc.mount(b"tmpfs", cwd.encode(), b"tmpfs", MS_NOSUID | MS_NODEV,
                      options.encode()) != 0:
            notes.append(f"disk: no quota ({_error()})")
            return
        for top, dirs, files in os.walk(hold):
            rel = os.path.relpath(top, hold)
            for name in dirs + files:
                src, dst = os.path.join(top, name), os.path.join(cwd, rel, name)
                if os.path.islink(src):
                    continue
                if os.path.isdir(src):
                    os.mkdir(dst, 0o700)
                else:
                    shutil.copyfile(src, dst)
                if uid is not None:
                    os.lchown(dst, uid, gid)
        in_force.append(f"disk: the kernel's folder is a {int(size)} MiB tmpfs")
    finally:
        libc.umount2(hold.encode(), MNT_DETACH)
        os.rmdir(hold)


def _cgroup(spec: dict, notes: list[str], in_force: list[str],
            base: str = "/sys/fs/cgroup") -> None:
    """Join a new cgroup (v2, or v1's memory and pids) limiting the whole submission.

    cgroup v2 (one hierarchy, ``cgroup.controllers`` at its root): the memory and pids
    controllers are enabled for the root's children when the system offers them, and a
    limit is claimed in force only once its file is written.
    """
    name = spec.get("cgroup")
    limits = spec.get("limits", {})
    if not name:
        return
    name = f"{name}-{os.getpid()}"
    memory = limits.get("total_memory") or limits.get("memory")
    processes = limits.get("processes")
    if os.path.exists(f"{base}/cgroup.controllers"):
        with open(f"{base}/cgroup.controllers") as fh:
            offered = fh.read().split()
        wanted = [c for c in ("memory", "pids") if c in offered]
        if len(wanted) < 2:
            missing = ", ".join(c for c in ("memory", "pids") if c not in offered)
            notes.append(f"cgroups: v2 does not offer {missing} here")
        for controller in wanted:
            try:
                with open(f"{base}/cgroup.subtree_control", "w") as fh:
                    fh.write(f"+{controller}")
            except OSError as exc:
                notes.append(f"cgroups: could not enable {controller} ({exc.strerror})")
        settings = [("memory.max", memory), ("memory.swap.max", 0), ("pids.max", processes)]
        plan = [(f"{base}/{name}", [(file, value) for file, value in settings
                                    if file.split(".")[0] in wanted])]
        label = "v2"
    else:
        plan = [(f"{base}/memory/{name}", [("memory.limit_in_bytes", memory),
                                           ("memory.memsw.limit_in_bytes", memory)]),
                (f"{base}/pids/{name}", [("pids.max", processes)])]
        label = "v1"
    done = []
    for folder, settings in plan:
        try:
            os.mkdir(folder)
        except OSError as exc:
            notes.append(f"cgroups: {folder} not made ({exc.strerror})")
            continue
        for file, value in settings:
            if value is None:
                continue
            try:
                with open(os.path.join(folder, file), "w") as fh:
                    fh.write(str(int(value)))
                if file in ("memory.max", "memory.limit_in_bytes"):
                    done.append(f"memory {int(value) // 2**20} MiB")
                elif file == "pids.max":
                    done.append(f"{int(value)} processes")
            except OSError:
                pass
        try:
            with open(os.path.join(folder, "cgroup.procs"), "w") as fh:
                fh.write(str(os.getpid()))
        except OSError as exc:
            notes.append(f"cgroups: could not join {folder} ({exc.strerror})")
            continue
        if not done and label == "v2":
            in_force.append("cgroup v2 for the whole submission (no limit; its processes "
                            "end with it)")
    if done:
        in_force.append(f"cgroup {label} for the whole submission: " + ", ".join(done))


def _pid_one(libc: ctypes.CDLL, mount_ns: bool, notes: list[str]) -> None:
    """Fork: the child goes on as PID 1 of the new PID namespace (with its own /proc);
    this process waits for it, passes signals on and exits with its status."""
    import signal

    child = os.fork()
    if child == 0:
        libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        if mount_ns and libc.mount(b"proc", b"/proc", b"proc",
                                   MS_NOSUID | MS_NODEV | MS_NOEXEC, None) != 0:
            notes.append(f"mounts: no /proc of its own ({_error()})")
        return
    _stay_as_parent(libc, child)


def main(argv: list[str]) -> None:
    spec = json.loads(argv[1])
    command = argv[argv.index("--") + 1:]
    notes: list[str] = []
    status = open(spec["status_file"], "a", encoding="utf-8")  # noqa: SIM115 - kept open until the launch
    libc = _libc()
    root = os.geteuid() == 0

    if not root and spec.get("unprivileged"):
        try:
            if not _unprivileged(libc, spec, notes):
                raise SystemExit(97)  # the grader checked beforehand: refuse, never run bare
        except OSError as exc:
            status.write(json.dumps({"notes": [f"sandbox: {exc}"], "uid": os.getuid()}) + "\n")
            status.close()
            raise SystemExit(98) from None
        flags = 0
    else:
        flags = None
    in_force: list[str] = []
    flags = flags if flags is not None else (CLONE_NEWNS if root and spec.get("mask") else 0) | (
        0 if spec.get("network") else CLONE_NEWNET) | (
        CLONE_NEWIPC | CLONE_NEWPID if root else 0)
    if flags and libc.unshare(flags) != 0:
        notes.append(f"namespaces: unshare failed ({_error()}); trying the network alone")
        if not spec.get("network") and libc.unshare(CLONE_NEWNET) != 0:
            notes.append(f"network: not isolated ({_error()})")
        flags = 0
    if flags & CLONE_NEWNS:
        if libc.mount(b"none", b"/", None, MS_REC | MS_PRIVATE, None) != 0:
            notes.append(f"mounts: could not make / private ({_error()}); nothing hidden")
        else:
            _expose(libc, spec, notes)
            for path in spec.get("mask", []):
                if not os.path.isdir(path):
                    continue
                inside = _kept_inside(path, spec.get("keep", []))
                if path in inside:
                    notes.append(f"mounts: {path} holds what the kernel needs; not hidden")
                    continue
                holds = _hold(inside, notes)
                shared = path in ("/tmp", "/var/tmp", "/dev/shm", "/run")
                options = b"mode=0755,size=64k" if not shared else \
                    b"mode=1777,size=1m" if path == "/run" else b"mode=1777,size=64m"
                mount_flags = MS_NOSUID | MS_NODEV | (0 if shared else MS_RDONLY)
                if libc.mount(b"tmpfs", path.encode(), b"tmpfs", mount_flags, options) != 0:
                    notes.append(f"mounts: could not hide {path} ({_error()})")
                    continue
                _put_back(libc, holds, notes)
        in_force.append("mounts: a private mount namespace; the course, /tmp, /var/tmp, "
                        "/dev/shm and /run empty and private")
        _quota(libc, spec, notes, in_force)
    elif root and spec.get("mask"):
        notes.append("mounts: no private mount namespace; folders are protected by "
                     "permissions only")
    if root:
        _cgroup(spec, notes, in_force)
    if flags & CLONE_NEWNET:
        in_force.append("network: a network namespace with no interface")
    if flags & CLONE_NEWPID:
        in_force.append("namespaces: IPC and PID of its own (own /proc; every process "
                        "ends with the kernel)")
        _pid_one(libc, bool(flags & CLONE_NEWNS), notes)

    limits = spec.get("limits", {})
    for name, value in (("RLIMIT_AS", limits.get("memory")),
                        ("RLIMIT_NPROC", limits.get("processes")),
                        ("RLIMIT_FSIZE", limits.get("file_size")),
                        ("RLIMIT_CPU", limits.get("cpu")),
                        ("RLIMIT_CORE", 0)):
        if value is None:
            continue
        try:
            resource.setrlimit(getattr(resource, name), (int(value), int(value)))
        except (ValueError, OSError) as exc:
            notes.append(f"limits: {name} not set ({exc})")

    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        notes.append(f"no_new_privs: not set ({_error()})")

    uid, gid = spec.get("uid"), spec.get("gid")
    if root and uid is not None:
        os.setgroups([])
        os.setresgid(gid, gid, gid)
        os.setresuid(uid, uid, uid)
    elif root:
        notes.append("user: the kernel runs as root (no unprivileged user given)")

    if spec.get("unprivileged") and not root:
        in_force.append("namespaces: user, mount, network, IPC and PID of its own; a root "
                        "of the system folders, Python and the kit only (read-only)")
    status.write(json.dumps({"notes": notes, "in_force": in_force, "uid": os.getuid()}) + "\n")
    status.close()
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.chdir(spec["cwd"])
    os.umask(0o077)
    os.execve(command[0], command, spec["env"])


if __name__ == "__main__":
    main(sys.argv)
