"""Bringing submissions into the course: from a folder or a zip, as a trainer receives them.

Two layouts are understood, at any depth inside the folder or zip:

* ``<participant>/<module>/<notebook>.ipynb`` (nbgrader's own layout, e.g. an LMS export);
* ``<participant>_<module>.ipynb`` (one file per e-mail), e.g. ``ana-lopez_module01.ipynb``.

A ``timestamp.txt`` beside a notebook gives its hand-in time; otherwise the file's time is
used (the zip entry's date, or the file's modification time). Each notebook is checked
(valid JSON notebook, known module, a notebook that module has, a safe size) and copied to
``submitted/<participant>/<module>/``. Participants new to the gradebook are registered
with the name as typed (or the one in the trainer's ``roster.csv``, see
:mod:`course_kit.trainer.roster`); a name that is not a person's (``Your Name``, a login
id) is reported.
An earlier, different submission is never overwritten silently: it is moved to
``superseded/<participant>/<module>/<time>/`` and the report says so. Files that cannot be
placed are listed with the reason.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import shutil
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import nbformat

from course_kit.grading import assignments, ensure_tools_on_path
from course_kit.trainer.config import course_id, db_url, private_results

__all__ = ["CollectReport", "Placed", "Skipped", "collect", "participant_id"]

MAX_BYTES = 20_000_000
#: Uncompressed bytes read from one zip in all (a zip bomb stops here).
MAX_ZIP_BYTES = 200_000_000
#: Why a zip, or a file in it, could not be read, in the trainer's words.
NOT_A_ZIP = ("this .zip file cannot be opened as a zip: it may be damaged or not fully "
             "downloaded; download it again")
DAMAGED = "damaged in the zip (it cannot be unpacked); ask for this file again"
_JUNK = re.compile(r"(^|/)(__MACOSX|\.DS_Store|\.ipynb_checkpoints|Thumbs\.db)(/|$)")


@dataclass(frozen=True)
class Placed:
    """A notebook copied into ``submitted/``."""

    participant: str
    module: str
    notebook: str
    source: str
    action: str
    """``new``, ``replaced`` (the earlier one was kept aside) or ``unchanged``."""
    kept_aside: str = ""


@dataclass(frozen=True)
class Skipped:
    """A file that could not be placed, and why."""

    source: str
    reason: str


@dataclass
class CollectReport:
    """What :func:`collect` did."""

    placed: list[Placed] = field(default_factory=list)
    """Submissions written: new, or replacing a different earlier one."""
    unchanged: list[Placed] = field(default_factory=list)
    """Submissions identical to what was already collected (nothing written)."""
    skipped: list[Skipped] = field(default_factory=list)
    new_participants: list[str] = field(default_factory=list)
    names_to_check: list[str] = field(default_factory=list)
    """New participants whose name is not a person's (a form's example, a login id)."""

    def lines(self) -> list[str]:
        """The report in plain sentences, one per file."""
        out = []
        for p in [*self.placed, *self.unchanged]:
            where = f"{p.participant}/{p.module}/{p.notebook}"
            if p.action == "replaced":
                out.append(f"replaced {where} (from {p.source}); the earlier submission is "
                           f"kept in {p.kept_aside}")
            elif p.action == "unchanged":
                out.append(f"unchanged {where} (same as already collected)")
            else:
                out.append(f"collected {where} (from {p.source})")
        out += [f"registered new participant {name}" for name in self.new_participants]
        out += [f"NOT PLACED {s.source}: {s.reason}" for s in self.skipped]
        out += [f"check the name of {text}" for text in self.names_to_check]
        return out

    def summary(self, where: object) -> str:
        """One closing line: how many were placed, already there, not placed."""
        if not (self.placed or self.unchanged or self.skipped):
            return (f"No notebooks found in {where}: hand-ins are .ipynb files or zips of "
                    "them, in one of the layouts of `course-kit collect --help`.")
        return (f"{len(self.placed)} placed, {len(self.unchanged)} already collected, "
                f"{len(self.skipped)} not placed.")


def participant_id(text: str) -> str:
    """A participant id: the name's letters and digits in any script, ``-``, ``_`` and ``.``.

    Unicode-aware (``Zoë Smith`` → ``zoë-smith``, ``Zoé Smith`` → ``zoé-smith``, ``王小明``
    stays), normalised (NFC, case folded) so the same name typed twice gives the same id.
    """
    import unicodedata

    text = unicodedata.normalize("NFC", unicodedata.normalize("NFKC", text.strip())).casefold()
    cleaned = re.sub(r"[^\w.-]+", "-", text).strip("-._")
    return unicodedata.normalize("NFC", cleaned)


def _typed_name(text: str) -> str:
    """The name as typed (spaces tidied), kept for the gradebook and the certificates."""
    import unicodedata

    return " ".join(unicodedata.normalize("NFC", text).split())


def _same_person(a: str, b: str) -> bool:
    """Two typed names that differ only in case, spacing or punctuation."""
    import unicodedata

    def key(text: str) -> str:
        return re.sub(r"[\W_]+", " ", unicodedata.normalize("NFKC", text).casefold()).strip()

    return key(a) == key(b)


def _notebook_names(course_dir: Path, module: str) -> list[str]:
    return sorted(p.name for p in (course_dir / "source" / module).glob("*.ipynb"))


def _naive_utc(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, tz=UTC).replace(tzinfo=None)


def _hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class _Candidate:
    source: str
    data: bytes
    participant: str
    module: str
    notebook: str
    when: datetime
    name: str = ""
    """The participant's name as typed in the file or folder name."""


