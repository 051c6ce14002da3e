"""The ``course-kit`` command: a thin layer over the package's functions.

Each command hands off to a typed function with a docstring; run ``course-kit --help``.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import click

__all__ = ["main"]


def _root() -> Path:
    from course_kit.storage import find_project_root

    root = find_project_root()
    if root is None:
        raise click.ClickException(
            "Run this inside the course kit's folder (the one with notebooks/ and datasets/)."
        )
    return root


#: The trainer's commands, in the order of a cohort's work (``course-kit --help``).
TRAINER_ORDER = ("release", "collect", "grade", "formgrader", "feedback", "report",
                 "certificates")


#: What the ``[trainer]`` extra installs (participants' ``make lab`` leaves it out).
TRAINER_PACKAGES = ("nbgrader", "tqdm", "uharfbuzz")


class _KitCommands(click.Group):
    """The trainer's commands first, in their order of work, then the others; each with
    its whole first sentence (click's own listing is alphabetical and cuts at ~45 letters)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        first = [name for name in TRAINER_ORDER if name in self.commands]
        return first + [name for name in self.commands if name not in first]

    def invoke(self, ctx: click.Context) -> object:
        """Run the command; a trainer's tool that is not installed gets one plain line."""
        from course_kit.trainer.config import SettingsError
        from course_kit.trainer.roster import RosterError

        try:
            return super().invoke(ctx)
        except (SettingsError, RosterError) as exc:  # course.toml, roster.csv: the words
            raise click.ClickException(str(exc)) from exc
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.split(".")[0] in TRAINER_PACKAGES:
                raise click.ClickException(
                    f"This command needs the trainer's tools ({exc.name} is not installed). "
                    "Run `make trainer` once in the kit's folder, or "
                    "`pip install -e '.[trainer]'`.") from exc
            raise

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, cmd.get_short_help_str(limit=1_000))
                for name in self.list_commands(ctx)
                if (cmd := self.get_command(ctx, name)) is not None and not cmd.hidden]
        trainer = [row for row in rows if row[0] in TRAINER_ORDER]
        with formatter.section("For trainers, in order of work"):
            formatter.write_dl(trainer)
        with formatter.section("For maintainers and learners"):
            formatter.write_dl([row for row in rows if row not in trainer])


@click.group(cls=_KitCommands)
@click.version_option(package_name="course-kit", message="course-kit %(version)s")
def main() -> None:
    """Tools for trainers and maintainers of the course kit."""
    from course_kit.trainer.startup import light_imports

    light_imports()  # nbgrader without its server extensions: start-up under a second


@main.command()
@click.option("--check", is_flag=True, help="Only report notebooks that need cleaning.")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
def clean(check: bool, paths: tuple[Path, ...]) -> None:
    """Strip outputs from notebooks, keeping nbgrader and course_kit metadata."""
    from course_kit.notebooks import clean_file

    root = _root()
    targets = list(paths) or sorted(
        [*(root / "notebooks").glob("*.ipynb"), *(root / "exercises" / "source").rglob("*.ipynb")]
    )
    dirty = [p for p in targets if clean_file(p, check=check)]
    for path in dirty:
        click.echo(f"{'needs cleaning' if check else 'cleaned'}: {path}")
    if check and dirty:
        sys.exit(1)


@main.command()
@click.option("--check", is_flag=True, help="Only report what is out of date.")
def nav(check: bool) -> None:
    """Write the manifests into the notebooks (metadata, overview), navigation, README table."""
    from course_kit.notebooks import sync_modules, sync_navigation, sync_readme

    root = _root()
    changed = [str(p) for p in sync_modules(root, check=check)]
    changed += [str(p) for p in sync_navigation(root, check=check) if str(p) not in changed]
    if sync_readme(root, check=check):
        changed.append("README.md")
    for name in changed:
        click.echo(f"{'out of date' if check else 'updated'}: {name}")
    if check and changed:
        sys.exit(1)


