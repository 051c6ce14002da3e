"""User personas: a short, concrete portrait of a group of library users.

A persona is a made-up person who stands for a real segment of users ("Maria, 38, a
working mother who uses e-books on the bus"). It helps staff design a service for someone
specific instead of for "everyone". :class:`Persona` is the model behind the persona
builder widget: it checks the entries, renders a card (Markdown or HTML) and saves itself.
"""

from __future__ import annotations

import html
import re
import unicodedata
from pathlib import Path
from typing import Any

import traitlets

from course_kit.saved_work import escape_markdown
from course_kit.storage import WorkStore, work_dir

__all__ = ["AGE_BANDS", "CHANNELS", "Persona", "PersonaError"]

AGE_BANDS: tuple[str, ...] = ("0-12", "13-17", "18-34", "35-64", "65+")
CHANNELS: tuple[str, ...] = (
    "email",
    "text message",
    "phone",
    "social media",
    "library website",
    "in person",
    "printed newsletter",
)
_MAX = {"name": 60, "occupation": 80, "quote": 200, "goals": 600, "needs": 600, "barriers": 600}


class PersonaError(ValueError):
    """The persona cannot be saved or exported as it is; the message says why."""


def _lines(text: str) -> list[str]:
    return [line.strip(" -•\t") for line in text.splitlines() if line.strip(" -•\t")]


def _slug(text: str) -> str:
    """A file-name part that keeps every letter and digit, in any script ("josé", "مريم");
    empty when the text has none (an emoji name)."""
    text = unicodedata.normalize("NFC", text).casefold()
    slug = "".join(ch if ch.isalnum() else "-" for ch in text)
    return re.sub(r"-{2,}", "-", slug).strip("-")[:40].strip("-")


