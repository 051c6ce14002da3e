"""The sandbox launcher keeps what the kernel needs when it hides a folder."""

from course_kit.trainer.launch import _kept_inside


def test_a_checkout_inside_tmp_stays_visible() -> None:
    keep = ["/root/.pyenv/versions/3.11.7", "/tmp/ci/.venv", "/tmp/ci"]
    assert _kept_inside("/tmp", keep) == ["/tmp/ci"]  # the outermost only
    assert _kept_inside("/var/tmp", keep) == []
    assert _kept_inside("/tmp/ci/exercises", keep) == []
    assert _kept_inside("/tm", keep) == []  # a prefix of a name is not a parent


def test_a_needed_folder_that_is_masked_itself_is_reported() -> None:
    assert _kept_inside("/tmp/ci", ["/tmp/ci"]) == ["/tmp/ci"]


def test_a_checkout_closed_to_others_exposes_only_what_the_kernel_needs() -> None:
    import shutil
    import tempfile
    from pathlib import Path

    import course_kit
    from course_kit.trainer.sandbox import closed_ancestors, needed_paths

    package = Path(course_kit.__file__).resolve().parent
    assert package in needed_paths() and package.parent not in needed_paths()
    base = Path(tempfile.mkdtemp())  # like `mktemp -d`: mode 0700
    try:
        for child in ("course_kit", "datasets", ".venv"):
            (base / child).mkdir()
        pairs = closed_ancestors([base / "course_kit", base / "datasets", base / ".venv"])
        assert pairs == [(str(base), ".venv"), (str(base), "course_kit"), (str(base), "datasets")]
    finally:
        shutil.rmtree(base)


def test_folders_leading_back_to_a_kept_path_are_passable(tmp_path) -> None:
    """The grader runs with umask 077; the folders made inside a hidden /tmp to reach a
    checkout there must still let the kernel's user through (all scores were 0 otherwise)."""
    import os

    from course_kit.trainer.launch import _put_back

    class Libc:
        def mount(self, *args) -> int:
            return 0

        def umount2(self, *args) -> int:
            return 0

    target = tmp_path / "ci" / "checkout" / ".venv"
    old = os.umask(0o077)
    try:
        held = os.open(tmp_path, os.O_PATH | os.O_DIRECTORY)  # what _hold keeps open
        _put_back(Libc(), [(held, str(target))], [])
    finally:
        os.umask(old)
    for folder in (tmp_path / "ci", tmp_path / "ci" / "checkout", target):
        assert folder.stat().st_mode & 0o777 == 0o755, folder


LIMITS = {"cgroup": "ck-test", "limits": {"total_memory": 1024 * 2**20,
                                          "memory": 512 * 2**20, "processes": 64}}


def _read(path) -> str:
    return path.read_text().strip()


def test_cgroup_v2_gets_the_whole_submissions_limits_in_its_own_files(tmp_path) -> None:
    """cgroup v2 (a laptop or hub node) names its files differently from v1 (this machine):
    a stand-in hierarchy shows which files the launcher writes, and that it claims only the
    limits whose controller the system offers."""
    import os

    from course_kit.trainer.launch import _cgroup

    pid = os.getpid()
    v2 = tmp_path / "v2"
    v2.mkdir()
    (v2 / "cgroup.controllers").write_text("cpuset cpu io memory hugetlb pids\n")
    (v2 / "cgroup.subtree_control").write_text("")
    notes: list[str] = []
    in_force: list[str] = []
    _cgroup(LIMITS, notes, in_force, base=str(v2))
    group = v2 / f"ck-test-{pid}"
    assert (_read(group / "memory.max"), _read(group / "memory.swap.max"),
            _read(group / "pids.max"), _read(group / "cgroup.procs")) == (
        str(1024 * 2**20), "0", "64", str(pid))
    assert _read(v2 / "cgroup.subtree_control") == "+pids"  # written one controller at a time
    assert (notes, in_force) == (
        [], ["cgroup v2 for the whole submission: memory 1024 MiB, 64 processes"])

    # A system that offers memory only: no pids limit is written or claimed, and it is said.
    (v2 / "cgroup.controllers").write_text("cpu memory\n")
    group.rename(tmp_path / "old")
    notes, in_force = [], []
    _cgroup(LIMITS, notes, in_force, base=str(v2))
    assert not (group / "pids.max").exists() and _read(group / "memory.max") == str(2**30)
    assert notes == ["cgroups: v2 does not offer pids here"]
    assert in_force == ["cgroup v2 for the whole submission: memory 1024 MiB"]


