"""Running one participant's notebook where it can do no harm.

The pieces, all used by :mod:`course_kit.trainer.grade` inside nbgrader's own autograder:

* :class:`Slot`: one grading lane. Each parallel lane has its own unprivileged user
  (``course-kit-grader``, ``course-kit-grader-1``, …, created as system users when missing),
  held with a file lock so two grading runs on one machine never share a user. Everything
  that user runs can then be found and killed, and the process limit of one lane (a fork
  bomb) never starves another.
* :class:`SandboxKernelManager`: starts the kernel through ``launch.py`` (namespaces,
  limits, the lane's user) in a private folder, talking over Unix sockets (``ipc``) so that
  it works without any network.
* :class:`SandboxExecute`: nbgrader's ``Execute`` preprocessor plus a wall-clock limit, a
  cap on output, restarting a kernel that died or hung (earlier cells are replayed, the
  faulty cell scores 0) and the check of each graded answer, made here, outside the
  kernel, by grade id, with the keys of the trainer's course (they never enter the kernel).
* :class:`RestoreDeletedTests`: puts back a test cell a participant deleted.

When the grader does not run as root, there is no user to switch to and no namespace to
create: the kernel runs as the grader with the resource limits only, and the reason is
logged (see :func:`sandbox_capabilities`).
"""

from __future__ import annotations

import ast
import contextlib
import copy
import fcntl
import json
import logging
import os
import pwd
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jupyter_client.manager import AsyncKernelManager
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat import NotebookNode
from nbgrader.api import Gradebook
from nbgrader.preprocessors import Execute, NbGraderPreprocessor
from traitlets import Dict, Float, Integer, Unicode

from course_kit.trainer.pools import Key

__all__ = [
    "GRADER_USER",
    "RepairMetadata",
    "RestoreDeletedTests",
    "SandboxExecute",
    "SandboxKernelManager",
    "SandboxSpec",
    "SandboxUnavailable",
    "Slot",
    "acquire_slot",
    "kill_user_processes",
    "readable_size",
    "sandbox_capabilities",
    "sandbox_mode",
    "user_processes",
    "userns_available",
    "warm_up_kernels",
]

log = logging.getLogger(__name__)

#: The unprivileged user of the first grading lane (later lanes add ``-1``, ``-2``, …).
GRADER_USER = "course-kit-grader"
LAUNCHER = Path(__file__).with_name("launch.py")
_RUN_DIR = Path("/run/course-kit")
_MAX_SLOTS = 64


def _is_root() -> bool:
    return os.geteuid() == 0


@dataclass
class Slot:
    """One grading lane: its user (uid, gid), its kernel folder base and its lock."""

    index: int
    uid: int | None
    gid: int | None
    kernel_base: Path
    lock_fd: int | None = None
    notes: list[str] = field(default_factory=list)

    def release(self) -> None:
        """Give the lane back (its user's processes are killed first)."""
        if self.uid is not None:
            kill_user_processes(self.uid, self.gid or self.uid)
        if self.lock_fd is not None:
            os.close(self.lock_fd)
            self.lock_fd = None
        if self.index < 0:  # not root: the lane's folder is this run's own
            shutil.rmtree(self.kernel_base, ignore_errors=True)


def _ensure_user(name: str) -> tuple[int, int]:
    try:
        entry = pwd.getpwnam(name)
        return entry.pw_uid, entry.pw_gid
    except KeyError:
        pass
    useradd = shutil.which("useradd") or "/usr/sbin/useradd"
    proc = subprocess.run(
        [useradd, "--system", "--no-create-home", "--home-dir", "/nonexistent",
         "--shell", "/usr/sbin/nologin", "--user-group", name],
        capture_output=True, text=True, check=False)
    try:  # another grading run may have created it at the same moment
        entry = pwd.getpwnam(name)
    except KeyError:
        raise RuntimeError(f"Could not create the grading user {name}: {proc.stderr.strip()}") \
            from None
    return entry.pw_uid, entry.pw_gid


def _fallback_user() -> tuple[int, int]:
    entry = pwd.getpwnam("nobody")
    return entry.pw_uid, entry.pw_gid


