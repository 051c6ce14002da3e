"""The trainer's settings: the course, the gradebook, the pass mark, the sandbox limits.

Two files say everything about a cohort:

* ``nbgrader_config.py`` (nbgrader's own): the course id and, optionally, ``db_url`` (the
  gradebook: SQLite by default, PostgreSQL when set);
* ``course.toml`` (the kit's, optional): the course title, the trainer's name, the hours and
  due date of each module, the pass mark and the grading limits. See
  ``exercises/course.toml`` for a commented example.
"""

from __future__ import annotations

import functools
import inspect
import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

__all__ = [
    "CONFIG_NAME",
    "PRIVATE_PATHS",
    "CourseConfig",
    "Limits",
    "ModuleConfig",
    "SettingsError",
    "course_id",
    "db_url",
    "default_course_dir",
    "load_config",
    "make_private",
    "nbgrader_config",
    "private_results",
]

#: The kit's trainer settings file, in the nbgrader course folder.
CONFIG_NAME = "course.toml"


@dataclass(frozen=True)
class Limits:
    """What one submission may use while it is graded."""

    cell_timeout: int = 60
    """Seconds one cell may run before it is stopped (and the kernel restarted)."""
    notebook_timeout: int = 600
    """Seconds (wall clock) the whole notebook may take; later cells score 0."""
    max_cells: int = 300
    """Code cells run per notebook; later ones are not run (answers are still checked)."""
    memory_mb: int = 2048
    """Address-space limit of the participant's kernel (RLIMIT_AS), in MiB."""
    output_bytes: int = 1_000_000
    """Output kept per cell; the rest is dropped with a note."""
    notebook_output_bytes: int = 5_000_000
    """Output kept for the whole notebook, whatever message carries it (display updates
    and widget messages included); the rest is dropped with a note."""
    processes: int = 128
    """Processes and threads the kernel's user may run at once (RLIMIT_NPROC)."""
    file_mb: int = 64
    """Largest file the kernel may write (RLIMIT_FSIZE), in MiB."""
    disk_mb: int = 256
    """Disk quota of the kernel's folder (a size-limited tmpfs, as root), in MiB."""
    total_memory_mb: int = 4096
    """Memory of the whole submission, all its processes together (a cgroup, as root)."""
    network: bool = False
    """Allow network access (default: a new, empty network namespace)."""

    def with_overrides(self, **changes: Any) -> Limits:
        """A copy with the given fields changed (``None`` values are ignored)."""
        values = {k: v for k, v in changes.items() if v is not None}
        return Limits(**{**self.__dict__, **values})


@dataclass(frozen=True)
class ModuleConfig:
    """One graded module: its hours on the certificate and its due date."""

    name: str
    hours: float = 0.0
    due: datetime | None = None
    title: str = ""


@dataclass(frozen=True)
class CourseConfig:
    """The trainer's settings for one cohort (from ``course.toml``)."""

    title: str = "Building Relationships with Library Users"
    trainer: str = "The course trainer"
    organisation: str = ""
    pass_threshold: float = 0.7
    """Share of all points (0 to 1) a participant needs for a certificate."""
    module_threshold: float | None = None
    """Share of a module's points that counts it as completed (default: pass_threshold)."""
    modules: dict[str, ModuleConfig] = field(default_factory=dict)
    limits: Limits = field(default_factory=Limits)
    certificate_date: date | None = None
    """The date printed on certificates (default: the day they are made)."""
    cohort_secret: str = ""
    """Shuffles each cohort's answer choices at release (empty: the published order)."""

    @property
    def completion_threshold(self) -> float:
        """Share of a module's points that counts the module as completed."""
        return self.pass_threshold if self.module_threshold is None else self.module_threshold

    def module(self, name: str) -> ModuleConfig:
        """The settings of module ``name``: ``course.toml``'s, else the module's manifest.

        The title and hours come from the manifest unless the trainer sets them.
        """
        from course_kit.manifest import find

        given = self.modules.get(name, ModuleConfig(name))
        manifest = find(name)
        if manifest is None:
            return given
        return ModuleConfig(name=name, hours=given.hours or manifest.hours, due=given.due,
                            title=given.title or manifest.label)


class SettingsError(ValueError):
    """course.toml cannot be read, or a setting in it has the wrong form (said in words)."""


def _number(value: Any, name: str, file: Path) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        raise SettingsError(f"{file}: {name} must be a number, not {value!r}") from None


def _datetime(value: Any) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, 23, 59, 59)
    return datetime.fromisoformat(str(value))


def load_config(course_dir: Path, path: Path | None = None) -> CourseConfig:
    """Read ``course.toml`` (next to nbgrader_config.py, or ``path``); defaults if absent.

    Raises :class:`SettingsError` (a ``ValueError``) in plain words, naming the setting
    when it can, when the file cannot be read or a value has the wrong form.
    """
    file = path or course_dir / CONFIG_NAME
    if not file.exists():
        if path is not None:
            raise FileNotFoundError(f"No trainer settings file at {file}")
        return CourseConfig()
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{file} cannot be read: {exc}") from None
    try:
        return _settings(data, file)
    except SettingsError:
        raise
    except (TypeError, ValueError) as exc:
        raise SettingsError(f"{file}: a setting has the wrong form ({exc}); compare it with "
                            "the commented example, exercises/course.toml") from None


