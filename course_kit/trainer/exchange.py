"""nbgrader's exchange on a JupyterHub: release, collect and feedback through it.

On a hub (see ``deploy/jupyterhub/`` and ``docs/jupyterhub.md``) participants fetch and
hand in their assessments from the Assignments tab of their own JupyterLab. nbgrader's
*exchange*, a folder every user of the machine can reach, carries the files:

* ``<root>/<course>/outbound/<module>/``: what the trainer released (participants fetch it);
* ``<root>/<course>/inbound/<user>+<module>+<time>+<random>/``: one folder per hand-in,
  with ``timestamp.txt`` and ``submission_secret.txt`` beside the notebooks;
* ``<root>/<course>/feedback/<hash>.html``: feedback, named by a hash of the hand-in's
  secret, so that only the participant who handed it in can find it.

This module joins the kit's own commands to it. Releasing uses nbgrader's own exchange
class. Collecting reads the inbound folders with the checks a shared folder needs (the
folder and its files must belong to the user it names; no links; a size limit; a hand-in
time far earlier than the system saw the notebook is not believed), keeps each participant's
newest hand-in per module and hands them to :func:`course_kit.trainer.collect.collect`,
exactly as if they came from a folder. Feedback publishes the kit's own pages (no hidden
tests) under the names nbgrader's ``fetch_feedback`` looks for.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import stat
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from course_kit.trainer.collect import MAX_BYTES, CollectReport, Skipped, collect, participant_id
from course_kit.trainer.config import course_id

__all__ = [
    "EXCHANGE_ENV",
    "Handin",
    "collect_exchange",
    "inbound_handins",
    "publish_assignments",
    "publish_feedback",
]

#: The environment variable that names the exchange folder (set by the hub for every user).
EXCHANGE_ENV = "COURSE_KIT_EXCHANGE"
#: At most this many files are read from one hand-in (the kit's assessments have one).
MAX_FILES = 20
#: A submission secret is 128 hex digits (nbgrader's ``secrets.token_hex(64)``).
_SECRET = re.compile(r"[0-9a-f]{16,256}")
_INBOUND = re.compile(r"(?P<user>[^+/]+)\+(?P<module>[^+/]+)\+(?P<time>[^+/]+)(\+[^+/]*)?")


def _nbgrader_config(course_dir: Path) -> Any:
    from traitlets.config.loader import PyFileConfigLoader

    return PyFileConfigLoader("nbgrader_config.py", path=str(course_dir)).load_config()


def publish_assignments(course_dir: Path, exchange: Path, modules: list[str]) -> list[Path]:
    """Copy ``release/<module>/`` to the exchange's ``outbound/<module>/`` (replacing it).

    nbgrader's own ``ExchangeReleaseAssignment`` does the copy and sets the permissions:
    everyone may read ``outbound``, hand in to ``inbound`` and not list it. Returns the
    folders published. Raises ``RuntimeError`` with nbgrader's message when it refuses.
    """
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.exchange import ExchangeError
    from nbgrader.exchange.default import ExchangeReleaseAssignment

    config = _nbgrader_config(course_dir)
    published = []
    for module in modules:
        coursedir = CourseDirectory(config=config, root=str(course_dir))
        coursedir.assignment_id = module
        coursedir.course_id = course_id(course_dir)
        release = ExchangeReleaseAssignment(
            coursedir=coursedir, authenticator=Authenticator(config=config), config=config,
            root=str(exchange), force=True)
        try:
            release.start()
        except ExchangeError as exc:
            raise RuntimeError(f"nbgrader could not publish {module} to the exchange at "
                               f"{exchange}: {exc}") from exc
        published.append(exchange / coursedir.course_id / "outbound" / module)
    return published


@dataclass(frozen=True)
class Handin:
    """One hand-in found in the exchange's inbound folder."""

    participant: str
    module: str
    folder: Path
    when: datetime
    stamp: str
    """The time as nbgrader wrote it in ``timestamp.txt``."""
    secret: str
    notebooks: tuple[Path, ...]


