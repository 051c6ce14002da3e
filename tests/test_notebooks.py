"""The notebooks as files: clean in git, complete against the syllabus, linked correctly.

(Executing them is nbval's job: `pytest --nbval-lax notebooks`, part of `make test`.)
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from course_kit.notebooks import clean_notebook, lesson_info, lessons, sync_navigation, sync_readme
from course_kit.syllabus import modules

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SOURCES = sorted((ROOT / "exercises").rglob("*.ipynb"))
MODULES = [p for p in NOTEBOOKS if lesson_info(p).module >= 1]


def test_there_are_notebooks() -> None:
    assert [p.name for p in NOTEBOOKS][:2] == ["00-welcome.ipynb",
                                               "01-understanding-library-users.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS + SOURCES, ids=lambda p: p.name)
def test_committed_without_outputs(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:40]
    assert "widgets" not in nb.metadata


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_nbgrader_metadata_is_kept(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    graded = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
    assert graded, "an assessment without graded cells"
    for cell in graded:
        assert {"grade_id", "points", "schema_version"} <= set(cell.metadata["nbgrader"])


def test_cleaner_keeps_nbgrader_and_course_kit_metadata() -> None:
    nb = nbformat.read(SOURCES[0], as_version=4)
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", text="hi")]
    nb.cells[1].execution_count = 3
    nb.metadata["widgets"] = {"state": {}}
    before = [c.metadata.get("nbgrader") for c in nb.cells]
    cleaned = clean_notebook(nb)
    assert [c.metadata.get("nbgrader") for c in cleaned.cells] == before
    assert cleaned.cells[1].outputs == [] and cleaned.cells[1].execution_count is None
    assert "widgets" not in cleaned.metadata


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_module_teaches_every_syllabus_topic(path: Path) -> None:
    info = lesson_info(path)
    expected = next(m for m in modules() if m.number == info.module)
    assert info.title == expected.title
    assert [item["topic"] for item in info.syllabus] == list(expected.topics)
    nb = nbformat.read(path, as_version=4)
    headings = {line.lstrip("#").strip() for c in nb.cells if c.cell_type == "markdown"
                for line in c.source.splitlines() if line.startswith("## ")}
    for item in info.syllabus:
        assert item["section"] in headings, f"no section '{item['section']}'"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_lesson_skeleton(path: Path) -> None:
    """Objectives and timing at the top, key points at the end, small code cells."""
    nb = nbformat.read(path, as_version=4)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    head = "\n".join(c.source for c in nb.cells[:4] if c.cell_type == "markdown")
    assert "**Time:**" in head and "By the end you will be able to" in head
    assert "## Key points" in text
    code = [c for c in nb.cells if c.cell_type == "code"]
    prose = sum(len(c.source) for c in nb.cells if c.cell_type == "markdown")
    assert prose >= 4 * sum(len(c.source) for c in code), "prose first: mostly explanation"
    lines = sorted(len(c.source.splitlines()) for c in code)
    assert lines[len(lines) // 2] <= 2, "the typical code cell is one or two lines"
    for cell in code:
        assert len(cell.source.splitlines()) <= 10, f"a long code cell: {cell.source[:60]}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_local_links_exist(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", cell.source):
            if "://" in target:
                continue
            assert (path.parent / target).exists(), f"{path.name} links to missing {target}"


def test_navigation_and_readme_are_in_sync() -> None:
    assert sync_navigation(ROOT, check=True) == [], "run `make nav`"
    assert not sync_readme(ROOT, check=True), "run `make nav`"


def test_lessons_are_numbered_in_order() -> None:
    numbers = [info.module for info in lessons(ROOT)]
    assert numbers == sorted(numbers) and numbers[0] == 0