def test_cgroup_v1_sets_memory_with_swap_and_processes_in_two_hierarchies(tmp_path) -> None:
    import os

    from course_kit.trainer.launch import _cgroup

    for controller in ("memory", "pids"):
        (tmp_path / controller).mkdir()
    notes: list[str] = []
    in_force: list[str] = []
    _cgroup(LIMITS, notes, in_force, base=str(tmp_path))
    name = f"ck-test-{os.getpid()}"
    memory, pids = tmp_path / "memory" / name, tmp_path / "pids" / name
    assert (_read(memory / "memory.limit_in_bytes"), _read(memory / "memory.memsw.limit_in_bytes"),
            _read(pids / "pids.max")) == (str(2**30), str(2**30), "64")
    assert _read(memory / "cgroup.procs") == _read(pids / "cgroup.procs") == str(os.getpid())
    assert (notes, in_force) == (
        [], ["cgroup v1 for the whole submission: memory 1024 MiB, 64 processes"])


def test_a_real_cgroup_v2_hierarchy_holds_and_ends_the_submissions_processes(tmp_path) -> None:
    """On a real cgroup2 mount: the launcher's process joins its group, claims exactly the
    limits the kernel offers there (a pids limit stops a fork beyond it), and
    ``remove_cgroups`` kills what is left and removes the group."""
    import ctypes
    import json
    import os
    import subprocess
    import sys
    import uuid

    import pytest

    from course_kit.trainer.sandbox import remove_cgroups

    if os.geteuid() != 0:
        pytest.skip("mounting a cgroup2 hierarchy needs root (CI grades as root)")
    mount = tmp_path / "cg2"
    mount.mkdir()
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.mount(b"cgroup2", str(mount).encode(), b"cgroup2", 0, None) != 0:
        pytest.skip(f"cgroup2 cannot be mounted here ({os.strerror(ctypes.get_errno())})")
    prefix = f"ck-test-{uuid.uuid4().hex[:8]}"  # the system has one v2 hierarchy: be unique
    try:
        offered = _read(mount / "cgroup.controllers").split()
        limits = {"cgroup": prefix, "limits": {"total_memory": 1024 * 2**20,
                                                  "processes": 8}}
        probe = (
            "import json, os, subprocess, sys\n"
            "from course_kit.trainer.launch import _cgroup\n"
            "notes, in_force = [], []\n"
            f"_cgroup({limits!r}, notes, in_force, base={str(mount)!r})\n"
            "refused = 0\n"
            "for _ in range(12):\n"
            "    try:\n"
            "        subprocess.Popen(['sleep', '600'], start_new_session=True,\n"
            "                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
            "    except OSError:\n"
            "        refused += 1\n"
            "print(json.dumps([notes, in_force, refused]), flush=True)\n")
        result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                                check=True, timeout=60)
        notes, in_force, refused = json.loads(result.stdout.strip().splitlines()[-1])
        groups = [p for p in mount.iterdir() if p.name.startswith(f"{prefix}-")]
        assert len(groups) == 1
        left = _read(groups[0] / "cgroup.procs").split()  # the sleeps outlived the launcher
        assert len(left) == 12 - refused and left
        claimed = [x for x in ("memory 1024 MiB", "8 processes") if x in " ".join(in_force)]
        assert claimed == [x for c, x in (("memory", "memory 1024 MiB"),
                                          ("pids", "8 processes")) if c in offered], in_force
        assert (refused > 0) == ("pids" in offered)
        if not claimed:
            assert in_force == ["cgroup v2 for the whole submission (no limit; its processes "
                                "end with it)"]
            assert notes == ["cgroups: v2 does not offer memory, pids here"]
        remove_cgroups(prefix, root=str(mount))
        assert not groups[0].exists()
        for pid in left:
            assert not os.path.exists(f"/proc/{pid}") or \
                "zombie" in _read_status(pid), f"process {pid} outlived its cgroup"
    finally:
        remove_cgroups(prefix, root=str(mount))
        libc.umount2(str(mount).encode(), 2)  # MNT_DETACH


def _read_status(pid: str) -> str:
    try:
        with open(f"/proc/{pid}/status") as fh:
            return fh.read().lower()
    except OSError:
        return "zombie"