def acquire_slot() -> Slot:
    """Take a free grading lane on this machine (blocks nothing: tries the next one).

    As root: lane *n* uses the system user ``course-kit-grader[-n]`` (created when
    missing; ``nobody`` for lane 0 if users cannot be created) and kernel folders under
    ``/run/course-kit/<n>``. Otherwise: the grader's own user, folders in the temp folder.
    """
    import tempfile

    if not _is_root():
        base = Path(tempfile.mkdtemp(prefix=f"course-kit-kernels-{os.getpid()}-"))
        return Slot(-1, None, None, base)
    slots_dir = _RUN_DIR / "slots"
    slots_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(_RUN_DIR, 0o711)
    for index in range(_MAX_SLOTS):
        fd = os.open(slots_dir / f"{index}.lock", os.O_CREAT | os.O_RDWR, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        notes: list[str] = []
        name = GRADER_USER if index == 0 else f"{GRADER_USER}-{index}"
        try:
            uid, gid = _ensure_user(name)
        except RuntimeError as exc:
            if index:
                os.close(fd)
                continue
            uid, gid = _fallback_user()
            notes.append(f"user: {exc}; using nobody")
        kill_user_processes(uid, gid)  # leftovers of a crashed run
        base = _RUN_DIR / str(index)
        if base.exists():
            shutil.rmtree(base, ignore_errors=True)
        base.mkdir(mode=0o711)
        os.chmod(base, 0o711)
        return Slot(index, uid, gid, base, lock_fd=fd, notes=notes)
    raise RuntimeError(f"All {_MAX_SLOTS} grading lanes on this machine are busy.")


def _processes() -> Iterator[tuple[int, dict[str, str]]]:
    """Each process's id and the first word of its State, Uid and PPid lines (/proc)."""
    wanted = ("State:", "Uid:", "PPid:")
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/status", encoding="ascii", errors="replace") as fh:
                fields = {line.split()[0][:-1]: line.split()[1]
                          for line in fh if line.startswith(wanted)}
        except (OSError, IndexError):
            continue
        yield int(entry.name), fields


def user_processes(uid: int) -> list[int]:
    """Live (not zombie) process ids whose real user is ``uid`` (read from /proc)."""
    return [pid for pid, f in _processes()
            if f.get("Uid") == str(uid) and f.get("State") not in ("Z", "X")]


def kill_user_processes(uid: int, gid: int, keep: tuple[int, ...] = (), rounds: int = 50) -> int:
    """Kill every process of ``uid`` except ``keep``; return how many were found.

    Without ``keep``, a child switches to ``uid`` and sends ``kill(-1, SIGKILL)``: the kernel
    then signals all that user's processes at once, which also stops a fork bomb. With
    ``keep``, processes are found in /proc and killed one by one, in rounds.
    """
    if uid == 0 or uid == os.getuid():
        return 0
    total = 0
    for _ in range(rounds):
        pids = [p for p in user_processes(uid) if p not in keep]
        if not pids:
            break
        total += len(pids)
        if keep:
            for pid in pids:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGSTOP)
            for pid in pids:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        else:
            child = os.fork()
            if child == 0:  # pragma: no cover - runs in the child
                try:
                    os.setgroups([])
                    os.setresgid(gid, gid, gid)
                    os.setresuid(uid, uid, uid)
                    os.kill(-1, signal.SIGKILL)
                finally:
                    os._exit(0)
            os.waitpid(child, 0)
        time.sleep(0.01)
    return total


def children(pid: int) -> list[int]:
    """Process ids whose parent is ``pid`` (the kernel, when a launcher is PID 1's parent)."""
    return [child for child, f in _processes() if f.get("PPid") == str(pid)]


def remove_cgroups(prefix: str, rounds: int = 100, root: str = "/sys/fs/cgroup") -> None:
    """Remove the cgroups named ``prefix-…`` (v1 or v2), killing what is left in them."""
    base = Path(root)
    roots = [base] if (base / "cgroup.controllers").exists() else [
        base / "memory", base / "pids"]
    for root in roots:
        with contextlib.suppress(OSError):
            for entry in os.scandir(root):
                if not entry.name.startswith(f"{prefix}-"):
                    continue
                for _ in range(rounds):
                    try:
                        os.rmdir(entry.path)
                        break
                    except OSError:
                        with contextlib.suppress(OSError, ValueError):
                            for pid in Path(entry.path, "cgroup.procs").read_text().split():
                                with contextlib.suppress(ProcessLookupError):
                                    os.kill(int(pid), signal.SIGKILL)
                        time.sleep(0.02)


