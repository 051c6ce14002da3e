"""Readers' advisory: three ways to suggest the next item, side by side.

* **Co-borrowed** – "people who borrowed this also borrowed": for one item, the other items
  most often borrowed by the same people (item co-occurrence in ``loans.csv``). A pair is
  shown only when at least ``min_support`` different borrowers share it, so a suggestion
  never points at what one identifiable person read.
* **Similar** – a content-based match on the catalogue record: same genre or subject, same
  audience, same format and language, and the next volume of a series.
* **Staff pick** – the choice a librarian made by hand for the genre, with the reason, read
  from ``staff_picks.toml`` (a trainer may edit it).

:class:`Recommender` holds the loan and catalogue tables once (a sparse borrower × item
matrix), so each suggestion takes a few milliseconds. :class:`RecommendationModel` is the
state of the recommender widget: the persona, the item, the privacy settings, the three
lists and the participant's choice, saved in ``my_work/module06-recommendation.json``.
"""

from __future__ import annotations

import hashlib
import html
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import traitlets
from scipy import sparse

from course_kit.modules.module06.portfolio import html_page, md_escape
from course_kit.storage import WorkStore

__all__ = [
    "APPROACHES",
    "DEFAULT_PERSONA",
    "PersonaProfile",
    "RecommendationModel",
    "Recommender",
    "RecommenderError",
    "Suggestion",
    "find_item",
    "load_persona",
    "load_staff_picks",
    "recommendation_html",
    "recommendation_markdown",
    "share_also_borrowed",
    "suggestions_html",
]

HERE = Path(__file__).resolve().parent
STAFF_PICKS = HERE / "staff_picks.toml"

#: The three approaches the participant compares, with plain names.
APPROACHES: dict[str, str] = {
    "co-borrowed": "People who borrowed this also borrowed",
    "similar": "Similar in the catalog (genre, audience, format)",
    "staff pick": "A librarian's own pick",
}
#: Share of borrowers who say yes in the opt-in example (an assumption, not a measured rate).
OPT_IN_EXAMPLE = 1 / 3
MAX_REASON = 1000

#: The persona used when the participant has not saved one in Module 1.
DEFAULT_PERSONA: dict[str, Any] = {
    "name": "Rosa",
    "age_band": "35-64",
    "occupation": "night-shift nurse",
    "goals": "Read or listen on my phone anywhere",
    "needs": "More e-books and shorter waits",
    "channels": ["text message"],
    "based_on": "the course's example persona, from the segment of e-book readers",
}


class RecommenderError(ValueError):
    """A request the recommender cannot answer (unknown item, bad setting); says why."""


# -- the persona --------------------------------------------------------------------------

@dataclass(frozen=True)
class PersonaProfile:
    """What the recommender needs from a Module 1 persona."""

    name: str
    age_band: str
    audience: str  # catalogue audience: children, teen or adult
    preferred_format: str | None  # print, ebook… when the persona's segment says so
    channels: tuple[str, ...]
    summary: str
    is_default: bool
    note: str = ""

    def _repr_html_(self) -> str:
        esc = html.escape
        fmt = self.preferred_format or "not known"
        channels = ", ".join(self.channels) or "not chosen"
        note = f"<p><em>{esc(self.note)}</em></p>" if self.note else ""
        return (
            '<section class="course-kit-persona-summary" aria-label="Persona" style="border:'
            '2px solid #0072B2;border-radius:8px;padding:6px 12px;max-width:44em">'
            f"<p><strong>{esc(self.summary)}</strong></p><ul>"
            f"<li>Reads titles for: {esc(self.audience)} readers</li>"
            f"<li>Preferred format: {esc(fmt)}</li><li>Channels: {esc(channels)}</li></ul>"
            f"{note}</section>"
        )


_AUDIENCE = {"0-12": "children", "13-17": "teen"}
_FORMAT_HINTS = (("e-book", "ebook"), ("print", "print"), ("bookworm", "print"))


def _profile(data: dict[str, Any], *, is_default: bool, note: str = "") -> PersonaProfile:
    age = str(data.get("age_band") or "35-64")
    based = str(data.get("based_on") or "")
    text = " ".join(str(data.get(k) or "") for k in ("based_on", "goals", "needs")).lower()
    fmt = next((f for hint, f in _FORMAT_HINTS if hint in text), None)
    name = str(data.get("name") or "").strip() or "Your persona"
    summary = f"{name}, age {age}" + (f", {data['occupation']}" if data.get("occupation") else "")
    if based:
        summary += f" ({based})"
    raw = data.get("channels")
    channels = tuple(c for c in raw if isinstance(c, str)) if isinstance(raw, list) else ()
    return PersonaProfile(name, age, _AUDIENCE.get(age, "adult"), fmt, channels, summary,
                          is_default, note)