def _place(rel: str, data: bytes, when: datetime, modules: dict[str, list[str]],
           stamps: dict[str, str]) -> _Candidate | Skipped:
    parts = [p for p in rel.split("/") if p]
    name = parts[-1]
    if not name.endswith(".ipynb"):
        return Skipped(rel, "not a notebook (.ipynb)")
    if len(data) > MAX_BYTES:
        return Skipped(rel, f"larger than {MAX_BYTES // 1_000_000} MB")
    participant = module = notebook = ""
    if len(parts) >= 3 and parts[-2] in modules:
        participant, module, notebook = parts[-3], parts[-2], name
    else:
        stem = name[: -len(".ipynb")]
        for mod in sorted(modules, key=len, reverse=True):
            match = re.fullmatch(rf"(.+?)[_\- ]+{re.escape(mod)}(?:[_\- ].*)?", stem,
                                 re.IGNORECASE)  # Ana_Module01.ipynb too
            if match:
                participant, module = match.group(1), mod
                break
        owner = next((m for m, names in sorted(modules.items()) if name in names), None)
        if not module and owner:  # the assessment itself, with no participant's name
            return Skipped(rel, f"cannot tell whose notebook this is: rename it "
                                f"<name>_{owner}.ipynb (for example Ana Lopez_{owner}.ipynb)"
                                f" or put it in a folder <name>/{owner}/")
        if not module:
            known = ", ".join(sorted(modules))
            return Skipped(rel, f"cannot tell the module: expected participant/MODULE/"
                                f"notebook.ipynb or participant_MODULE.ipynb (modules: {known})")
        if len(modules[module]) != 1:
            return Skipped(rel, f"{module} has several notebooks; use the folder layout "
                                f"participant/{module}/<notebook>.ipynb")
        notebook = modules[module][0]
    if notebook not in modules[module]:
        return Skipped(rel, f"{module} has no notebook called {notebook} "
                            f"(expected {', '.join(modules[module])})")
    pid = participant_id(participant)
    if not pid:
        return Skipped(rel, "no usable participant name in the path")
    try:
        nb = nbformat.reads(data.decode("utf-8"), as_version=4)
        nbformat.validate(nb)
    except Exception as exc:  # any unreadable notebook is reported
        return Skipped(rel, "not a valid notebook: the file is damaged, cut short or not "
                            f"a Jupyter notebook; ask for it again ({type(exc).__name__})")
    folder = "/".join(parts[:-1])
    stamp = stamps.get(folder)
    if stamp:
        from nbgrader.utils import parse_utc

        with contextlib.suppress(ValueError, OverflowError):
            when = parse_utc(stamp.strip()).replace(tzinfo=None)
    return _Candidate(rel, data, pid, module, notebook, when, _typed_name(participant))


def _read_folder(path: Path) -> tuple[list[tuple[str, bytes, datetime]], list[Skipped],
                                      dict[str, str]]:
    files, skipped, stamps = [], [], {}
    for item in sorted(path.rglob("*")):
        rel = item.relative_to(path).as_posix()
        if _JUNK.search(rel):
            continue
        if item.is_symlink():
            skipped.append(Skipped(rel, "a symbolic link (not followed)"))
            continue
        if not item.is_file():
            continue
        if item.name == "timestamp.txt":
            stamps[item.parent.relative_to(path).as_posix()] = item.read_text(errors="replace")
            continue
        when = _naive_utc(item.stat().st_mtime)
        if item.stat().st_size > MAX_BYTES:
            skipped.append(Skipped(rel, f"larger than {MAX_BYTES // 1_000_000} MB"))
            continue
        files.append((rel, item.read_bytes(), when))
    return files, skipped, stamps


def _read_zip(path: Path) -> tuple[list[tuple[str, bytes, datetime]], list[Skipped],
                                   dict[str, str]]:
    files, skipped, stamps = [], [], {}
    total = 0
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            rel = info.filename.replace("\\", "/")
            if info.is_dir() or _JUNK.search(rel):
                continue
            if rel.startswith("/") or ".." in rel.split("/"):
                skipped.append(Skipped(rel, "unsafe path in the zip (absolute or '..')"))
                continue
            if info.file_size > MAX_BYTES:
                skipped.append(Skipped(rel, f"larger than {MAX_BYTES // 1_000_000} MB"))
                continue
            if total + info.file_size > MAX_ZIP_BYTES:
                skipped.append(Skipped(rel, f"the zip holds more than "
                                            f"{MAX_ZIP_BYTES // 1_000_000} MB in all; not read"))
                continue
            try:
                with archive.open(info) as fh:  # read at most the limit, whatever the header says
                    data = fh.read(MAX_BYTES + 1)
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError):
                skipped.append(Skipped(rel, DAMAGED))
                continue
            total += len(data)
            if len(data) > MAX_BYTES:
                skipped.append(Skipped(rel, f"larger than {MAX_BYTES // 1_000_000} MB"))
                continue
            if rel.rsplit("/", 1)[-1] == "timestamp.txt":
                stamps[rel.rsplit("/", 1)[0] if "/" in rel else ""] = data.decode(errors="replace")
                continue
            when = datetime(*info.date_time)
            files.append((rel, data, when))
    return files, skipped, stamps