class Persona(traitlets.HasTraits):
    """The fields of a persona card, with checks and rendering.

    Goals, needs and barriers are free text; each line becomes a bullet on the card.
    """

    name = traitlets.Unicode("")
    age_band = traitlets.Unicode("35-64")
    occupation = traitlets.Unicode("")
    goals = traitlets.Unicode("")
    needs = traitlets.Unicode("")
    barriers = traitlets.Unicode("")
    channels = traitlets.List(traitlets.Unicode(), default_value=[])
    quote = traitlets.Unicode("")
    based_on = traitlets.Unicode("")  # e.g. "Segment 2: e-book readers, 1,204 patrons"

    FIELDS: tuple[str, ...] = (
        "name", "age_band", "occupation", "goals", "needs", "barriers", "channels", "quote",
        "based_on",
    )

    @traitlets.validate("age_band")
    def _check_age_band(self, proposal: dict[str, Any]) -> str:
        value = proposal["value"]
        if value not in AGE_BANDS:
            raise traitlets.TraitError(f"Age band must be one of {', '.join(AGE_BANDS)}.")
        return value

    @traitlets.validate("channels")
    def _check_channels(self, proposal: dict[str, Any]) -> list[str]:
        unknown = [c for c in proposal["value"] if c not in CHANNELS]
        if unknown:
            raise traitlets.TraitError(f"Unknown channel(s): {', '.join(unknown)}.")
        return list(proposal["value"])

    # -- checks ------------------------------------------------------------------------
    def problems(self) -> list[str]:
        """What stops this persona from being saved, in plain words (empty when fine)."""
        found = []
        if not self.name.strip():
            found.append("Give your persona a first name (a made-up one).")
        if not _lines(self.goals):
            found.append("Write at least one goal: what does this person want to do?")
        if not _lines(self.needs):
            found.append("Write at least one need: what would help them?")
        for key, limit in _MAX.items():
            if len(getattr(self, key)) > limit:
                found.append(f"'{key}' is longer than {limit} characters; please shorten it.")
        return found

    # -- data --------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """The persona as plain data (for saving)."""
        return {key: getattr(self, key) for key in self.FIELDS}

    def update(self, data: dict[str, Any]) -> list[str]:
        """Set fields from ``data``; return the keys that were ignored as invalid."""
        ignored = []
        for key in self.FIELDS:
            if key not in data:
                continue
            try:
                setattr(self, key, data[key])
            except (traitlets.TraitError, TypeError):
                ignored.append(key)
        return ignored

    def save(self, store: WorkStore) -> Path:
        """Save to ``store`` if the persona is complete; raise PersonaError otherwise."""
        issues = self.problems()
        if issues:
            raise PersonaError(" ".join(issues))
        return store.save({"persona": self.to_dict(), "complete": True})

    # -- rendering ---------------------------------------------------------------------
    def title(self) -> str:
        """'Maria, 35-64, school librarian' style heading."""
        parts = [self.name.strip() or "(no name yet)", f"age {self.age_band}"]
        if self.occupation.strip():
            parts.append(self.occupation.strip())
        return ", ".join(parts)

    def to_markdown(self) -> str:
        """The persona card as Markdown, for a portfolio or a staff meeting.

        Everything the participant typed is escaped: it shows as typed in any Markdown
        viewer, and no link, image or HTML in it is ever rendered.
        """
        esc = escape_markdown
        out = [f"# {esc(self.title())}", ""]
        if self.quote.strip():
            out += [f"> “{esc(self.quote.strip())}”", ""]
        for heading, text in (("Goals", self.goals), ("Needs", self.needs),
                              ("Barriers", self.barriers)):
            out.append(f"## {heading}")
            out += [f"- {esc(line)}" for line in _lines(text)] or ["- (none written yet)"]
            out.append("")
        out.append("## How to reach them")
        out.append(esc(", ".join(self.channels)) if self.channels else "(none chosen yet)")
        if self.based_on.strip():
            out += ["", f"*Based on: {esc(self.based_on.strip())}*"]
        return "\n".join(out) + "\n"

    def card_html(self) -> str:
        """The persona card as an HTML fragment (used by the widget and the export)."""
        esc = html.escape

        def bullets(text: str) -> str:
            items = _lines(text) or ["(none written yet)"]
            return "<ul>" + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ul>"

        quote = (f'<blockquote style="margin:0 0 8px 0;font-style:italic">“{esc(self.quote)}”'
                 "</blockquote>" if self.quote.strip() else "")
        channels = esc(", ".join(self.channels)) if self.channels else "(none chosen yet)"
        based = (f'<p style="color:#333;font-size:90%">Based on: {esc(self.based_on)}</p>'
                 if self.based_on.strip() else "")
        return (
            '<section class="course-kit-persona" aria-label="Persona card" '
            'style="border:2px solid #0072B2;border-radius:8px;padding:10px 14px;'
            'max-width:640px;background:#fff;color:#111">'
            f'<h2 style="margin-top:0;color:#003b63">{esc(self.title())}</h2>{quote}'
            f"<h3>Goals</h3>{bullets(self.goals)}"
            f"<h3>Needs</h3>{bullets(self.needs)}"
            f"<h3>Barriers</h3>{bullets(self.barriers)}"
            f"<h3>How to reach them</h3><p>{channels}</p>{based}</section>"
        )

    def to_html_page(self) -> str:
        """A complete, accessible HTML page holding the card (for the portfolio)."""
        return (
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>Persona: {html.escape(self.title())}</title>"
            '<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
            '<body style="font-family:system-ui,sans-serif;line-height:1.4"><main>'
            f"{self.card_html()}</main></body></html>\n"
        )

    def export(self, folder: Path | None = None) -> tuple[Path, Path]:
        """Write ``persona-<name>.md`` and ``.html`` to ``folder`` (default my_work/)."""
        issues = self.problems()
        if issues:
            raise PersonaError(" ".join(issues))
        target = Path(folder) if folder is not None else work_dir()
        target.mkdir(parents=True, exist_ok=True)
        md, page = self._export_paths(target)
        md.write_text(self.to_markdown(), encoding="utf-8")
        page.write_text(self.to_html_page(), encoding="utf-8")
        return md, page


    def _export_paths(self, target: Path) -> tuple[Path, Path]:
        """``persona-<name>.md``/``.html``: the name's letters, or a number when it has
        none; a file that holds another persona is never overwritten."""
        heading = f"# {escape_markdown(self.name.strip())},"
        slug = _slug(self.name)
        candidates = ([f"persona-{slug}"] if slug else []) + [
            f"persona-{slug}-{n}" if slug else f"persona-{n}" for n in range(2 if slug else 1,
                                                                            1000)]
        for stem in candidates:
            md, page = target / f"{stem}.md", target / f"{stem}.html"
            if not md.exists() and not page.exists():
                return md, page
            try:
                ours = md.read_text(encoding="utf-8").startswith(heading)
            except (OSError, UnicodeDecodeError):
                ours = False
            if ours:  # the same persona exported again: the files are brought up to date
                return md, page
        raise PersonaError("There are too many exported personas in my_work/; move some away.")


def persona_markdown(saved: dict[str, Any]) -> str:
    """A saved persona (``my_work/module01-persona.json``) as escaped Markdown."""
    persona = Persona()
    persona.update(saved.get("persona", {}) if isinstance(saved, dict) else {})
    status = "" if isinstance(saved, dict) and saved.get("complete") else "\n(A draft.)\n"
    return persona.to_markdown() + status