def load_persona(store: WorkStore | None = None) -> PersonaProfile:
    """The persona saved in Module 1 (``my_work/module01-persona.json``), or the default.

    A draft counts too (the participant may not have pressed *Save*). When there is none,
    or the file cannot be read, the course's example persona is used and
    :attr:`PersonaProfile.note` says why.
    """
    store = store or WorkStore("module01-persona")
    saved = store.load()
    data = saved.get("persona")
    if isinstance(data, dict) and str(data.get("name", "")).strip():
        return _profile(data, is_default=False)
    note = store.notice or ("You have no persona from Module 1 yet, so the course's example "
                            "persona, Rosa, is used. Build your own in Module 1 at any time.")
    return _profile(DEFAULT_PERSONA, is_default=True, note=note)


# -- staff picks --------------------------------------------------------------------------

def load_staff_picks(path: Path = STAFF_PICKS) -> pd.DataFrame:
    """The librarians' picks, one per genre: ``genre``, ``item_id``, ``why``, ``picked_by``."""
    with open(path, "rb") as handle:
        raw = tomllib.load(handle)
    picks = pd.DataFrame(raw.get("picks", []), columns=["genre", "item_id", "why", "picked_by"])
    return picks.set_index("genre")


# -- the recommender ----------------------------------------------------------------------

@dataclass(frozen=True)
class Suggestion:
    """One suggested item, with the reason in words."""

    approach: str
    item_id: str
    title: str
    genre: str
    audience: str
    format: str
    reason: str

    def label(self) -> str:
        """'Title (genre, format)'."""
        return f"{self.title} ({self.genre}, {self.format})"


def _opted_in(patron_ids: pd.Index, share: float) -> np.ndarray:
    """A fixed, reproducible subset of borrowers: those who (in the example) said yes."""
    cut = int(share * 2**32)
    return np.array([int.from_bytes(hashlib.sha256(p.encode()).digest()[:4], "big") < cut
                     for p in patron_ids])


