"""The two-week facilitator kit: the timetable from the manifests, the gathered guide."""

from __future__ import annotations

from pathlib import Path

from course_kit.facilitator import (
    guide_html,
    notes_for,
    sync_timetable,
    timetable,
    timetable_markdown,
    write_kit,
)
from course_kit.manifest import manifests

ROOT = Path(__file__).resolve().parents[1]


def test_ten_days_one_module_each_with_breaks_and_the_manifests_minutes() -> None:
    days = timetable(ROOT)
    mods = list(manifests())
    assert [d.manifest.number for d in days] == [m.number for m in mods]
    assert [d.week for d in days] == [1 if m.number <= 5 else 2 for m in mods]
    for day in days:
        kinds = [s.kind for s in day.slots]
        assert "lunch" in kinds and "break" in kinds, day.number
        assert kinds[0] == "open" and kinds[-1] == "close"
        sections = {s.what: s.minutes for s in day.slots if s.kind == "section"}
        for section in day.manifest.sections:
            assert sections[section.heading] == section.minutes
        for before, after in zip(day.slots, day.slots[1:], strict=False):
            assert after.start == before.start + before.minutes  # no gaps, no overlaps
        work = 0
        for slot in day.slots:  # never more than 75 minutes plus one block without a pause
            work = 0 if slot.kind in ("break", "lunch") else work + slot.minutes
            assert work <= 75 + max(s.minutes for s in day.slots), day.number
    assert any("Capstone" in s.what for s in days[-1].slots)


def test_timetable_markdown_lists_every_day() -> None:
    text = timetable_markdown(ROOT)
    for m in manifests():
        assert f"| {m.label} |" in text and f"### Day {m.number} " in text
    # Trainers read "Module 1", never the internal id "module01".
    assert "Graded self-assessment (Module 1) |" in text and "(module0" not in text


def test_guide_gathers_plans_cards_and_rubrics_escaped() -> None:
    page = guide_html(ROOT)
    for note in notes_for(ROOT):
        first = note.path.read_text(encoding="utf-8").splitlines()[0].lstrip("# ").strip()
        assert first.split("—")[0].strip() in page
    assert "ck-card" in page and "Staff member" in page and "Observer" in page  # Module 5
    assert "Discussion card:" in page  # Module 9
    assert "Graded by hand: the rubric" in page and "id='capstone'" in page
    assert "| 0 |" not in page  # the rubric tables are rendered, not left as Markdown
    assert "<script" not in page


def test_write_kit_writes_the_pages(tmp_path: Path) -> None:
    written = write_kit(ROOT, tmp_path, pdf=False)
    names = sorted(p.name for p in written)
    assert names == ["guide.html", "running-a-cohort.html", "two-week-course.html"]
    two_weeks = (tmp_path / "two-week-course.html").read_text(encoding="utf-8")
    assert "Day 10" in two_weeks and "<table>" in two_weeks and "timetable:start" not in two_weeks
    cohort = (tmp_path / "running-a-cohort.html").read_text(encoding="utf-8")
    assert "README.md#for-trainers" in cohort


def test_the_committed_timetable_is_up_to_date() -> None:
    assert not sync_timetable(ROOT, check=True), "run `course-kit facilitator`"
