"""The trainers' session plans: one per module, in step with the manifest, printable."""

from __future__ import annotations

from pathlib import Path

import pytest

from course_kit.facilitator import notes_for, render_page, write_pages
from course_kit.manifest import manifests

ROOT = Path(__file__).resolve().parents[1]
WITH_NOTEBOOK = [m for m in manifests() if (ROOT / "notebooks" / m.notebook).exists()]


@pytest.mark.parametrize("manifest", WITH_NOTEBOOK, ids=lambda m: m.id)
def test_each_module_has_a_session_plan(manifest) -> None:
    path = ROOT / "docs" / "facilitator" / manifest.notebook.replace(".ipynb", ".md")
    assert path.exists(), f"no session plan at {path.relative_to(ROOT)}"
    text = path.read_text(encoding="utf-8")
    rows = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) >= 3:
            rows[cells[1]] = cells[2]
    for section in manifest.sections:
        names = {section.heading, section.heading.split(":")[0].strip()}
        found = [rows[n] for n in names if n in rows]
        assert found, f"the timetable lacks a row for '{section.heading}'"
        assert found[0] == str(section.minutes), f"'{section.heading}': not the manifest's time"
    lower = text.lower()
    assert "misconception" in lower and "discussion" in lower and "good answer" in lower


def test_pages_render_and_escape_raw_html(tmp_path: Path) -> None:
    pages = write_pages(ROOT, tmp_path)
    assert len(pages) == len(notes_for(ROOT)) + 1
    index = (tmp_path / "index.html").read_text()
    for note in notes_for(ROOT):
        assert note.manifest.label in index and f"{note.manifest.minutes} min" in index
    page = render_page("# Plan\n\n<script>alert(1)</script>\n\n| a | b |\n|---|---|\n| 1 | 2 |",
                       "t")
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert "<table>" in page and "@media print" in page