class Recommender:
    """Suggestions from the loans and the catalogue (one instance per notebook)."""

    def __init__(self, loans: pd.DataFrame, catalogue: pd.DataFrame,
                 staff_picks: pd.DataFrame | None = None) -> None:
        self.catalogue = catalogue.set_index("item_id")
        pairs = loans.loc[:, ["patron_id", "item_id"]].drop_duplicates()
        patrons = pd.Categorical(pairs["patron_id"])
        self.items = pd.Index(self.catalogue.index)
        codes = self.items.get_indexer(pairs["item_id"])
        if (codes < 0).any():
            raise RecommenderError("Some loans are for items that are not in the catalog.")
        self.patrons = pd.Index(patrons.categories)
        self.matrix = sparse.csr_matrix(
            (np.ones(len(pairs), dtype=np.int32), (patrons.codes, codes)),
            shape=(len(self.patrons), len(self.items)),
        )
        self.by_item = self.matrix.tocsc()
        self.opt_in = _opted_in(self.patrons, OPT_IN_EXAMPLE)
        self.borrowers = pd.Series(np.asarray(self.matrix.sum(axis=0)).ravel(), index=self.items)
        #: Lower-case title and series of each item, for :func:`find_item`.
        self.search_text = (self.catalogue["title"] + " "
                            + self.catalogue["series"].fillna("")).str.lower()
        self.staff_picks = staff_picks if staff_picks is not None else load_staff_picks()

    # -- helpers ----------------------------------------------------------------------
    def _row(self, item_id: str) -> pd.Series:
        if item_id not in self.catalogue.index:
            raise RecommenderError(f"There is no item {item_id!r} in the catalog.")
        return self.catalogue.loc[item_id]

    def _suggestion(self, approach: str, item_id: str, reason: str) -> Suggestion:
        row = self.catalogue.loc[item_id]
        return Suggestion(approach, item_id, str(row["title"]), str(row["genre"]),
                          str(row["audience"]), str(row["format"]), reason)

    def describe(self, item_id: str) -> str:
        """'Title (genre, audience, format)' for one item."""
        row = self._row(item_id)
        return f"{row['title']} ({row['genre']}, {row['audience']}, {row['format']})"

    def popular(self, audience: str | None = None, fmt: str | None = None,
                n: int = 30) -> list[str]:
        """The ``n`` items with the most borrowers, for an audience and format if given."""
        keep = pd.Series(True, index=self.items)
        if audience:
            keep &= self.catalogue["audience"].astype(str) == audience
        if fmt:
            keep &= self.catalogue["format"].astype(str) == fmt
        ranked = self.borrowers[keep].sort_values(ascending=False, kind="stable")
        return list(ranked.index[:n])

    # -- the three approaches -----------------------------------------------------------
    def co_borrowed_counts(self, item_id: str, *, opt_in_only: bool = False) -> pd.Series:
        """For every other item, how many borrowers of ``item_id`` borrowed it too."""
        self._row(item_id)
        j = self.items.get_loc(item_id)
        people = self.by_item[:, j].indices
        if opt_in_only:
            people = people[self.opt_in[people]]
        counts = np.asarray(self.matrix[people].sum(axis=0)).ravel()
        counts[j] = 0
        series = pd.Series(counts, index=self.items)
        return series[series > 0].sort_values(ascending=False, kind="stable")

    def co_borrowed(self, item_id: str, *, min_support: int = 5, n: int = 5,
                    opt_in_only: bool = False) -> tuple[list[Suggestion], int]:
        """Up to ``n`` co-borrowed items shared by at least ``min_support`` borrowers.

        The same title in another format counts once (the best-shared one is kept).

        Returns the suggestions and how many co-borrowed items were held back because
        fewer than ``min_support`` people borrowed both.
        """
        if not 2 <= int(min_support) <= 50:
            raise RecommenderError("The minimum number of borrowers must be between 2 and 50.")
        counts = self.co_borrowed_counts(item_id, opt_in_only=opt_in_only)
        shown = counts[counts >= min_support]
        ranked = sorted(shown.items(), key=lambda kv: (-kv[1], kv[0]))
        titles = self.catalogue["title"]
        seen = {titles[item_id]}
        out = []
        for other, count in ranked:
            if titles[other] in seen:  # the same work in another format
                continue
            seen.add(titles[other])
            out.append(self._suggestion("co-borrowed", other,
                                        f"{count} borrowers of this item borrowed it too"))
            if len(out) == n:
                break
        return out, int((counts < min_support).sum())

    def similar(self, item_id: str, *, n: int = 5) -> list[Suggestion]:
        """Up to ``n`` items most like ``item_id`` in the catalogue record.

        Score: same genre 3, next volume of the same series 3, same audience 2, same format
        1, same language 1; ties go to the item more people borrowed. The same title in
        another format is left out.
        """
        me = self._row(item_id)
        cat = self.catalogue
        genre = (cat["genre"] == me["genre"]).to_numpy()
        audience = (cat["audience"].astype(str) == str(me["audience"])).to_numpy()
        fmt = (cat["format"].astype(str) == str(me["format"])).to_numpy()
        lang = (cat["language"].astype(str) == str(me["language"])).to_numpy()
        nxt = np.zeros(len(cat), dtype=bool)
        if isinstance(me["series"], str) and me["series"] and not pd.isna(me["series_number"]):
            nxt = ((cat["series"] == me["series"])
                   & (cat["series_number"] == int(me["series_number"]) + 1)).fillna(False)
            nxt = nxt.to_numpy(dtype=bool)
        score = 3 * genre + 3 * nxt + 2 * audience + fmt + lang
        table = pd.DataFrame({"score": score, "borrowers": self.borrowers.to_numpy()},
                             index=cat.index).drop(index=item_id)
        table = table.sort_values(["score", "borrowers"], ascending=False, kind="stable")
        out: list[Suggestion] = []
        seen = {me["title"]}
        for other in table.index:
            if len(out) == n:
                break
            if cat.at[other, "title"] in seen:  # the same work in another format
                continue
            seen.add(cat.at[other, "title"])
            k = cat.index.get_loc(other)
            why = [w for w, hit in (("next in the series", nxt[k]), ("same genre", genre[k]),
                                    ("same audience", audience[k]), ("same format", fmt[k]),
                                    ("same language", lang[k])) if hit]
            out.append(self._suggestion("similar", other, ", ".join(why) or "popular"))
        return out

    def staff_pick(self, item_id: str) -> Suggestion | None:
        """The librarians' pick for the item's genre, or ``None`` when there is none."""
        genre = str(self._row(item_id)["genre"])
        if genre not in self.staff_picks.index:
            return None
        pick = self.staff_picks.loc[genre]
        if pick["item_id"] == item_id or pick["item_id"] not in self.catalogue.index:
            return None
        return self._suggestion("staff pick", str(pick["item_id"]),
                                f"{pick['why']} ({pick['picked_by']})")


    # -- tables for the notebook -------------------------------------------------------
    def co_borrowed_table(self, item_id: str, *, min_support: int = 5,
                          n: int = 5) -> pd.DataFrame:
        """The item's borrowers, then the titles most often borrowed by the same people."""
        co, _held = self.co_borrowed(item_id, min_support=min_support, n=n)
        counts = self.co_borrowed_counts(item_id)
        me = self.catalogue.loc[item_id]
        rows = [{"item": item_id, "title": me["title"], "format": me["format"],
                 "borrowed by": int(self.borrowers[item_id]), "of whom also this": ""}]
        rows += [{"item": s.item_id, "title": s.title, "format": s.format,
                  "borrowed by": int(self.borrowers[s.item_id]),
                  "of whom also this": int(counts[s.item_id])} for s in co]
        return pd.DataFrame(rows).set_index("item")

    def compare(self, item_id: str, *, min_support: int = 5, n: int = 3) -> pd.DataFrame:
        """The three approaches side by side for one item, as a table."""
        co, _held = self.co_borrowed(item_id, min_support=min_support, n=n)
        staff = self.staff_pick(item_id)
        rows = [*co, *self.similar(item_id, n=n), *([staff] if staff else [])]
        table = pd.DataFrame(
            [{"approach": APPROACHES[s.approach], "title": s.title, "genre": s.genre,
              "format": s.format, "why": s.reason} for s in rows],
            columns=["approach", "title", "genre", "format", "why"])
        if not co:
            table.loc[-1] = [APPROACHES["co-borrowed"], "(nothing shown)", "", "",
                             f"fewer than {min_support} borrowers in common"]
            table = table.sort_index().reset_index(drop=True)
        return table

    def privacy_effect(self, item_id: str, *, min_support: int = 5) -> pd.DataFrame:
        """Co-borrowed items shown and held back, using everyone's loans or opt-ins only."""
        rows = []
        for label, only in (("every borrower", False), ("opted-in borrowers only", True)):
            counts = self.co_borrowed_counts(item_id, opt_in_only=only)
            j = self.items.get_loc(item_id)
            people = self.by_item[:, j].indices
            rows.append({"loan histories used": label,
                         "borrowers of this title": int(self.opt_in[people].sum() if only
                                                        else len(people)),
                         "items shown": int((counts >= min_support).sum()),
                         "items held back": int((counts < min_support).sum())})
        return pd.DataFrame(rows).set_index("loan histories used")


