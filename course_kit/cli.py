"""The ``course-kit`` command: a thin layer over the package's functions.

Each command hands off to a typed function with a docstring; run ``course-kit --help``.
"""

from __future__ import annotations

import sys
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


@click.group()
def main() -> None:
    """Tools for trainers and maintainers of the course kit."""


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
    """Regenerate the notebooks' navigation cells and the README's module table."""
    from course_kit.notebooks import sync_navigation, sync_readme

    root = _root()
    changed = [str(p) for p in sync_navigation(root, check=check)]
    if sync_readme(root, check=check):
        changed.append("README.md")
    for name in changed:
        click.echo(f"{'out of date' if check else 'updated'}: {name}")
    if check and changed:
        sys.exit(1)


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


@main.command()
@click.argument("modules", nargs=-1)
def release(modules: tuple[str, ...]) -> None:
    """Generate the participant versions of the assessments (all modules by default)."""
    from course_kit.grading import release_assignments

    for path in release_assignments(_root() / "exercises", list(modules) or None):
        click.echo(f"released {path}")