def needed_paths() -> list[Path]:
    """Folders the participant's kernel must read: Python, its libraries, the kit, the data."""
    import course_kit
    from course_kit.data import DataError, data_dir

    # The package and the data folder themselves, not the checkout that holds them: a
    # checkout may be closed to other users (e.g. made by `mktemp -d`, mode 0700), and
    # only its children can then be mounted back for the kernel's user.
    paths = {Path(sys.executable).resolve().parent.parent, Path(sys.prefix),
             Path(sys.base_prefix), Path(course_kit.__file__).resolve().parent}
    with contextlib.suppress(DataError):  # no data: the kernel's data questions say so
        paths.add(data_dir().resolve())
    return sorted(paths)


def closed_ancestors(paths: list[Path]) -> list[tuple[str, str]]:
    """(ancestor, child) pairs where ``ancestor`` is closed to other users (no o+x).

    The sandbox launcher mounts ``child`` back inside an empty ``ancestor`` so that the
    kernel's user can reach what it needs and nothing else there.
    """
    pairs: set[tuple[str, str]] = set()
    for path in paths:
        parts = path.resolve().parts
        for depth in range(1, len(parts) - 1):
            ancestor = Path(*parts[: depth + 1])
            try:
                mode = ancestor.stat().st_mode
            except OSError:
                break
            if not mode & 0o001:
                pairs.add((str(ancestor), parts[depth + 1]))
                break
    return sorted(pairs)


#: What every graded kernel imports before it runs a cell (ipykernel's own start-up).
KERNEL_IMPORTS = ("ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell",
                  "ipykernel.debugger", "ipykernel.comm", "IPython.core.completer",
                  "matplotlib_inline.backend_inline", "matplotlib.pyplot")


def notebook_imports(notebooks: list[Path]) -> list[str]:
    """The modules imported (``import x``, ``from x import y``) by the notebooks' code cells.

    For ``from x import y``, ``x.y`` is listed too (it may be a module). Cells that are not
    valid Python (a participant's ``____``) are skipped.
    """
    import nbformat

    found: dict[str, None] = {}
    for path in notebooks:
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception:  # an unreadable notebook adds nothing
            continue
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            try:
                tree = ast.parse(cell.source)
            except SyntaxError:
                continue
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    found.update(dict.fromkeys(alias.name for alias in node.names))
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    found[node.module] = None
                    found.update(dict.fromkeys(f"{node.module}.{alias.name}"
                                               for alias in node.names if alias.name != "*"))
    return list(found)


_WARM_UP = """
import importlib, sys
for name in sys.argv[1:]:
    try:
        importlib.import_module(name)
    except BaseException:
        pass
import matplotlib.font_manager
"""


def warm_up_kernels(modules: list[str], cache: Path) -> subprocess.Popen[bytes]:
    """Start (in the background) what saves every graded kernel seconds of start-up.

    A graded kernel can write neither Python's compiled files (``__pycache__``, beside the
    read-only libraries) nor a lasting matplotlib font list (its folder is new each time),
    so without this each kernel compiles ipykernel, pandas, matplotlib and the kit from
    source again and rebuilds the font list. Here a process of the grader's own, running
    trusted code only (the libraries and the source notebooks' imports, ``modules``),
    imports them once with compiled files written (``-B`` and ``PYTHONDONTWRITEBYTECODE``
    are set aside), and builds matplotlib's font list in ``cache``, which is copied into
    each kernel's folder. The kernels read the compiled files; they cannot change them.
    """
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")}
    env.update({"MPLBACKEND": "agg", "MPLCONFIGDIR": str(cache)})
    cache.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen([sys.executable, "-c", _WARM_UP, *KERNEL_IMPORTS, *modules],
                            env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, cwd=cache,
                            umask=0o022)  # the kernels, other users, must read them


class SandboxUnavailable(RuntimeError):
    """Grading untrusted work would be unprotected here (and ``unsafe`` was not given)."""


def userns_available() -> bool:
    """Whether this user may create the namespaces the non-root sandbox needs."""
    flags = 0x10000000 | 0x00020000 | 0x40000000 | 0x08000000 | 0x20000000
    probe = subprocess.run(
        [sys.executable, "-I", "-S", "-c",
         f"import ctypes, sys; sys.exit(ctypes.CDLL(None).unshare({flags}) != 0)"],
        capture_output=True, check=False)
    return probe.returncode == 0


def sandbox_mode(unsafe: bool = False) -> str:
    """``root``, ``userns`` (not root, unprivileged namespaces) or ``unsafe``.

    Raises :class:`SandboxUnavailable` when neither root nor user namespaces are there and
    the trainer did not say ``unsafe``.
    """
    if _is_root():
        return "root"
    if userns_available():
        return "userns"
    if unsafe:
        return "unsafe"
    raise SandboxUnavailable(
        "Not root, and this system does not allow unprivileged user namespaces, so a "
        "participant's code would run with all your rights (your files, the gradebook, the "
        "network). Grade as root, enable user namespaces (sysctl "
        "kernel.unprivileged_userns_clone=1), or, only for work you trust, say --unsafe "
        "(COURSE_KIT_UNSAFE=1).")