def share_also_borrowed(item_id: str, other_id: str, *, directory: Path | None = None) -> float:
    """Of the people who borrowed ``item_id``, the percentage who also borrowed ``other_id``.

    Read from the case-study loans each time (a trainer's own data give their own answer).
    """
    from course_kit.data import load_loans

    loans = load_loans(directory=directory)
    first = set(loans.loc[loans["item_id"] == item_id, "patron_id"])
    if not first:
        raise RecommenderError(f"Nobody borrowed {item_id!r} in the loans table.")
    second = set(loans.loc[loans["item_id"] == other_id, "patron_id"])
    return 100 * len(first & second) / len(first)


# -- the widget's model -------------------------------------------------------------------

class RecommendationModel(traitlets.HasTraits):
    """The recommender widget's state; the three lists follow the settings.

    ``item_id``, ``min_support`` and ``opt_in_only`` are the settings; ``co_borrowed``,
    ``similar``, ``staff`` and ``held_back`` are recomputed when they change. ``choice``
    and ``reason`` are what the participant would offer, and why.
    """

    item_id = traitlets.Unicode("")
    min_support = traitlets.Int(5)
    opt_in_only = traitlets.Bool(False)
    co_borrowed = traitlets.List()
    similar = traitlets.List()
    staff = traitlets.Any(None)
    held_back = traitlets.Int(0)
    choice = traitlets.Unicode("")
    reason = traitlets.Unicode("")
    error = traitlets.Unicode("")

    def __init__(self, recommender: Recommender, persona: PersonaProfile,
                 **kwargs: Any) -> None:
        self.recommender = recommender
        self.persona = persona
        super().__init__(**kwargs)
        if not self.item_id:
            self.item_id = self.starting_items()[0]
        self.recompute()

    def starting_items(self, n: int = 30) -> list[str]:
        """Popular items that suit the persona (audience, and format when known)."""
        found = self.recommender.popular(self.persona.audience, self.persona.preferred_format, n)
        return found or self.recommender.popular(self.persona.audience, None, n)

    @traitlets.validate("min_support")
    def _check_support(self, proposal: dict[str, Any]) -> int:
        value = proposal["value"]
        if not 2 <= value <= 50:
            raise traitlets.TraitError("The minimum number of borrowers must be 2 to 50.")
        return value

    @traitlets.validate("choice")
    def _check_choice(self, proposal: dict[str, Any]) -> str:
        if proposal["value"] not in ("", *APPROACHES):
            raise traitlets.TraitError(f"Unknown approach {proposal['value']!r}.")
        return proposal["value"]

    @traitlets.observe("item_id", "min_support", "opt_in_only")
    def _settings_changed(self, _change: dict[str, Any]) -> None:
        self.recompute()

    def recompute(self) -> None:
        """Suggest again; an unknown item sets :attr:`error` and keeps the old lists."""
        rec = self.recommender
        try:
            co, held = rec.co_borrowed(self.item_id, min_support=self.min_support,
                                       opt_in_only=self.opt_in_only)
            similar = rec.similar(self.item_id)
            staff = rec.staff_pick(self.item_id)
        except RecommenderError as exc:
            self.error = str(exc)
            return
        self.error = ""
        self.held_back = held
        self.similar = similar
        self.staff = staff
        self.co_borrowed = co

    def problems(self) -> list[str]:
        """What stops the choice from being saved, in plain words (empty when fine)."""
        found = []
        if not self.choice:
            found.append("Choose which suggestion you would offer.")
        if not self.reason.strip():
            found.append("Write a sentence on why you would offer it.")
        if len(self.reason) > MAX_REASON:
            found.append(f"The reason is longer than {MAX_REASON} characters; please shorten it.")
        return found

    def to_dict(self) -> dict[str, Any]:
        """Everything worth keeping, as plain data."""
        rec = self.recommender

        def titles(items: list[Suggestion]) -> list[str]:
            return [s.label() for s in items]

        return {
            "persona": self.persona.summary,
            "item_id": self.item_id,
            "item": rec.describe(self.item_id) if self.item_id in rec.catalogue.index else "",
            "min_support": self.min_support,
            "opt_in_only": self.opt_in_only,
            "co_borrowed": titles(self.co_borrowed),
            "similar": titles(self.similar),
            "staff_pick": self.staff.label() if self.staff else "",
            "choice": self.choice,
            "reason": self.reason,
        }

    def update(self, data: dict[str, Any]) -> list[str]:
        """Restore saved settings and choice; return the keys that were ignored as invalid."""
        ignored = []
        for key in ("item_id", "min_support", "opt_in_only", "choice", "reason"):
            if key not in data:
                continue
            try:
                if key == "item_id" and data[key] not in self.recommender.catalogue.index:
                    raise traitlets.TraitError("unknown item")
                setattr(self, key, data[key])
            except (traitlets.TraitError, TypeError):
                ignored.append(key)
        return ignored