@main.command("self-assess")
@click.argument("notebook", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def self_assess_command(notebook: Path) -> None:
    """Check a finished assessment with the published keys (for learners without a trainer)."""
    from course_kit.selfassess import self_assess

    result = self_assess(notebook)
    if result.problem:
        raise click.ClickException(result.problem)
    words = {"right": "earned", "wrong": "not this time", "not answered": "not answered"}
    for item in result.items:
        click.echo(f"Question {item.number}: {words[item.status]} "
                   f"({item.earned:g} of {item.points:g}). {item.feedback}")
    click.echo(result.summary())


@main.command("new-module")
@click.argument("number", type=click.IntRange(1, 99))
@click.argument("title")
@click.option("--slug", required=True, help="The notebook's name after the number, e.g. "
              "'effective-communication'.")
def new_module(number: int, title: str, slug: str) -> None:
    """Start module NUMBER from the template (see docs/adding-a-module.md)."""
    from course_kit.scaffold import new_module as scaffold

    try:
        written = scaffold(_root(), number, title, slug)
    except (FileExistsError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    for path in written:
        click.echo(f"wrote {path}")
    click.echo("Next: fill them in, then run `course-kit nav` and "
               f"`course-kit build module{number:02d}`.")


@main.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder to write to (default: docs/facilitator/html).")
def facilitator(out: Path | None) -> None:
    """Render the trainers' session plans (docs/facilitator/*.md) as printable pages.

    Also the two-week kit: the timetable, the gathered guide (with role-play cards and
    rubrics) and running a cohort.
    """
    from course_kit.facilitator import write_kit, write_pages

    root = _root()
    folder = out or root / "docs" / "facilitator" / "html"
    for page in [*write_pages(root, folder), *write_kit(root, folder)]:
        click.echo(f"wrote {page}")


@main.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder to write to (default: my_work/).")
@click.option("--name", default=None,
              help="The name to print (default: the one typed in the action plan).")
def portfolio(out: Path | None, name: str | None) -> None:
    """Gather a participant's saved work into portfolio.html and portfolio.pdf."""
    from course_kit.actionplan.portfolio import gather, write_portfolio

    page, pdf = write_portfolio(out, name)
    missing = [p for p in gather() if not p.done]
    click.echo(f"wrote {page}")
    click.echo(f"wrote {pdf}")
    if missing:
        click.echo(("1 piece is" if len(missing) == 1 else f"{len(missing)} pieces are")
                   + " not done yet (listed in the portfolio).")


@main.command()
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Folder to write to (default: the kit's datasets/).")
def data(out: Path | None) -> None:
    """Regenerate the case-study library's data (fixed seed: same files every time).

    Also re-renders datasets/README.md from the descriptor, datapackage.json.
    """
    from course_kit.casestudy import generate
    from course_kit.data import render_data_readme

    target = out or _root() / "datasets"
    for path in generate(target):
        click.echo(f"wrote {path}")
    if (target / "datapackage.json").exists():
        (target / "README.md").write_text(render_data_readme(directory=target), encoding="utf-8")
        click.echo(f"wrote {target / 'README.md'}")


@main.command()
@click.argument("text")
def seal(text: str) -> None:
    """Encode a solution text for a question bank (so it is not read by accident)."""
    from course_kit.exercises import seal as do_seal

    click.echo(do_seal(text))


@main.command("answer-hash")
@click.argument("exercise_id")
@click.argument("answer")
def answer_hash(exercise_id: str, answer: str) -> None:
    """Print the hash to store for ANSWER to question EXERCISE_ID (e.g. m01.q1 b)."""
    from course_kit.exercises import answer_hash as do_hash

    value: object = answer
    if answer.lower() in {"true", "false"}:
        value = answer.lower() == "true"
    click.echo(do_hash(exercise_id, value))


# -- the trainer's pipeline (see README, "For trainers") ------------------------------------
def _course(course: Path | None) -> Path:
    folder = (course or _root() / "exercises").resolve()
    if not folder.is_dir():
        raise click.ClickException(f"There is no folder {folder}.")
    if not (folder / "source").is_dir():
        raise click.ClickException(f"{folder} is not an nbgrader course (no source/ folder).")
    return folder


#: What feedback, report and certificates say when the gradebook holds no graded work.
NOTHING_GRADED = ("Nothing is graded yet: run `course-kit collect` and `course-kit grade` "
                  "first.")

_course_option = click.option(
    "--course", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="The nbgrader course folder (default: the kit's exercises/).")


@main.command()
@_course_option
@click.argument("modules", nargs=-1)
def build(course: Path | None, modules: tuple[str, ...]) -> None:
    """Build the assessments from their pools in the published order (for maintainers).

    Writes source/<module>/ (solutions, rubrics) from pools/<module>.toml and the release.
    """
    from course_kit.trainer.build import build_assessments
    from course_kit.trainer.pools import PoolError

    try:
        written = build_assessments(_course(course), list(modules) or None)
    except (ValueError, RuntimeError, PoolError) as exc:
        raise click.ClickException(str(exc)) from exc
    for path in written:
        click.echo(f"wrote {path}")


_exchange_option = click.option(
    "--exchange", type=click.Path(file_okay=False, path_type=Path), default=None,
    envvar="COURSE_KIT_EXCHANGE", show_envvar=True,
    help="nbgrader's exchange folder on a JupyterHub (see docs/jupyterhub.md).")


@main.command()
@_course_option
@_exchange_option
@click.argument("modules", nargs=-1)
def release(course: Path | None, exchange: Path | None, modules: tuple[str, ...]) -> None:
    """Generate the participant versions of the assessments (all modules by default).

    With a cohort_secret in course.toml, the choices are reshuffled for this cohort first.
    On a JupyterHub (--exchange), they are published there too, ready to fetch.
    """
    from course_kit.grading import release_assignments
    from course_kit.trainer.build import build_assessments
    from course_kit.trainer.config import load_config
    from course_kit.trainer.pools import PoolError

    folder = _course(course)
    try:
        secret = load_config(folder).cohort_secret
        pooled = {p.stem for p in (folder / "pools").glob("module*.toml")}
        chosen = list(modules) or None
        with_pool = sorted(pooled & set(chosen or pooled))
        released = build_assessments(folder, with_pool, secret) if with_pool else []
        rest = [m for m in (chosen or []) if m not in pooled]
        if chosen is None:
            from course_kit.grading import assignments

            rest = [m for m in assignments(folder) if m not in pooled]
        if rest:
            released += release_assignments(folder, rest)
    except (ValueError, RuntimeError, PoolError) as exc:
        raise click.ClickException(str(exc)) from exc
    if not secret:
        click.echo("No cohort_secret in course.toml: the published answer order is used.")
    for path in released:  # the trainer's copy (with the answers) is written, not released
        given = path.parent.parent.name == "release"
        click.echo(f"released {path}" if given else
                   f"wrote {path} (your copy, with the answers: keep it to yourself)")
    if exchange is not None:
        from course_kit.trainer.exchange import publish_assignments

        done = sorted({p.parent.name for p in released if p.parent.parent.name == "release"})
        try:
            for path in publish_assignments(folder, exchange, done):
                click.echo(f"published {path}")
        except RuntimeError as exc:
            raise click.ClickException(str(exc)) from exc


@main.command()
@_course_option
@_exchange_option
@click.argument("path", type=click.Path(path_type=Path), required=False)
def collect(course: Path | None, exchange: Path | None, path: Path | None) -> None:
    """Import submissions from a folder or a zip (PATH) into submitted/.

    \b
    Two layouts are read, at any depth in the folder or zip:
      <participant>/<module>/<notebook>.ipynb   nbgrader's layout (e.g. an LMS export)
      <participant>_<module>.ipynb              one file per e-mail, e.g.
                                                Ana Lopez_module01.ipynb
    A timestamp.txt beside a notebook gives the hand-in time (else the file's time).

    Names are recorded as typed. A roster.csv in the course folder (columns id, name,
    email) gives the names for certificates and reports; names that look like a form's
    example or a login id are reported.

    Without PATH, on a JupyterHub: the hand-ins in nbgrader's exchange (--exchange).
    """
    from course_kit.trainer.collect import collect as do_collect
    from course_kit.trainer.exchange import collect_exchange

    if path is None and exchange is None:
        raise click.ClickException("Say where the submissions are: a folder or a zip, or "
                                   "--exchange on a JupyterHub.")
    if path is not None and not path.exists():
        raise click.ClickException(f"There is no file or folder {path}.")
    try:
        report = (do_collect(_course(course), path) if path is not None
                  else collect_exchange(_course(course), exchange))
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from exc
    for line in report.lines():
        click.echo(line)
    click.echo(report.summary(path if path is not None else "the exchange"))


@main.command()
@_course_option
@click.option("--jobs", "-j", type=int, default=None,
              help="Submissions graded at once (default: the number of cores).")
@click.option("--module", "-m", "modules", multiple=True, help="Only this module (repeatable).")
@click.option("--participant", "-p", "participants", multiple=True,
              help="Only this participant (repeatable).")
@click.option("--cell-timeout", type=int, default=None, help="Seconds per cell.")
@click.option("--notebook-timeout", type=int, default=None, help="Seconds per notebook.")
@click.option("--memory-mb", type=int, default=None, help="Memory limit per kernel (MiB).")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option("--regrade", is_flag=True, help="Grade again what was graded before.")
@click.option("--unsafe", is_flag=True, help="Without root and without user namespaces: grade "
              "anyway, unprotected (only for work you trust).")
def grade(course: Path | None, jobs: int | None, modules: tuple[str, ...],
          participants: tuple[str, ...], cell_timeout: int | None,
          notebook_timeout: int | None, memory_mb: int | None, quiet: bool,
          regrade: bool, unsafe: bool) -> None:
    """Autograde the submissions in parallel, each in its own sandbox.

    Only what is not graded yet, unless --regrade. Exits with status 1 when a submission
    could not be graded (the table says which and why).
    """
    from sqlalchemy.exc import SAWarning

    from course_kit.trainer.config import load_config
    from course_kit.trainer.grade import grade_course
    from course_kit.trainer.sandbox import SandboxUnavailable
    from course_kit.trainer.selection import selection_problem

    for option, value in (("--jobs", jobs), ("--cell-timeout", cell_timeout),
                          ("--notebook-timeout", notebook_timeout),
                          ("--memory-mb", memory_mb)):
        if value is not None and value < 1:
            raise click.ClickException(f"{option} must be 1 or more (you gave {value}).")
    folder = _course(course)
    problem = selection_problem(folder, modules, participants)
    if problem:
        raise click.ClickException(problem)
    limits = load_config(folder).limits.with_overrides(
        cell_timeout=cell_timeout, notebook_timeout=notebook_timeout, memory_mb=memory_mb)
    with warnings.catch_warnings():
        # nbgrader's gradebook emits SQLAlchemy session warnings that mean nothing to a
        # trainer; problems with a submission are reported in the summary table instead.
        warnings.simplefilter("ignore", SAWarning)
        try:
            summary = grade_course(folder, modules or None, participants or None, jobs=jobs,
                                   limits=limits, progress=not quiet,
                                   unsafe=unsafe or None, regrade=regrade or None)
        except SandboxUnavailable as exc:
            raise click.ClickException(str(exc)) from exc
    for note in summary.sandbox_notes:
        click.echo(f"sandbox: {note}", err=True)
    click.echo(summary.table())
    if summary.rows:
        count = len(summary.rows)
        click.echo(f"{count} submission{'s' if count != 1 else ''} graded in "
                   f"{summary.seconds:.0f} s.")
    if summary.exit_code:
        sys.exit(summary.exit_code)


@main.command()
@_course_option
@_exchange_option
@click.option("--module", "-m", "modules", multiple=True, help="Only this module.")
@click.option("--participant", "-p", "participants", multiple=True, help="Only this participant.")
def feedback(course: Path | None, exchange: Path | None, modules: tuple[str, ...],
             participants: tuple[str, ...]) -> None:
    """Write one HTML feedback page per participant and module (no hidden tests).

    On a JupyterHub (--exchange), the pages are returned through it too.
    """
    from course_kit.trainer.feedback import write_feedback
    from course_kit.trainer.selection import selection_problem

    folder = _course(course)
    problem = selection_problem(folder, modules, participants)
    if problem:
        raise click.ClickException(problem)
    pages = write_feedback(folder, modules or None, participants or None)
    if not pages:
        click.echo(NOTHING_GRADED)
    for path in pages:
        click.echo(f"wrote {path}")
    if exchange is not None:
        from course_kit.trainer.exchange import publish_feedback

        try:
            returned, missed = publish_feedback(_course(course), exchange, pages)
        except FileNotFoundError as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"{len(returned)} page(s) returned through the exchange.")
        for item in missed:
            click.echo(f"NOT RETURNED {item.source}: {item.reason}")


@main.command()
@_course_option
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the report (default: reports/ in the course).")
def report(course: Path | None, out: Path | None) -> None:
    """Write the gradebook as CSV files and plots: scores, questions, who is missing what."""
    from course_kit.trainer.report import write_report

    written = write_report(_course(course), out)
    if written.scores.empty:
        click.echo(NOTHING_GRADED)
    for path in written.files:
        click.echo(f"wrote {path}")


@main.command()
@_course_option
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the PDFs (default: certificates/ in the course).")
@click.option("--allow-pending", is_flag=True,
              help="Write certificates even while answers still wait for grading by hand "
                   "(the result could still change).")
def certificates(course: Path | None, out: Path | None, allow_pending: bool) -> None:
    """Write a PDF certificate for each participant above the pass mark.

    No certificate is written for a participant whose answers still wait for grading by
    hand, unless --allow-pending. Names come from roster.csv in the course folder (id,
    name, email) when there is one, else as typed at hand-in.
    """
    import warnings

    from course_kit.trainer.certificates import unprintable, write_certificates

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", UserWarning)
        files, standings = write_certificates(_course(course), out,
                                              allow_pending=allow_pending or None)
    written = {path.stem for path in files}
    if not standings:
        click.echo(NOTHING_GRADED)
    for s in standings:
        state = "PASSED" if s.passed else "not passed"
        if s.passed and s.participant not in written and unprintable(s.name):
            state += ", but no certificate: the name has letters the font cannot print"
        elif s.pending and s.passed and s.participant not in written:
            state += (", but answers still wait for grading by hand: no certificate yet "
                      "(grade them in formgrader, or say --allow-pending)")
        elif s.pending:
            state += " (answers still to grade by hand)"
        who = s.participant if s.name == s.participant else f"{s.participant} ({s.name})"
        click.echo(f"{who}: {s.score:g} of {s.max_score:g} points, {state}")
    for warning in caught:
        if issubclass(warning.category, UserWarning):  # the kit's own, in plain words
            click.echo(f"Warning: {warning.message}", err=True)
    if any(s.pending and s.participant in written for s in standings):
        click.echo("Warning: some certificates were written while answers still wait for "
                   "grading by hand (--allow-pending).", err=True)
    for path in files:
        click.echo(f"wrote {path}")


@main.command()
@_course_option
@click.option("--port", type=int, default=None, help="Port for JupyterLab.")
@click.option("--no-browser", is_flag=True, help="Do not open a web browser.")
def formgrader(course: Path | None, port: int | None, no_browser: bool) -> None:
    """Open the trainer's JupyterLab with nbgrader's formgrader (grade reflections by hand)."""
    import os

    from course_kit.trainer.formgrader import trainer_command, trainer_config_dir, trainer_env

    folder = _course(course)
    env = trainer_env(trainer_config_dir())
    command = trainer_command(folder, port, open_browser=not no_browser)
    os.chdir(folder)
    os.execve(command[0], command, env)
