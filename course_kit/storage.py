"""Saving a participant's work so that nothing is lost.

Work (a persona, notes, answers) is kept as JSON in a ``my_work/`` folder next to the
notebooks. Every save writes a temporary file in the same folder and then renames it over
the old one, so a crash or a full disk never leaves a half-written file behind. A file that
cannot be read is moved aside as a backup, never deleted, and the participant is told.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

__all__ = [
    "WORK_DIR_ENV",
    "WorkStore",
    "find_project_root",
    "work_dir",
    "work_files",
    "zip_work",
]

#: Environment variable that overrides where work is saved (used by tests and Binder).
WORK_DIR_ENV = "COURSE_KIT_WORK_DIR"

#: A temporary file of a save older than this (seconds) was left by an interrupted save.
STALE_TMP_SECONDS = 60.0

_ROOT_MARKERS = ("datasets/datapackage.json", "notebooks")


def find_project_root(start: Path | None = None) -> Path | None:
    """Return the nearest folder at or above ``start`` that holds the course kit.

    The course kit's folder is recognised by its ``datasets/datapackage.json`` and its
    ``notebooks/`` folder. Returns ``None`` when there is none.
    """
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if all((folder / marker).exists() for marker in _ROOT_MARKERS):
            return folder
    return None


class WorkFolder(type(Path())):  # type: ignore[misc]
    """A path that a notebook shows as the plain folder name, not ``PosixPath('…')``."""

    def _repr_pretty_(self, printer: Any, _cycle: bool) -> None:
        printer.text(str(self))


def work_dir() -> Path:
    """Return the folder where participant work is saved (created when missing).

    In order: the ``COURSE_KIT_WORK_DIR`` environment variable; ``my_work/`` in the course
    kit's folder; ``my_work/`` in the current folder.
    """
    override = os.environ.get(WORK_DIR_ENV)
    if override:
        folder = Path(override).expanduser()
    else:
        root = find_project_root()
        folder = (root or Path.cwd()) / "my_work"
    folder.mkdir(parents=True, exist_ok=True)
    return WorkFolder(folder)


def _safe_name(name: str) -> str:
    cleaned = "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in name.strip())
    cleaned = cleaned.strip(".-")
    if not cleaned:
        raise ValueError("A saved-work file needs a name made of letters or digits.")
    return cleaned


@dataclass
class WorkStore:
    """One JSON file of saved work, e.g. ``my_work/module01-persona.json``.

    >>> store = WorkStore("module01-persona")            # doctest: +SKIP
    >>> store.save({"name": "Maria"})                     # doctest: +SKIP
    >>> store.load()                                      # doctest: +SKIP
    {'name': 'Maria'}
    """

    name: str
    directory: Path | None = None
    #: A plain-language message about the last load, e.g. that a damaged file was set aside.
    notice: str = field(default="", init=False)

    @property
    def path(self) -> Path:
        """The file this store reads and writes."""
        folder = self.directory if self.directory is not None else work_dir()
        return Path(folder) / f"{_safe_name(self.name)}.json"

    def exists(self) -> bool:
        """True when some work has been saved before."""
        return self.path.exists()

    def load(self) -> dict[str, Any]:
        """Return the saved work, or an empty dict when nothing was saved yet.

        A damaged file is renamed to ``<name>.damaged-<time>.json`` (kept, not deleted), an
        empty dict is returned and :attr:`notice` explains what happened in plain words.
        """
        self.notice = ""
        path = self.path
        self._clean_stale_temporaries(path)
        if not path.exists():
            return {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
        except (ValueError, UnicodeDecodeError) as exc:
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            backup = path.with_name(f"{path.stem}.damaged-{stamp}.json")
            os.replace(path, backup)
            self.notice = (
                f"Your saved file {path.name} could not be read, so it was set aside as "
                f"{backup.name} (nothing was deleted). You are starting with an empty form; "
                f"a trainer can help recover the old file. ({exc})"
            )
            return {}
        return data

    @staticmethod
    def _clean_stale_temporaries(path: Path, older_than: float = STALE_TMP_SECONDS) -> None:
        """Remove ``.<name>.*.tmp`` files left by saves that were interrupted (a killed
        kernel). Only old ones: a save in progress in another kernel is left alone."""
        cutoff = time.time() - older_than
        try:
            leftovers = list(path.parent.glob(f".{path.stem}.*.tmp"))
        except OSError:
            return
        for leftover in leftovers:
            try:
                if leftover.stat().st_mtime < cutoff:
                    leftover.unlink()
            except OSError:
                continue

    def save(self, data: dict[str, Any]) -> Path:
        """Write ``data`` atomically and return the file's path.

        The data go to a temporary file in the same folder first, which is then renamed
        over the old file: a reader sees either the old or the new work, never half.
        """
        path = self.path
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp_name, path)
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise
        return path


def work_files(directory: Path | None = None) -> list[Path]:
    """The saved-work files in ``directory`` (default ``my_work/``), sorted.

    Hidden files and folders are left out: JupyterLab's ``.ipynb_checkpoints`` copies, the
    temporary files of saves in progress.
    """
    folder = Path(directory if directory is not None else work_dir())
    return [
        item for item in sorted(folder.rglob("*"))
        if item.is_file()
        and not any(part.startswith(".") for part in item.relative_to(folder).parts)
    ]


def zip_work(directory: Path | None = None) -> bytes:
    """Return all saved work (JSON, Markdown and HTML files) as the bytes of a zip file.

    Used by the "download my work" button: Binder sessions vanish, a download stays.
    """
    folder = directory if directory is not None else work_dir()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for item in work_files(Path(folder)):
            archive.write(item, arcname=str(Path("my_work") / item.relative_to(folder)))
    return buffer.getvalue()
