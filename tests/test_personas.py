from pathlib import Path

import pytest
import traitlets

from course_kit.modules.module01.personas import Persona, PersonaError
from course_kit.storage import WorkStore


def complete() -> Persona:
    return Persona(name="Rosa", age_band="35-64", occupation="night-shift nurse",
                   goals="Read on the bus\nHelp my son with homework",
                   needs="E-books\nHomework help after 6 pm", barriers="Works late",
                   channels=["text message"], quote="I never get there before it closes.")


def test_problems_name_what_is_missing() -> None:
    p = Persona()
    problems = " ".join(p.problems())
    assert "first name" in problems and "goal" in problems and "need" in problems
    assert complete().problems() == []


def test_too_long_text_is_refused() -> None:
    p = complete()
    p.quote = "x" * 500
    assert any("quote" in item for item in p.problems())


def test_invalid_age_band_and_channel_are_refused() -> None:
    p = Persona()
    with pytest.raises(traitlets.TraitError):
        p.age_band = "ancient"
    with pytest.raises(traitlets.TraitError):
        p.channels = ["carrier pigeon"]


def test_update_ignores_bad_fields_and_reports_them() -> None:
    p = Persona()
    ignored = p.update({"name": "Ana", "age_band": "999", "channels": ["email"]})
    assert ignored == ["age_band"]
    assert p.name == "Ana" and p.channels == ["email"]


def test_save_refuses_incomplete_and_keeps_complete(work_dir: Path) -> None:
    store = WorkStore("persona")
    with pytest.raises(PersonaError):
        Persona(name="Ana").save(store)
    assert not store.exists()
    complete().save(store)
    again = Persona()
    again.update(store.load()["persona"])
    assert again.to_dict() == complete().to_dict()


def test_markdown_and_html_cards() -> None:
    md = complete().to_markdown()
    assert md.startswith("# Rosa, age 35-64, night-shift nurse")
    assert "- Homework help after 6 pm" in md and "text message" in md
    page = complete().to_html_page()
    assert '<html lang="en">' in page and "<title>Persona: Rosa" in page
    evil = complete()
    evil.name = "<script>alert(1)</script>"
    assert "<script>" not in evil.card_html()


def test_export_writes_both_files(work_dir: Path) -> None:
    md, page = complete().export()
    assert md == work_dir / "persona-rosa.md" and page.suffix == ".html"
    assert "Rosa" in md.read_text() and "Rosa" in page.read_text()
    with pytest.raises(PersonaError):
        Persona().export()


# -- issue 9 ------------------------------------------------------------------------------
@pytest.mark.parametrize(("name", "stem"), [("José", "persona-josé"), ("مريم", "persona-مريم"),
                                            ("Zoë Ann", "persona-zoë-ann"),
                                            ("🌟", "persona-1")])
def test_export_names_keep_unicode_letters(work_dir: Path, name: str, stem: str) -> None:
    persona = complete()
    persona.name = name
    md, page = persona.export()
    assert (md.name, page.name) == (f"{stem}.md", f"{stem}.html")


def test_export_never_overwrites_another_persona(work_dir: Path) -> None:
    first, second = complete(), complete()
    first.name, second.name = "🌟", "🌙"
    md1, _ = first.export()
    md2, _ = second.export()
    assert md1 != md2 and "🌟" in md1.read_text() and "🌙" in md2.read_text()
    rosa, other_rosa = complete(), complete()
    other_rosa.name = "ROSA"  # a different persona whose name makes the same file name
    assert rosa.export()[0].name == "persona-rosa.md"
    assert other_rosa.export()[0].name == "persona-rosa-2.md"
    rosa.goals = "Changed"
    assert rosa.export()[0].name == "persona-rosa.md"  # the same persona: brought up to date
    assert "Changed" in (work_dir / "persona-rosa.md").read_text()


def test_markdown_export_is_escaped() -> None:
    evil = complete()
    evil.name = '<img src=x onerror="alert(1)">'
    evil.goals = "[click](javascript:alert(1))"
    md = evil.to_markdown()
    assert "<img" not in md and "&lt;img" in md
    assert "- \\[click\\]" in md and "](javascript" not in md  # as typed, never a link