def _unwrap(saved: dict[str, Any]) -> dict[str, Any]:
    inner = saved.get("recommendation", saved) if isinstance(saved, dict) else {}
    return inner if isinstance(inner, dict) else {}


def recommendation_markdown(saved: dict[str, Any]) -> str:
    """A saved recommendation (``my_work/module06-recommendation.json``, or the record in
    it) as Markdown. Every value is escaped, so nothing typed can turn into a link or markup.
    """
    data = _unwrap(saved)
    esc = md_escape
    choice = str(data.get("choice") or "")
    lines = [
        "# Readers' advisory: my recommendation",
        "",
        f"- **For:** {esc(data.get('persona', ''))}",
        f"- **Who enjoyed:** {esc(data.get('item', ''))}",
        f"- **I would offer:** {esc(APPROACHES.get(choice, '(not chosen yet)'))}",
        f"- **Why:** {esc(data.get('reason', '')) or '(not written yet)'}",
        "",
        f"## {esc(APPROACHES['co-borrowed'])} (at least {esc(data.get('min_support', ''))} "
        "borrowers in common"
        + (", opted-in borrowers only)" if data.get("opt_in_only") else ")"),
    ]
    lines += [f"- {esc(t)}" for t in data.get("co_borrowed") or []] or ["- (none shown)"]
    lines += ["", f"## {esc(APPROACHES['similar'])}"]
    lines += [f"- {esc(t)}" for t in data.get("similar") or []] or ["- (none)"]
    lines += ["", f"## {esc(APPROACHES['staff pick'])}",
              f"- {esc(data.get('staff_pick') or '(none for this genre)')}"]
    if saved.get("complete") is False:
        lines += ["", "(A draft.)"]
    return "\n".join(lines) + "\n"