def sandbox_capabilities(mode: str | None = None) -> list[str]:
    """How the kernel is isolated on this machine, in words, for the summary."""
    mode = mode or ("root" if _is_root() else "userns" if userns_available() else "unsafe")
    if mode == "userns":
        return ["not root: the kernel keeps your user id, inside its own user, mount, "
                "network, IPC and PID namespaces, on a root file system holding only the "
                "system folders, Python and the kit (read-only) and its own folder"]
    if mode == "unsafe":
        return ["UNSAFE: not root and no user namespaces: the kernel runs as you, with "
                "your files, the network and the resource limits only"]
    notes = []
    probe = subprocess.run(["unshare", "--net", "true"], capture_output=True, text=True,
                           check=False) if shutil.which("unshare") else None
    if probe is None or probe.returncode != 0:
        notes.append("no network namespace: participants' code could reach the network")
    return notes


@dataclass(frozen=True)
class SandboxSpec:
    """Everything the kernel launcher needs, passed to it as JSON."""

    kernel_dir: str
    status_file: str
    uid: int | None
    gid: int | None
    mask: tuple[str, ...]
    memory: int
    processes: int
    file_size: int
    cpu: int
    network: bool = False
    expose: tuple[tuple[str, str], ...] = ()
    #: Folders the kernel needs that may lie inside a masked one (e.g. a checkout in /tmp).
    keep: tuple[str, ...] = ()
    #: The grader's folder in which each kernel start gets a fresh socket folder.
    ipc_base: str = ""
    #: Not root: isolate with an unprivileged user namespace and a root of its own.
    unprivileged: bool = False
    #: As root: the name (prefix) of the submission's cgroups; "" for none.
    cgroup: str = ""
    disk_mb: int = 0
    total_memory: int = 0

    def as_launch_spec(self, env: dict[str, str]) -> dict[str, Any]:
        """The JSON document ``launch.py`` reads."""
        return {
            "cwd": self.kernel_dir, "status_file": self.status_file, "uid": self.uid,
            "gid": self.gid, "mask": list(self.mask), "network": self.network, "env": env,
            "expose": [list(pair) for pair in self.expose], "keep": list(self.keep),
            "unprivileged": self.unprivileged, "cgroup": self.cgroup,
            "limits": {"memory": self.memory, "processes": self.processes,
                       "file_size": self.file_size, "cpu": self.cpu,
                       "disk_mb": self.disk_mb, "total_memory": self.total_memory},
        }

    def kernel_env(self) -> dict[str, str]:
        """A small, clean environment: nothing of the grader's own is passed on."""
        home = self.kernel_dir
        env = {
            "PATH": os.pathsep.join([str(Path(sys.executable).parent), "/usr/bin", "/bin"]),
            "HOME": home, "USER": "participant", "LOGNAME": "participant", "LANG": "C.UTF-8",
            "IPYTHONDIR": f"{home}/.ipython", "MPLCONFIGDIR": f"{home}/.matplotlib",
            "MPLBACKEND": "agg", "JUPYTER_RUNTIME_DIR": f"{home}/.runtime",
            "COURSE_KIT_WORK_DIR": f"{home}/my_work", "TMPDIR": "/tmp",
            "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
            "PYDEVD_DISABLE_FILE_VALIDATION": "1", "NBGRADER_EXECUTION": "autograde",
        }
        for name in ("COURSE_KIT_DATA", "PYTHONPATH"):
            if os.environ.get(name):
                env[name] = os.environ[name]
        return env