def _read_small(path: Path, limit: int = 1000) -> str:
    with open(path, "rb") as fh:
        return fh.read(limit).decode("utf-8", errors="replace").strip()


def _read_owned(path: Path, user: str, read: bool = True) -> bytes | str:
    """The file's bytes (``b""`` when not ``read``), or why not: opened without following
    links, a regular file of ``user``'s, at most :data:`MAX_BYTES` (checked on the open
    file, not before)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:
        return f"cannot be read ({exc.strerror})"
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return "not a regular file"
        owner = _name_of(info.st_uid)
        if owner != user:
            return f"belongs to {owner!r}, not to {user!r}"
        if info.st_size > MAX_BYTES:
            return f"larger than {MAX_BYTES // 1_000_000} MB"
        data = fh.read(MAX_BYTES + 1) if read else b""
    if len(data) > MAX_BYTES:
        return f"larger than {MAX_BYTES // 1_000_000} MB"
    return data


def _name_of(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"user id {uid}"


def _check_handin(folder: Path, modules: set[str]) -> Handin | Skipped:
    from nbgrader.utils import parse_utc

    name = folder.name
    match = _INBOUND.fullmatch(name)
    if match is None:
        return Skipped(name, "not an nbgrader hand-in (expected user+module+time+code)")
    user, module = match["user"], match["module"]
    if folder.is_symlink() or not folder.is_dir():
        return Skipped(name, "not a folder (links are not followed)")
    owner = _name_of(folder.lstat().st_uid)
    if owner != user:
        return Skipped(name, f"the folder says {user!r} but belongs to {owner!r}; "
                             "a hand-in must come from the participant's own account")
    if module not in modules:
        return Skipped(name, f"no module called {module!r} in this course")
    entries = sorted(folder.iterdir())
    if len(entries) > MAX_FILES:
        return Skipped(name, f"more than {MAX_FILES} files in one hand-in")
    stamp, secret, notebooks, changed = match["time"], "", [], 0.0
    for entry in entries:
        if entry.name not in ("timestamp.txt", "submission_secret.txt") and \
                entry.suffix != ".ipynb":
            continue  # other files are never read
        data = _read_owned(entry, user, read=entry.suffix != ".ipynb")
        if isinstance(data, str):
            return Skipped(f"{name}/{entry.name}", data)
        if entry.name == "timestamp.txt":
            stamp = data[:100].decode("utf-8", errors="replace").strip() or stamp
        elif entry.name == "submission_secret.txt":
            secret = data[:300].decode("utf-8", errors="replace").strip()
        else:
            notebooks.append(entry)
            changed = max(changed, entry.lstat().st_ctime)
    if not notebooks:
        return Skipped(name, "no notebook in the hand-in")
    try:
        when = parse_utc(stamp).replace(tzinfo=None)
    except (ValueError, OverflowError, TypeError):
        return Skipped(name, f"cannot read the hand-in time {stamp[:60]!r}")
    # The time is written by the participant's own account. The system's clock (the
    # notebook's last change, which no user can set) wins when it is much later.
    system = datetime.fromtimestamp(changed, tz=UTC).replace(tzinfo=None)
    if system - when > timedelta(minutes=10):
        when, stamp = system, system.strftime("%Y-%m-%d %H:%M:%S.%f UTC")
    if not _SECRET.fullmatch(secret):
        secret = ""  # an older nbgrader, or an edited file: feedback cannot be returned
    return Handin(user, module, folder, when, stamp, secret, tuple(notebooks))


def inbound_handins(course_dir: Path, exchange: Path) -> tuple[list[Handin], list[Skipped]]:
    """Each participant's newest hand-in per module in the exchange, and what was refused.

    Older hand-ins of the same participant and module are left in the exchange (as
    nbgrader's own ``collect`` does). Notebooks are checked here and read later.
    """
    from course_kit.grading import assignments

    inbound = exchange / course_id(course_dir) / "inbound"
    if not inbound.is_dir():
        raise FileNotFoundError(f"No inbound folder at {inbound}: has the course been "
                                "released to the exchange (course-kit release)?")
    modules = set(assignments(course_dir))
    newest: dict[tuple[str, str], Handin] = {}
    refused: list[Skipped] = []
    for folder in sorted(inbound.iterdir()):
        found = _check_handin(folder, modules)
        if isinstance(found, Skipped):
            refused.append(found)
            continue
        key = (found.participant, found.module)
        if key not in newest or found.when > newest[key].when:
            newest[key] = found
    return [newest[key] for key in sorted(newest)], refused


def collect_exchange(course_dir: Path, exchange: Path) -> CollectReport:
    """Collect the exchange's hand-ins into ``submitted/``, as :func:`collect` does a folder.

    Hand-in times come from nbgrader's ``timestamp.txt``. Each placed hand-in's submission
    secret is kept beside it (``submission_secret.txt``, as nbgrader does), so that its
    feedback can be returned through the exchange.
    """
    handins, refused = inbound_handins(course_dir, exchange)
    with tempfile.TemporaryDirectory(prefix="course-kit-inbound-") as tmp:
        staged = Path(tmp)
        for handin in handins:
            folder = staged / handin.participant / handin.module
            folder.mkdir(parents=True)
            for notebook in handin.notebooks:
                data = _read_owned(notebook, handin.participant)  # checked again, read once
                if isinstance(data, str):
                    refused.append(Skipped(f"{handin.folder.name}/{notebook.name}", data))
                    continue
                (folder / notebook.name).write_bytes(data)
            (folder / "timestamp.txt").write_text(handin.stamp, encoding="utf-8")
        report = collect(course_dir, staged)
    report.skipped[:0] = [Skipped(f"exchange inbound/{s.source}", s.reason) for s in refused]
    secrets = {(participant_id(h.participant), h.module): h.secret for h in handins}
    for placed in report.placed:
        target = course_dir / "submitted" / placed.participant / placed.module
        secret_file = target / "submission_secret.txt"
        with contextlib.suppress(FileNotFoundError):
            secret_file.unlink()
        secret = secrets.get((placed.participant, placed.module), "")
        if secret:
            fd = os.open(secret_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(secret)
    return report


def publish_feedback(course_dir: Path, exchange: Path,
                     pages: list[Path]) -> tuple[list[Path], list[Skipped]]:
    """Put each feedback page (``feedback/<participant>/<module>/feedback.html``) in the
    exchange, under the name nbgrader's ``fetch_feedback`` looks for.

    A page is published once per notebook of the submission (as ``<notebook>.html`` on the
    participant's side). Submissions without a secret (collected from a folder or a zip)
    cannot be returned this way; they are listed with the reason.
    """
    from nbgrader.utils import notebook_hash

    outbound = exchange / course_id(course_dir) / "feedback"
    if not outbound.parent.is_dir():
        raise FileNotFoundError(f"No course at {outbound.parent}: release to the exchange "
                                "first (course-kit release)")
    if not outbound.is_dir():
        outbound.mkdir()
    os.chmod(outbound, 0o711)  # others may open a page by its name, not list them
    written: list[Path] = []
    missed: list[Skipped] = []
    for page in pages:
        participant, module = page.parent.parent.name, page.parent.name
        submission = course_dir / "submitted" / participant / module
        secret_file = submission / "submission_secret.txt"
        if not secret_file.is_file():
            missed.append(Skipped(str(page.relative_to(course_dir)),
                                  "not handed in through the exchange (no submission "
                                  "secret); give the participant this page yourself"))
            continue
        secret = _read_small(secret_file, 300)
        for notebook in sorted(submission.glob("*.ipynb")):
            name = notebook_hash(secret=secret, notebook_id=notebook.stem)
            target = outbound / f"{name}.html"
            with tempfile.NamedTemporaryFile(dir=outbound, delete=False,
                                             suffix=".part") as tmp:
                tmp.write(page.read_bytes())
            os.chmod(tmp.name, 0o644)
            Path(tmp.name).replace(target)
            written.append(target)
    return written, missed