@private_results()
def collect(course_dir: Path, source: Path, now: datetime | None = None) -> CollectReport:
    """Import the submissions in ``source`` (a folder or a .zip) into ``course_dir``."""
    from nbgrader.api import Gradebook, MissingEntry

    ensure_tools_on_path()
    report = CollectReport()
    modules = {m: _notebook_names(course_dir, m) for m in assignments(course_dir)}
    if source.is_dir():
        files, skipped, stamps = _read_folder(source)
    elif zipfile.is_zipfile(source):
        files, skipped, stamps = _read_zip(source)
    elif source.suffix.lower() == ".zip":
        files, skipped, stamps = [], [Skipped(source.name, NOT_A_ZIP)], {}
    elif source.is_file():
        files, skipped, stamps = [(source.name, source.read_bytes(), _naive_utc(
            source.stat().st_mtime))], [], {}
    else:
        raise FileNotFoundError(f"No folder or zip at {source}")
    report.skipped += skipped
    chosen: dict[tuple[str, str, str], _Candidate] = {}
    names: dict[str, str] = {}  # id -> the name it was made from (two people, one id: refused)
    for rel, data, when in files:
        result = _place(rel, data, when, modules, stamps)
        if isinstance(result, Skipped):
            report.skipped.append(result)
            continue
        first = names.setdefault(result.participant, result.name)
        if not _same_person(first, result.name):
            report.skipped.append(Skipped(rel, f"the name {result.name!r} gives the id "
                                               f"{result.participant}, already used for "
                                               f"{first!r}; rename one of the files"))
            continue
        key = (result.participant, result.module, result.notebook)
        other = chosen.get(key)
        if other is None or result.when > other.when:
            if other is not None:
                report.skipped.append(Skipped(other.source, f"an older copy of {'/'.join(key)};"
                                                            f" the newer {result.source} is used"))
            chosen[key] = result
        else:
            report.skipped.append(Skipped(rel, f"an older copy of {'/'.join(key)}; the newer "
                                               f"{other.source} is used"))
    stamp_now = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S")
    from course_kit.trainer.roster import ROSTER_FILE, load_roster, placeholder_reason

    people = load_roster(course_dir)
    with Gradebook(db_url(course_dir), course_id(course_dir)) as gb:
        for key in sorted(chosen):
            cand = chosen[key]
            try:
                known = gb.find_student(cand.participant)
                recorded = " ".join(filter(None, [known.first_name, known.last_name]))
                if recorded and not _same_person(recorded, cand.name) and \
                        participant_id(recorded) == cand.participant:
                    report.skipped.append(Skipped(
                        cand.source, f"the id {cand.participant} belongs to {recorded!r}, "
                                     f"not {cand.name!r}; rename the file"))
                    continue
            except MissingEntry:
                person = people.get(cand.participant)
                name = person.name if person and person.name else cand.name
                first, _, last = name.rpartition(" ")
                gb.update_or_create_student(cand.participant, first_name=first or last,
                                            last_name=last if first else None,
                                            email=person.email or None if person else None)
                if cand.participant not in report.new_participants:
                    report.new_participants.append(cand.participant)
                    reason = placeholder_reason(cand.participant, name)
                    if reason:
                        report.names_to_check.append(
                            f"{cand.participant}: {reason}; give the name in {ROSTER_FILE} "
                            "in the course folder (columns id,name,email)")
            folder = course_dir / "submitted" / cand.participant / cand.module
            target = folder / cand.notebook
            action, aside = "new", ""
            if target.exists():
                if _hash(target.read_bytes()) == _hash(cand.data):
                    report.unchanged.append(Placed(*key, cand.source, "unchanged"))
                    continue
                keep = course_dir / "superseded" / cand.participant / cand.module / stamp_now
                keep.mkdir(parents=True, exist_ok=True)
                shutil.move(str(target), keep / cand.notebook)
                if (folder / "timestamp.txt").exists():
                    shutil.copy2(folder / "timestamp.txt", keep / "timestamp.txt")
                action, aside = "replaced", str(keep.relative_to(course_dir))
            folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=folder, delete=False, suffix=".part") as tmp:
                tmp.write(cand.data)
            Path(tmp.name).replace(target)
            (folder / "timestamp.txt").write_text(
                cand.when.strftime("%Y-%m-%d %H:%M:%S.%f UTC") + "\n", encoding="utf-8")
            report.placed.append(Placed(*key, cand.source, action, aside))
    return report