class SandboxKernelManager(AsyncKernelManager):
    """A kernel manager that starts the kernel through the sandbox launcher.

    The kernel's sockets and connection file live in a fresh folder for every start and
    restart, made by the grader inside ``ipc_base`` (the grader's own folder, which the
    kernel's user cannot change): whatever a kernel did to the folder of its previous
    start (a symbolic link in place of the connection file or of the folder itself) is
    never followed, chowned or written to. Ownership is handed over through file
    descriptors opened with ``O_NOFOLLOW``, never by path.
    """

    sandbox = Dict(help="SandboxSpec fields (see course_kit.trainer.sandbox)").tag(config=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.transport = "ipc"
        self._ipc_dir: Path | None = None
        self._fresh_ipc()

    @property
    def spec(self) -> SandboxSpec:
        """The sandbox settings as a :class:`SandboxSpec`."""
        data = dict(self.sandbox)
        data["mask"] = tuple(data.get("mask", ()))
        data["expose"] = tuple(tuple(p) for p in data.get("expose", ()))
        data["keep"] = tuple(data.get("keep", ()))
        return SandboxSpec(**data)

    def _fresh_ipc(self) -> None:
        """A new, empty folder for the sockets and connection file (the old one removed)."""
        import tempfile

        spec = self.spec
        base = spec.ipc_base or str(Path(spec.kernel_dir).parent)
        old = self._ipc_dir
        folder = Path(tempfile.mkdtemp(prefix="ipc-", dir=base))  # new, the grader's, 0700
        if spec.uid is not None:
            # root-owned, writable by the kernel's group, sticky: the kernel may add its
            # sockets but can neither rename the folder nor replace the grader's files.
            fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
            try:
                os.fchown(fd, os.geteuid(), spec.gid if spec.gid is not None else spec.uid)
                os.fchmod(fd, 0o1770)
            finally:
                os.close(fd)
        self._ipc_dir = folder
        self.ip = str(folder / "kernel")
        self.connection_file = str(folder / "kernel.json")
        self._connection_file_written = False
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)  # fd-based: never follows a link

    def cleanup_ipc(self) -> None:
        """Remove the last socket folder (called when grading of the notebook is over)."""
        if self._ipc_dir is not None:
            shutil.rmtree(self._ipc_dir, ignore_errors=True)
            self._ipc_dir = None

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
        spec = self.spec
        if spec.uid is not None:  # the kernel's user must read its connection file
            fd = os.open(self.connection_file, os.O_RDONLY | os.O_NOFOLLOW)
            try:
                os.fchown(fd, spec.uid, spec.gid if spec.gid is not None else spec.uid)
            finally:
                os.close(fd)
        env = spec.kernel_env()
        kw["env"] = env
        kw["cwd"] = spec.kernel_dir
        launch = spec.as_launch_spec(env)
        launch["ipc_dir"] = str(self._ipc_dir)
        command = [sys.executable, "-I", "-S", str(LAUNCHER), json.dumps(launch), "--",
                   *kernel_cmd]
        await super()._async_launch_kernel(command, **kw)

    async def _async_pre_start_kernel(self, **kw: Any) -> Any:
        if self._connection_file_written:  # a restart: never reuse what the kernel could touch
            self._fresh_ipc()
        return await super()._async_pre_start_kernel(**kw)


def readable_size(size: int) -> str:
    """A number of bytes as a person reads it: ``5 MB``, ``200 KB``, ``1.5 MB``."""
    for unit, step in (("MB", 1_000_000), ("KB", 1_000)):
        if size >= step:
            return f"{size / step:.3g} {unit}"
    return f"{size} bytes"


def _error_output(ename: str, evalue: str) -> NotebookNode:
    return NotebookNode(output_type="error", ename=ename, evalue=evalue,
                        traceback=[f"{ename}: {evalue}"])