def recommendation_html(saved: dict[str, Any]) -> str:
    """The same as :func:`recommendation_markdown`, as a complete, escaped HTML page."""
    data = _unwrap(saved)
    esc = html.escape

    def items(values: Any, empty: str) -> str:
        values = [str(v) for v in values or []] or [empty]
        return "<ul>" + "".join(f"<li>{esc(v)}</li>" for v in values) + "</ul>"

    choice = str(data.get("choice") or "")
    body = (
        "<h1>Readers' advisory: my recommendation</h1><ul>"
        f"<li><strong>For:</strong> {esc(str(data.get('persona', '')))}</li>"
        f"<li><strong>Who enjoyed:</strong> {esc(str(data.get('item', '')))}</li>"
        f"<li><strong>I would offer:</strong> "
        f"{esc(APPROACHES.get(choice, '(not chosen yet)'))}</li>"
        f"<li><strong>Why:</strong> {esc(str(data.get('reason', '')))}</li></ul>"
        f"<h2>{esc(APPROACHES['co-borrowed'])}</h2>{items(data.get('co_borrowed'), '(none)')}"
        f"<h2>{esc(APPROACHES['similar'])}</h2>{items(data.get('similar'), '(none)')}"
        f"<h2>{esc(APPROACHES['staff pick'])}</h2>"
        f"{items([data.get('staff_pick')] if data.get('staff_pick') else [], '(none)')}"
    )
    return html_page("Readers' advisory: my recommendation", body)


def find_item(recommender: Recommender, text: str) -> str:
    """The item a participant typed: an item number (``I01852``) or words of a title or series.

    Raises :class:`RecommenderError` with a plain message when nothing matches.
    """
    query = " ".join(str(text).split())
    if not query:
        raise RecommenderError("Type an item number such as I01852, or a few words of a title.")
    if len(query) > 100:
        raise RecommenderError("That is longer than any title; type a few words only.")
    if query.upper() in recommender.catalogue.index:
        return query.upper()
    words = recommender.search_text
    hits = words.index[words.str.contains(query.lower(), regex=False)]
    if hits.empty:
        raise RecommenderError(f"No title in the catalog contains '{query}'. Try fewer words.")
    return str(recommender.borrowers[hits].sort_values(ascending=False, kind="stable").index[0])


def suggestions_html(model: RecommendationModel) -> str:
    """The three lists side by side (they wrap below each other on a narrow screen)."""
    esc = html.escape

    def column(title: str, items: list[Suggestion], empty: str) -> str:
        body = "".join(f"<li><strong>{esc(s.title)}</strong> ({esc(s.genre)}, {esc(s.format)})"
                       f"<br><span style='font-size:90%'>{esc(s.reason)}</span></li>"
                       for s in items) or f"<li>{esc(empty)}</li>"
        return (f'<div role="group" aria-label="{esc(title)}" style="flex:1 1 220px;min-width:'
                f'220px;border:1px solid #767676;border-radius:6px;padding:4px 10px">'
                f"<h4 style='margin:4px 0'>{esc(title)}</h4><ol>{body}</ol></div>")

    held = (f"{model.held_back} other titles were borrowed together with it by fewer than "
            f"{model.min_support} people, so they are not shown.")
    return (
        '<div class="course-kit-suggestions" style="display:flex;flex-wrap:wrap;gap:8px">'
        + column(APPROACHES["co-borrowed"], model.co_borrowed,
                 "Not enough borrowers in common to suggest anything safely.")
        + column(APPROACHES["similar"], model.similar, "Nothing similar found.")
        + column(APPROACHES["staff pick"], [model.staff] if model.staff else [],
                 "No staff pick for this genre yet.")
        + f"</div><p style='font-size:90%'>{esc(held)}</p>"
    )