def _settings(data: dict[str, Any], file: Path) -> CourseConfig:
    course = data.get("course", {})
    modules = {
        name: ModuleConfig(name=name, hours=_number(spec.get("hours", 0) or 0,
                                                    f"modules.{name}.hours", file),
                           due=_datetime(spec.get("due")), title=str(spec.get("title", "")))
        for name, spec in data.get("modules", {}).items()
    }
    grading = data.get("grading", {})
    unknown = sorted(set(grading) - set(Limits().__dict__))
    if unknown:
        raise SettingsError(f"{file}: [grading] has no setting {', '.join(unknown)}; its "
                            f"settings are {', '.join(Limits().__dict__)}")
    limits = Limits().with_overrides(**grading)
    threshold = _number(course.get("pass_threshold", 0.7), "course.pass_threshold", file)
    if not 0 <= threshold <= 1:
        raise SettingsError(f"{file}: course.pass_threshold must be between 0 and 1, "
                            f"not {threshold}")
    module_threshold = course.get("module_threshold")
    cert_date = course.get("certificate_date")
    if isinstance(cert_date, str):
        cert_date = date.fromisoformat(cert_date)
    return CourseConfig(
        title=str(course.get("title", CourseConfig.title)),
        trainer=str(course.get("trainer", CourseConfig.trainer)),
        organisation=str(course.get("organisation", "")),
        pass_threshold=threshold,
        module_threshold=None if module_threshold is None else float(module_threshold),
        modules=modules,
        limits=limits,
        certificate_date=cert_date,
        cohort_secret=str(course.get("cohort_secret", "")),
    )


def nbgrader_config(course_dir: Path) -> Any:
    """The course's nbgrader_config.py as a traitlets ``Config`` (empty when there is none)."""
    from traitlets.config.loader import PyFileConfigLoader

    file = course_dir / "nbgrader_config.py"
    if not file.exists():
        from traitlets.config import Config

        return Config()
    loader = PyFileConfigLoader("nbgrader_config.py", path=str(course_dir))
    return loader.load_config()


def db_url(course_dir: Path) -> str:
    """The gradebook's address: nbgrader_config.py's ``db_url``, else ``gradebook.db`` there.

    ``COURSE_KIT_DB_URL`` in the environment wins over both (handy for a one-off run).
    """
    env = os.environ.get("COURSE_KIT_DB_URL")
    if env:
        return env
    config = nbgrader_config(course_dir)
    url = config.get("CourseDirectory", {}).get("db_url")
    if url:
        return str(url)
    return f"sqlite:///{(course_dir / 'gradebook.db').resolve()}"


def course_id(course_dir: Path) -> str:
    """The course id from nbgrader_config.py (nbgrader's default when unset)."""
    config = nbgrader_config(course_dir)
    return str(config.get("CourseDirectory", {}).get("course_id") or "default_course")


def default_course_dir() -> Path | None:
    """The kit's own nbgrader course (``exercises/``), when run inside the kit."""
    from course_kit.storage import find_project_root

    root = find_project_root()
    return None if root is None else root / "exercises"


#: What in a course folder holds participants' work or grades: readable by the trainer only.
PRIVATE_PATHS = ("gradebook.db", "gradebook.db-journal", "gradebook.db-wal", "submitted",
                 "superseded", "autograded", "feedback", "reports", "certificates")


def make_private(course_dir: Path, *extra: Path) -> None:
    """Folders 0700 and files 0600 for :data:`PRIVATE_PATHS` (and ``extra``); links skipped."""
    for top in [*(course_dir / name for name in PRIVATE_PATHS), *extra]:
        if top.is_symlink() or not top.exists():
            continue
        if top.is_file():
            os.chmod(top, 0o600)
            continue
        os.chmod(top, 0o700)
        for root, dirs, files in os.walk(top):
            for name in dirs:
                if not os.path.islink(os.path.join(root, name)):
                    os.chmod(os.path.join(root, name), 0o700)
            for name in files:
                if not os.path.islink(os.path.join(root, name)):
                    os.chmod(os.path.join(root, name), 0o600)


def private_results(
        out_arg: str | None = None) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Run a trainer command with umask 077, then tighten what it wrote (see make_private).

    The wrapped function's first argument is the course folder; ``out_arg`` names its
    argument for another output folder, if any.
    """

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        signature = inspect.signature(func)

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            bound = signature.bind(*args, **kwargs)
            old = os.umask(0o077)
            try:
                return func(*args, **kwargs)
            finally:
                os.umask(old)
                out = bound.arguments.get(out_arg) if out_arg else None
                make_private(Path(next(iter(bound.arguments.values()))),
                             *([Path(out)] if out else []))

        return wrapper

    return decorate