class SandboxExecute(Execute):
    """nbgrader's Execute, hardened: limits, restarts, output cap, trusted answer check."""

    notebook_timeout = Float(600, help="Wall-clock seconds for the whole notebook.").tag(
        config=True)
    output_bytes = Integer(1_000_000, help="Output kept per cell, in bytes.").tag(config=True)
    notebook_output_bytes = Integer(
        5_000_000, help="Output kept for the whole notebook, in bytes (all message types)."
    ).tag(config=True)
    max_restarts = Integer(3, help="Kernel restarts allowed per notebook.").tag(config=True)
    max_cells = Integer(300, help="Code cells run per notebook; later ones are not run "
                        "(graded answers are still checked).").tag(config=True)
    kill_uid = Integer(-1, help="The sandbox user, whose stray processes are killed.").tag(
        config=True)
    kill_gid = Integer(-1).tag(config=True)
    events_file = Unicode("", help="File to which what happened is appended.").tag(config=True)
    answer_feedback = Dict({}, help="The pool's feedback text by test grade id, shown to the "
                           "participant when the answer did not earn the points.").tag(
        config=True)
    answer_keys = Dict({}, help="Answer keys by test grade id (see course_kit.trainer.pools); "
                       "those cells are checked here, outside the kernel, never run in it.").tag(
        config=True)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("kernel_manager_class", SandboxKernelManager)
        # The kernel is thrown away after grading: no graceful shutdown to wait for.
        kwargs.setdefault("shutdown_kernel", "immediate")
        # Widget state is active content for the trainer's views and unbounded: not kept.
        kwargs.setdefault("store_widget_state", False)
        super().__init__(**kwargs)
        self.events: list[str] = []

    # -- the notebook --------------------------------------------------------------------
    def preprocess(self, nb: NotebookNode, resources: Any, retries: Any = None) -> Any:
        self._deadline = time.monotonic() + self.notebook_timeout
        self._expired = False
        self._dead = False
        self._restarts = 0
        self._skip: set[int] = set()
        self._out_bytes: dict[int, int] = {}
        self._total_bytes = 0
        self._notebook_cut = False
        self._cells_run = 0
        self._keys = {gid: Key(**spec) for gid, spec in self.answer_keys.items()}
        watchdog = threading.Timer(self.notebook_timeout, self._time_up)
        watchdog.daemon = True
        watchdog.start()
        try:
            return super().preprocess(nb, resources, retries)
        finally:
            watchdog.cancel()
            self._kill_all()
            if self.events_file:
                with open(self.events_file, "a", encoding="utf-8") as fh:
                    fh.writelines(f"{event}\n" for event in self.events)

    def _time_up(self) -> None:
        self._expired = True
        self.events.append(f"notebook time limit ({self.notebook_timeout:.0f} s) reached")
        self._kill_all()

    def _kill_all(self) -> None:
        if self.kill_uid >= 0:
            kill_user_processes(self.kill_uid, self.kill_gid)
        elif self.km is not None and self.km.has_kernel:  # not root: the process group
            pid = self._kernel_pid()
            if pid:
                with contextlib.suppress(OSError):
                    os.killpg(pid, signal.SIGKILL)

    def _kernel_pid(self) -> int | None:
        try:
            return int(self.km.provisioner.process.pid)  # type: ignore[union-attr]
        except (AttributeError, TypeError):
            return None

    # -- one cell ------------------------------------------------------------------------
    def preprocess_cell(self, cell: NotebookNode, resources: Any, index: int) -> Any:
        if cell.cell_type != "code" or not cell.source.strip():
            return cell, self.resources
        if self._dead or self._expired:
            cell.outputs = [_error_output(
                "NotRun", "Not run: the time limit for the whole notebook was reached, or "
                "Python could not be started again.")]
            return cell, self.resources
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        if cell.metadata.get("nbgrader", {}).get("grade") and grade_id in self._keys:
            self._check_outside(cell, index, self._keys[grade_id])
            return cell, self.resources
        self._cells_run += 1
        if self._cells_run > self.max_cells:
            if self._cells_run == self.max_cells + 1:
                self.events.append(f"cell {index}: more than {self.max_cells} code cells; "
                                   "the rest were not run")
            cell.outputs = [_error_output(
                "NotRun", f"Not run: the notebook has more than {self.max_cells} code cells, "
                "the most that are run when grading.")]
            return cell, self.resources
        self._out_bytes[index] = 0
        try:
            cell, _ = super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            cell.outputs.append(_error_output(
                "KernelDied", "Python stopped while running this cell: the code ended it, "
                "used too much memory or hit a limit."))
            self.events.append(f"cell {index}: kernel died")
            self._recover(index)
            return cell, self.resources
        except CellTimeoutError:
            cell.outputs.append(self._timed_out())
            self.events.append(f"cell {index}: time limit ({self.timeout} s), kernel hung")
            self._recover(index)
            return cell, self.resources
        self._trim_errors(cell)
        if any(o.get("ename") == "CellTimeoutError" for o in cell.outputs
               if o.output_type == "error"):
            # The interrupt's KeyboardInterrupt and nbclient's empty CellTimeoutError become
            # one sentence the participant reads in their feedback.
            cell.outputs = [o for o in cell.outputs if o.output_type != "error" or o.get(
                "ename") not in ("KeyboardInterrupt", "CellTimeoutError")] + [self._timed_out()]
            self.events.append(f"cell {index}: time limit ({self.timeout} s)")
            self._recover(index)
            return cell, self.resources
        if any("MemoryError" in str(o.get("ename", "")) for o in cell.outputs
               if o.output_type == "error"):  # numpy's _ArrayMemoryError too
            # What filled the memory may survive the error and break the next cells: a
            # fresh kernel replays the earlier cells instead.
            self.events.append(f"cell {index}: out of memory; kernel restarted")
            self._recover(index)
            return cell, self.resources
        if self.kill_uid >= 0:
            pid = self._kernel_pid()
            # The kernel is the launcher's child (PID 1 of its namespace): both are kept.
            strays = kill_user_processes(self.kill_uid, self.kill_gid,
                                         keep=(pid, *children(pid)) if pid else ())
            if strays:
                self.events.append(f"cell {index}: {strays} stray processes stopped")
        return cell, self.resources

    def _recover(self, index: int) -> None:
        """Restart the kernel and replay the cells before ``index`` (except faulty ones)."""
        self._skip.add(index)
        self._kill_all()
        if self._expired or self._restarts >= self.max_restarts:
            self._dead = True
            return
        self._restarts += 1
        try:
            from jupyter_core.utils import run_sync

            self.kc.stop_channels()
            run_sync(self.km.restart_kernel)(now=True)
            self.start_new_kernel_client()
            for i in range(index):
                old = self.nb.cells[i]
                if old.cell_type != "code" or i in self._skip or not old.source.strip():
                    continue
                self._out_bytes[i] = 0
                replay = copy.deepcopy(old)
                try:
                    super().preprocess_cell(replay, self.resources, i)
                finally:
                    self.nb.cells[i] = old
                if self._expired:
                    break
        except Exception as exc:  # any failure: stop, never crash the batch
            self.events.append(f"cell {index}: kernel could not be restarted ({exc})")
            self._dead = True

    # -- output ---------------------------------------------------------------------------
    #: Kernel messages that carry output (or widget state) into the graded notebook.
    _SIZED = frozenset({"stream", "display_data", "execute_result", "error",
                        "update_display_data"})

    def process_message(self, msg: dict[str, Any], cell: NotebookNode,
                        cell_index: int) -> NotebookNode | None:
        """Count every message that carries output, whatever its type, and drop the excess.

        Two caps: ``output_bytes`` per cell and ``notebook_output_bytes`` for the whole
        notebook (replays after a restart included), over ``stream``, ``display_data``,
        ``execute_result``, ``error``, ``update_display_data`` and widget (``comm``)
        messages alike.
        """
        msg_type = msg.get("msg_type", "")
        if msg_type in self._SIZED or msg_type.startswith("comm"):
            size = len(json.dumps(msg.get("content", {}), default=str))
            used = self._out_bytes.get(cell_index, 0)
            self._out_bytes[cell_index] = used + size
            total = self._total_bytes
            self._total_bytes = total + size
            if total + size > self.notebook_output_bytes:
                if not self._notebook_cut:
                    self._notebook_cut = True
                    cell.outputs.append(NotebookNode(
                        output_type="stream", name="stderr",
                        text=f"\n[output cut: the whole notebook printed more than "
                             f"{readable_size(self.notebook_output_bytes)}; the rest is not "
                             "kept]\n"))
                    self.events.append(f"cell {cell_index}: notebook output cut "
                                       f"(over {readable_size(self.notebook_output_bytes)})")
                return None
            if used + size > self.output_bytes:
                if used <= self.output_bytes:
                    cell.outputs.append(NotebookNode(
                        output_type="stream", name="stderr",
                        text=f"\n[output cut: this cell printed more than "
                             f"{readable_size(self.output_bytes)}; the rest is not kept]\n"))
                    self.events.append(f"cell {cell_index}: output cut "
                                       f"(over {readable_size(self.output_bytes)})")
                return None
        return super().process_message(msg, cell, cell_index)

    def _timed_out(self) -> NotebookNode:
        return _error_output("CellTimeoutError", f"This cell was stopped: it ran longer than "
                                                 f"the time limit of {self.timeout} seconds "
                                                 "for one cell.")

    def _trim_errors(self, cell: NotebookNode) -> None:
        limit = 20_000
        for out in cell.outputs:
            if out.output_type == "error":
                out.evalue = str(out.get("evalue", ""))[:limit]
                out.traceback = [str(line)[:limit] for line in out.get("traceback", [])[:60]]

    # -- the grader's own check -------------------------------------------------------------
    def _check_outside(self, cell: NotebookNode, index: int, key: Key) -> None:
        """Check a graded answer here, in the trainer's process: the key never enters the kernel.

        The test cell itself is not run. Its output says in plain words what happened; an
        error output is what makes nbgrader score the cell 0.
        """
        try:
            value = self._value_of(key.var)
        except Exception:  # no such variable, an unreadable value, a dead kernel
            value = None
        cell.outputs = []
        cell.execution_count = None
        explain = str(self.answer_feedback.get(key.grade_id, "")).strip()
        explain = f"\n\n{explain}" if explain else ""
        if value is None or value == "____":
            cell.outputs.append(_error_output(
                "NotAnswered", "No answer was found: the answer cell still holds ____, or it "
                "did not run." + explain))
        elif key.check(value):
            cell.outputs.append(NotebookNode(output_type="stream", name="stdout",
                                             text="✔ Answer accepted.\n"))
        else:
            cell.outputs.append(_error_output(
                "AnswerNotAccepted", "This answer did not earn the points." + explain))

    def _value_of(self, var: str) -> Any:
        expression = f"__import__('json').dumps({var}, default=str)"
        msg_id = self.kc.execute("", silent=True, store_history=False,
                                 user_expressions={"v": expression})
        reply = self.wait_for_reply(msg_id)
        result = reply["content"]["user_expressions"]["v"]
        if result.get("status") != "ok":
            raise ValueError("no value")
        text = result["data"]["text/plain"]
        if len(text) > 100_000:
            raise ValueError("value too long")
        return json.loads(ast.literal_eval(text))


