"""A simulated cohort for the trainer's tests, graded once per test run and shared.

The course is a frozen fixture (``tests/fixtures/course``: an nbgrader config, a pool and the
source notebook built from it), so editing the live modules never breaks these tests. Two
modules (module01 and a copy of it as module02) in a temporary course; participants
who answer right, partly, not at all or late, and a hostile corpus (endless loops, memory
and fork bombs, exits, 50 MB of output, edited and deleted tests, a redefined checker,
writing, reading and deleting where it should not, the network). Submissions arrive as a
zip in both layouts and are imported with ``collect``, then graded with ``grade``.

The cohort is built by the first test that needs it (a file lock keeps the other pytest
worker waiting) and each test works on its own copy.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import socket
import tempfile
import threading
import zipfile
from pathlib import Path

import nbformat

from course_kit.grading import release_assignments
from course_kit.modules.module01.analysis import cards_per_100

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "course"
NB1 = "module01-assessment.ipynb"
NB2 = "module02-assessment.ipynb"

#: The fixture's published keys, typed the ways librarians type them.
RIGHT = {"answer_q1": '"c"', "answer_q2": "d", "answer_q3": "A", "answer_q4": "False",
         "answer_q5": '"b "', "answer_q6": "yes",
         "answer_q7": repr(str(cards_per_100("18-34")).replace(".", ","))}
PARTLY_WRONG = {**RIGHT, "answer_q2": '"a"', "answer_q3": '"c"', "answer_q4": "True",
                "answer_q6": "False"}
REFLECTION = "Persona: Rosa, a night-shift nurse; an e-book drop-in at the hospital at 7 am."
ON_TIME = "2025-01-10 09:00:00.000000 UTC"
LATE = "2025-01-20 09:00:00.000000 UTC"
CELL_TIMEOUT = 15  # generous: honest cells must never hit it on a loaded 2-core CI machine

#: Hostile code, placed in the answer cell of question 2 (answer_q2) before the answer.
#: ``{course}``, ``{canary}`` and ``{port}`` are filled in. Expected automatic points.
HOSTILE: dict[str, tuple[str, str, float]] = {
    # name: (code run before `answer_q2 = ...`, the answer given, expected points)
    "eve-loop": ("while True:\n    pass\n", '"d"', 7),
    "fay-memory": ("hog = bytearray(8 * 1024**3)\n", '"d"', 7),
    "gus-sysexit": ("import sys\nsys.exit(3)\n", '"d"', 7),
    "hal-osexit": ("import os\nos._exit(1)\n", '"d"', 7),
    "ivy-print": ("print('x' * 50_000_000)\n", '"d"', 8),
    "kim-edittest": ("", '"a"', 7),
    "lea-redefine": ("check_form = lambda *args: None\n"
                     "import course_kit.assessment as ca\n"
                     "ca.normalise_choice = lambda value, letters: 'd'\n", '"a"', 7),
    "max-monkey": (
        "import course_kit.exercises as ex\n"
        "ex.ChoiceExercise.is_correct = lambda self, value: True\n"
        "ex.answer_hash = lambda *a: 'x'\n", '"a"', 7),
    # Asking the kit for answers: the notebook's self-checks are other questions, so their
    # keys (brute-forced from the hashes, or unsealed) are no use here.
    "tia-askkit": (
        "from course_kit.modules.module01.selfcheck import quiz\n"
        "from course_kit.exercises import answer_hash, unseal\n"
        "found = [k for k in 'abcd' if quiz.q1.is_correct(k)]\n"
        "sealed = unseal(quiz.q1.solution_text)\n"
        "stolen = (found or ['a'])[0]\n", "stolen", 7),
    # Reading the package and the kit's own pools, looking for the key of question 2.
    "uma-readpkg": (
        "import pathlib, course_kit\n"
        "root = pathlib.Path(course_kit.__file__).resolve().parent\n"
        "stolen = 'a'\n"
        "places = [*root.rglob('*.py'), *root.rglob('*.toml'),\n"
        "          root.parent / 'exercises' / 'pools' / 'module01.toml',\n"
        "          pathlib.Path('{course}') / 'pools' / 'module01.toml']\n"
        "for path in places:\n"
        "    try:\n"
        "        text = path.read_text(errors='ignore')\n"
        "    except OSError:\n"
        "        continue\n"
        "    if 'Open two more evenings' in text and 'answer = \"d\"' in text:\n"
        "        stolen = 'd'\n"
        "        print('KEY-FOUND', path)\n", "stolen", 7),
    "ned-write": (
        "import os\n"
        "for target in ['{course}/source/module01/pwned.txt',\n"
        "               '{course}/submitted/ada/module01/pwned.txt',\n"
        "               '{course}/gradebook.db', '{canary}/pwned.txt', '/tmp/ck-pwned.txt',\n"
        "               '../../../../pwned.txt']:\n"
        "    try:\n"
        "        with open(target, 'a') as fh:\n"
        "            fh.write('pwned')\n"
        "        print('WROTE', target)\n"
        "    except OSError as exc:\n"
        "        print('WRITE-BLOCKED', type(exc).__name__)\n", '"d"', 8),
    "oli-read": (
        "for target in ['{course}/submitted/ada/module01/module01-assessment.ipynb',\n"
        "               '{course}/source/module01/module01-assessment.ipynb',\n"
        "               '{course}/gradebook.db', '{course}/course.toml', '{canary}/secret.txt']:\n"
        "    try:\n"
        "        print('LEAK', open(target, 'rb').read(40))\n"
        "    except OSError as exc:\n"
        "        print('READ-BLOCKED', type(exc).__name__)\n", '"d"', 8),
    "pat-delete": (
        "import os, shutil\n"
        "shutil.rmtree('{course}', ignore_errors=True)\n"
        "for target in ['{canary}/secret.txt', '{course}/gradebook.db']:\n"
        "    try:\n"
        "        os.remove(target)\n"
        "        print('DELETED', target)\n"
        "    except OSError as exc:\n"
        "        print('DELETE-BLOCKED', type(exc).__name__)\n"
        "for name in os.listdir('.'):\n"
        "    shutil.rmtree(name, ignore_errors=True)\n", '"d"', 8),
    "quin-net": (
        "import socket\n"
        "try:\n"
        "    socket.create_connection(('127.0.0.1', {port}), timeout=2).close()\n"
        "    print('NET-OPEN')\n"
        "except OSError as exc:\n"
        "    print('NET-BLOCKED', type(exc).__name__)\n", '"d"', 8),
    "rob-fork": (
        "import os, time\n"
        "made = 0\n"
        "try:\n"
        "    while True:\n"
        "        if os.fork() == 0:\n"
        "            try:\n"
        "                while True:\n"
        "                    os.fork()\n"
        "            except OSError:\n"
        "                time.sleep(120)\n"
        "            os._exit(0)\n"
        "        made += 1\n"
        "except OSError:\n"
        "    print('FORK-LIMITED after', made)\n", '"d"', 8),
    # Hand root's files to the sandbox user: the connection file, then the socket folder,
    # replaced by links to the trainer's files; the kernel exits so that it is restarted.
    "vic-chown": (
        "import os\nfrom ipykernel.connect import get_connection_file\n"
        "cf = get_connection_file()\n"
        "try:\n"
        "    os.remove(cf)\n"
        "    os.symlink('{canary}/secret.txt', cf)\n"
        "    print('LINKED', cf)\n"
        "except OSError as exc:\n"
        "    print('LINK-BLOCKED', type(exc).__name__)\n"
        "os._exit(1)\n", '"d"', 7),
    "wes-ipcdir": (
        "import os\nfrom ipykernel.connect import get_connection_file\n"
        "folder = os.path.dirname(get_connection_file())\n"
        "try:\n"
        "    os.rename(folder, folder + '-old')\n"
        "    os.symlink('{canary}/plant', folder)\n"
        "    print('LINKED', folder)\n"
        "except OSError as exc:\n"
        "    print('LINK-BLOCKED', type(exc).__name__)\n"
        "os._exit(1)\n", '"d"', 7),
    # 120 MB sent as display updates, which a per-cell output count never saw.
    "xia-update": (
        "from IPython.display import display\n"
        "handle = display('start', display_id=True)\n"
        "for i in range(40):\n"
        "    handle.update('y' * 3_000_000)\n", '"d"', 8),
    # Active content for the trainer's views (formgrader runs in the trainer's session).
    "yan-script": (
        "from IPython.display import display, HTML, Javascript, SVG\n"
        "js = (\"document.title = 'PWNED'; window.top.PWNED = 1; \"\n"
        "      \"fetch('/api/contents').then(r => r.text())\"\n"
        "      \".then(t => {{ window.top.LEAK = t; }});\")\n"
        "tag = '<img src=x onerror=\"' + js + '\">'\n"
        "display(HTML('<b>hello</b><script>' + js + '</script>' + tag))\n"
        "display(Javascript(js))\n"
        "svg = '<svg xmlns=\"http://www.w3.org/2000/svg\"><script>' + js + '</script></svg>'\n"
        "display(SVG(svg))\n",
        '"d"', 8),
    # Limits that must hold for the whole submission: memory across processes (a cgroup),
    # disk (a quota), SysV shared memory and /run (IPC namespace, a private /run),
    # other processes' command lines (PID namespace).
    "zed-limits": (
        "import ctypes, os, time\n"
        "kids = []\n"
        "for i in range(3):\n"
        "    pid = os.fork()\n"
        "    if pid == 0:\n"
        "        open('/proc/self/oom_score_adj', 'w').write('1000')\n"
        "        hog = bytearray(400 * 2**20)\n"
        "        for j in range(0, len(hog), 4096):\n"
        "            hog[j] = 1\n"
        "        time.sleep(3)\n"
        "        os._exit(0)\n"
        "    kids.append(pid)\n"
        "print('CHILDREN', [os.waitpid(p, 0)[1] for p in kids])\n"
        "written = 0\n"
        "for i in range(6):\n"
        "    try:\n"
        "        with open(f'big{{i}}.bin', 'wb') as fh:\n"
        "            fh.write(b'x' * (40 * 2**20))\n"
        "        written += 40\n"
        "    except OSError:\n"
        "        break\n"
        "print('DISK-MB', written)\n"
        "for name in os.listdir('.'):\n"
        "    if name.startswith('big'):\n"
        "        os.remove(name)\n"
        "print('SHM', ctypes.CDLL(None).shmget(0x5EED, 4096, 0o1666))\n"
        "try:\n"
        "    open('/run/lock/ck-pwned', 'w').write('x')\n"
        "except OSError as exc:\n"
        "    print('RUNLOCK', type(exc).__name__)\n"
        "print('PROCS', sum(p.isdigit() for p in os.listdir('/proc')))\n"
        "print('RUN', sorted(os.listdir('/run')))\n", '"d"', 8),
    # The memory stays full after the MemoryError (address space, RLIMIT_AS, not yet
    # touched): a fresh kernel replays the earlier cells.
    "bea-listbomb": (
        "import numpy as np\n"
        "keep = []\n"
        "while True:\n"
        "    keep.append(np.empty(100 * 2**20, dtype=np.uint8))\n", '"d"', 7),
    "sam-stubborn": (
        "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n"
        "    pass\n", '"d"', 7),
}
#: A reflection with active content too (the trainer opens it in formgrader).
SCRIPTED = "yan-script"
SCRIPT_REFLECTION = ("Persona <script>window.top.PWNED = 2;</script>"
                     "<img src=x onerror=\"window.top.PWNED = 3\"> [link](javascript:alert(1))")
#: A careless participant copies an answer and a test cell (metadata and all).
COPIED = "amy-copycell"
#: A notebook with more code cells than are run (the answers are still checked).
MANY_CELLS = "cal-manycells"
#: Deleting the test cell of question 2 (the answer is right): the test is put back.
DELETED_TEST = "jon-deltest"

EXPECTED_MODULE01: dict[str, float] = {
    "ada": 8, "ben": 4, "cy": 0, "dee": 8, DELETED_TEST: 8, COPIED: 8, MANY_CELLS: 8,
    **{name: spec[2] for name, spec in HOSTILE.items()},
}
EXPECTED_MODULE02: dict[str, float] = {"ada": 8, "ben": 4, "dee": 8}
PASSED = {"ada", "dee"}  # with ada's reflection graded 2/2 by hand, pass mark 50 %


def fill(release: Path, answers: dict[str, str], reflection: str | None,
         prefix: dict[str, str] | None = None) -> nbformat.NotebookNode:
    """A participant's notebook: ``answers`` typed in, optional code before an answer."""
    nb = nbformat.read(release, as_version=4)
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if not meta.get("solution"):
            continue
        if cell.cell_type == "code":
            var = cell.source.split("=")[0].splitlines()[-1].strip()
            if var in answers:
                cell.source = cell.source.replace("____", answers[var])
            if prefix and var in prefix:
                cell.source = prefix[var] + cell.source
        elif reflection is not None:
            cell.source = reflection
    return nb


