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
MODULES = [p for p in NOTEBOOKS if 1 <= lesson_info(p).module <= len(modules())]


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


# -- every module, from its manifest ---------------------------------------------------------
from course_kit.manifest import manifests  # noqa: E402
from course_kit.notebooks import sync_modules  # noqa: E402
from course_kit.readability import flesch_kincaid_grade, markdown_prose  # noqa: E402

MANIFESTS = [m for m in manifests() if (ROOT / "notebooks" / m.notebook).exists()]
MAX_GRADE = 9.0
#: British spellings a US reader trips over (the course is for US libraries).
BRITISH = ("neighbourhood", "colour", "favourite", "organisation", "organise", "centre",
           "programme", "licence", "behaviour", "recognise", "analyse", "travelling",
           "enrolment", "judgement", "catalogue", "apologise", "prioritise", "summarise",
           "emphasise", "realise", "labour", "honour", "honour", "defence", "practise")


def _sections(manifest) -> dict[str, str]:
    """The Markdown of each manifest section: from its heading to the next '## ' heading."""
    nb = nbformat.read(ROOT / "notebooks" / manifest.notebook, as_version=4)
    current, out = None, {}
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            if line.startswith("## "):
                current = line[3:].strip()
                out.setdefault(current, "")
        if current is not None:
            out[current] += cell.source + "\n\n"
    return out


def test_every_module_has_a_manifest_and_a_notebook() -> None:
    numbers = [m.number for m in MANIFESTS]
    assert numbers[:1] == [1] and numbers == sorted(numbers)
    for info in lessons(ROOT):
        if 1 <= info.module <= 10:
            assert info.module in numbers, f"{info.path.name} has no manifest"


@pytest.mark.parametrize("manifest", MANIFESTS, ids=lambda m: m.id)
def test_manifest_follows_the_syllabus(manifest) -> None:
    expected = next(m for m in modules() if m.number == manifest.number)
    assert manifest.title == expected.title
    assert [s.topic for s in manifest.sections] == list(expected.topics), "verbatim, in order"
    assert manifest.objectives and all(1 <= o.outcome <= 7 for o in manifest.objectives)
    assert manifest.notebook.startswith(f"{manifest.number:02d}-")


def test_notebooks_say_what_their_manifests_say() -> None:
    assert sync_modules(ROOT, check=True) == [], "run `make nav`"


@pytest.mark.parametrize("manifest", MANIFESTS, ids=lambda m: m.id)
def test_each_section_has_its_parts(manifest) -> None:
    """Explanation, example, activity and an 'At your library' prompt; key points, reading."""
    sections = _sections(manifest)
    for section in manifest.sections:
        text = sections.get(section.heading, "")
        assert text, f"no section '{section.heading}'"
        assert "At your library" in text, f"'{section.heading}' has no 'At your library' prompt"
    assert "Key points" in sections and "Further reading" in sections
    reading = sections["Further reading"]
    assert reading.count("http") >= 2, "two or three sources a librarian can open"


@pytest.mark.parametrize("manifest", MANIFESTS, ids=lambda m: m.id)
def test_prose_is_plain(manifest) -> None:
    """Flesch–Kincaid grade 9 or lower per section, as Module 2 teaches; US spelling."""
    too_hard = {}
    for heading, markdown in _sections(manifest).items():
        if heading == "Further reading":
            continue  # titles of sources, quoted as published
        grade = flesch_kincaid_grade(markdown_prose(markdown))
        if grade > MAX_GRADE:
            too_hard[heading] = round(grade, 1)
    assert not too_hard, f"sections above grade {MAX_GRADE}: {too_hard}"
    nb = nbformat.read(ROOT / "notebooks" / manifest.notebook, as_version=4)
    prose = " ".join(markdown_prose(c.source) for c in nb.cells if c.cell_type == "markdown"
                     and not c.metadata.get("course_kit", {}).get("nav")).lower()
    # "analyses" is US English too (the plural of analysis): match the British verb only.
    patterns = {w: (r"\banalys(e|ed|ing)\b" if w == "analyse" else rf"\b{w}") for w in BRITISH}
    found = sorted({w for w, pattern in patterns.items() if re.search(pattern, prose)})
    assert not found, f"British spellings: {found}"