class RepairMetadata(NbGraderPreprocessor):
    """Repair copied or tampered nbgrader metadata from the source, so the notebook is graded.

    A participant who copies an answer or test cell duplicates its metadata; nbgrader's own
    ``DeduplicateIds`` then leaves an empty, invalid record and the whole notebook is
    refused ("old version of the nbgrader metadata format"). Here the first cell with a
    grade id keeps it, copies (and unknown ids, or a record on the wrong kind of cell) lose
    their metadata, and every kept record is rewritten from the gradebook's definitions:
    points, grade/solution/locked flags, checksum. Tampering gains nothing.
    """

    def preprocess(self, nb: NotebookNode, resources: Any) -> Any:
        info = resources["nbgrader"]
        with Gradebook(info["db_url"]) as gb:
            notebook = gb.find_notebook(info["notebook"], info["assignment"])
            grades = {c.name: c.max_score for c in notebook.grade_cells}
            tasks = {c.name: c.max_score for c in notebook.task_cells}
            solutions = {c.name for c in notebook.solution_cells}
            sources = {c.name: (c.cell_type, bool(c.locked), c.checksum)
                       for c in notebook.source_cells}
        seen: set[str] = set()
        for cell in nb.cells:
            if "nbgrader" not in cell.metadata:
                continue
            meta = cell.metadata["nbgrader"]
            grade_id = meta.get("grade_id") if isinstance(meta, dict) else None
            if not grade_id or grade_id in seen or grade_id not in sources or \
                    sources[grade_id][0] != cell.cell_type:
                if grade_id:
                    self.log.warning("Dropped the nbgrader metadata of a copy of %s", grade_id)
                del cell.metadata["nbgrader"]
                continue
            seen.add(grade_id)
            _, locked, checksum = sources[grade_id]
            fixed = {"grade": grade_id in grades, "grade_id": grade_id, "locked": locked,
                     "schema_version": 3, "solution": grade_id in solutions,
                     "task": grade_id in tasks}
            if grade_id in grades or grade_id in tasks:
                fixed["points"] = grades.get(grade_id, tasks.get(grade_id))
            if checksum:
                fixed["checksum"] = checksum
            cell.metadata["nbgrader"] = NotebookNode(fixed)
        return nb, resources


class RestoreDeletedTests(NbGraderPreprocessor):
    """Put back, at the end of the notebook, any test cell the participant deleted.

    nbgrader restores the text of test cells that are there; a deleted one would simply be
    missing. Appended at the end, it runs after all the participant's answers.
    """

    def preprocess(self, nb: NotebookNode, resources: Any) -> Any:
        info = resources["nbgrader"]
        present = {c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells}
        with Gradebook(info["db_url"]) as gb:
            notebook = gb.find_notebook(info["notebook"], info["assignment"])
            for grade_cell in notebook.grade_cells:
                if grade_cell.name in present or grade_cell.cell_type != "code":
                    continue
                source = gb.find_source_cell(grade_cell.name, info["notebook"],
                                             info["assignment"])
                meta = {"grade": True, "grade_id": grade_cell.name, "locked": True,
                        "points": grade_cell.max_score, "schema_version": 3,
                        "solution": False, "task": False}
                if source.checksum:
                    meta["checksum"] = source.checksum
                nb.cells.append(NotebookNode(cell_type="code", source=source.source,
                                             metadata=NotebookNode(nbgrader=meta),
                                             outputs=[], execution_count=None))
                self.log.warning("Restored deleted test cell %s", grade_cell.name)
        return nb, resources