def tree_hashes(*folders: Path) -> dict[str, str]:
    """sha256 of every file under ``folders`` (to prove nothing was touched)."""
    out = {}
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                out[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def make_course(target: Path, modules: tuple[str, ...] = ("module01", "module02"),
                db_url: str | None = None, pass_threshold: float = 0.5,
                release: bool = True) -> Path:
    """A copy of the frozen fixture course with module02 (a copy of module01), released
    unless ``release`` is false."""
    target.mkdir(parents=True, exist_ok=True)
    config = (FIXTURE / "nbgrader_config.py").read_text()
    if db_url:
        config += f"\nc.CourseDirectory.db_url = {db_url!r}\n"
    (target / "nbgrader_config.py").write_text(config)
    shutil.copytree(FIXTURE / "source" / "module01", target / "source" / "module01")
    (target / "pools").mkdir()
    pool = (FIXTURE / "pools" / "module01.toml").read_text()
    (target / "pools" / "module01.toml").write_text(pool)
    if "module02" in modules:
        (target / "source" / "module02").mkdir(parents=True)
        shutil.copy(FIXTURE / "source" / "module01" / NB1, target / "source" / "module02" / NB2)
        (target / "pools" / "module02.toml").write_text(
            pool.replace('module = "module01"', 'module = "module02"'))
    (target / "course.toml").write_text(f"""
[course]
title = "Building Relationships with Library Users"
trainer = "Rosa Trainer"
pass_threshold = {pass_threshold}
certificate_date = "2025-02-01"

[modules.module01]
title = "Module 1: Understanding Library Users"
hours = 2
due = "2025-01-15T17:00:00"

[modules.module02]
title = "Module 2 (a copy, for the tests)"
hours = 3

[grading]
cell_timeout = {CELL_TIMEOUT}
notebook_timeout = 90
memory_mb = 2048
output_bytes = 200000
max_cells = 50
total_memory_mb = 1024
disk_mb = 100
""")
    if release:
        release_assignments(target)
    return target


def build_inbox(course: Path, inbox: Path, canary: Path, port: int) -> Path:
    """The cohort's submissions, zipped: folder layout for some, flat names for others."""
    rel1 = course / "release" / "module01" / NB1
    rel2 = course / "release" / "module02" / NB2
    notebooks: dict[tuple[str, str], nbformat.NotebookNode] = {
        ("ada", "module01"): fill(rel1, RIGHT, REFLECTION),
        ("ben", "module01"): fill(rel1, PARTLY_WRONG, None),
        ("cy", "module01"): nbformat.read(rel1, as_version=4),
        ("dee", "module01"): fill(rel1, RIGHT, REFLECTION),
        ("ada", "module02"): fill(rel2, RIGHT, REFLECTION),
        ("ben", "module02"): fill(rel2, PARTLY_WRONG, None),
        ("dee", "module02"): fill(rel2, RIGHT, None),
    }
    deleted = fill(rel1, RIGHT, None)
    deleted.cells = [c for c in deleted.cells
                     if c.metadata.get("nbgrader", {}).get("grade_id") != "test_q2"]
    notebooks[(DELETED_TEST, "module01")] = deleted
    copied = fill(rel1, RIGHT, None)
    twins = [c for c in copied.cells if c.metadata.get("nbgrader", {}).get("grade_id") in
             ("answer_q3", "test_q3")]
    copied.cells += [nbformat.from_dict(json.loads(json.dumps(c))) for c in twins]
    notebooks[(COPIED, "module01")] = copied
    many = fill(rel1, RIGHT, None)
    many.cells += [nbformat.v4.new_code_cell(f"x{i} = {i}") for i in range(80)]
    notebooks[(MANY_CELLS, "module01")] = many
    for name, (code, answer, _) in HOSTILE.items():
        code = code.format(course=course, canary=canary, port=port)
        nb = fill(rel1, {**RIGHT, "answer_q2": answer}, None, prefix={"answer_q2": code})
        if name == SCRIPTED:
            nb = fill(rel1, {**RIGHT, "answer_q2": answer}, SCRIPT_REFLECTION,
                      prefix={"answer_q2": code})
        if name == "kim-edittest":
            for cell in nb.cells:
                if cell.metadata.get("nbgrader", {}).get("grade_id") == "test_q2":
                    cell.source = "pass  # nothing to check here"
        notebooks[(name, "module01")] = nb
    archive = inbox / "submissions.zip"
    inbox.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(archive, "w") as zf:
        for i, ((who, module), nb) in enumerate(sorted(notebooks.items())):
            name = NB1 if module == "module01" else NB2
            stamp = LATE if who == "dee" and module == "module01" else ON_TIME
            if i % 2:
                zf.writestr(f"export/{who}/{module}/{name}", nbformat.writes(nb))
                zf.writestr(f"export/{who}/{module}/timestamp.txt", stamp)
            else:
                info = zipfile.ZipInfo(f"mail/{who}_{module}.ipynb", (2025, 1, 10, 9, 0, 0))
                if who == "dee" and module == "module01":
                    info.date_time = (2025, 1, 20, 9, 0, 0)
                zf.writestr(info, nbformat.writes(nb))
    return archive


class Listener:
    """A TCP server on the host's loopback that counts connections (must stay at 0)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(0.5)
        self.port = self.sock.getsockname()[1]
        self.accepted = 0
        self._stop = False
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
                self.accepted += 1
                conn.close()
            except OSError:
                continue

    def close(self) -> None:
        self._stop = True
        self._thread.join(2)
        self.sock.close()


def _build(cache: Path) -> None:
    from course_kit.trainer.collect import collect
    from course_kit.trainer.grade import grade_course

    work = cache / "work"
    course = make_course(work / "course")
    canary = work / "canary"
    canary.mkdir()
    (canary / "secret.txt").write_text("the trainer's own file")
    (canary / "plant").mkdir()
    listener = Listener()
    try:
        archive = build_inbox(course, work / "inbox", canary, listener.port)
        report = collect(course, archive)
        guarded = (course / "source", course / "release", course / "submitted", canary)
        before = tree_hashes(*guarded)
        summary = grade_course(course, jobs=3, progress=False)  # three lanes: mostly waiting
        after = tree_hashes(*guarded)
        owners = {str(p): (p.lstat().st_uid, p.lstat().st_gid)
                  for p in [canary, *canary.rglob("*")]}
    finally:
        listener.close()
    (cache / "result.json").write_text(json.dumps({
        "course": str(course), "canary": str(canary), "before": before, "after": after,
        "connections": listener.accepted, "rows": summary.rows, "seconds": summary.seconds,
        "notes": summary.sandbox_notes, "collect": report.lines(),
        "host_tmp_pwned": Path("/tmp/ck-pwned.txt").exists(), "canary_owners": owners,
        "plant": sorted(os.listdir(canary / "plant")),
        "shm_keys": [line.split()[0] for line in
                     Path("/proc/sysvipc/shm").read_text().splitlines()[1:]],
        "run_lock_pwned": Path("/run/lock/ck-pwned").exists(),
    }, default=str))


def graded_cohort() -> tuple[Path, dict]:
    """The shared graded cohort for this test run: (its course folder, what happened)."""
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID") or f"pid{os.getpid()}"
    cache = Path(tempfile.gettempdir()) / f"course-kit-cohort-{run}"
    cache.mkdir(exist_ok=True)
    with open(cache / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (cache / "result.json").exists():
            _build(cache)
    result = json.loads((cache / "result.json").read_text())
    return Path(result["course"]), result


def copy_cohort(target: Path) -> Path:
    """A private copy of the graded cohort's course (tests may change it)."""
    course, _ = graded_cohort()
    dest = target / "course"
    shutil.copytree(course, dest, symlinks=True)
    return dest
