"""The persona builder: a form over :class:`course_kit.modules.module01.personas.Persona`.

Every change is kept as a draft in ``my_work/`` as it is typed; *Save persona* checks that
the persona is complete; *Export* writes Markdown and HTML files for the portfolio.
"Turn into a persona" in the segment explorer fills only the fields the participant has not
written in, and offers *Undo*.
"""

from __future__ import annotations

import base64
from typing import Any

import ipywidgets as widgets

from course_kit.modules.module01.personas import AGE_BANDS, CHANNELS, Persona, PersonaError
from course_kit.storage import WorkStore
from course_kit.widgets.base import (
    MessageArea,
    UserInputError,
    friendly_callback,
    latest_shown,
    mark_shown,
)

__all__ = ["PersonaBuilder"]

_LABELS = {
    "name": "Name", "age_band": "Age band", "occupation": "Occupation", "goals": "Goals",
    "needs": "Needs", "barriers": "Barriers", "quote": "Quote", "channels": "Preferred channels",
    "based_on": "Based on",
}


def _text(label: str, placeholder: str) -> widgets.Text:
    # continuous_update: every keystroke reaches the draft, so a restart loses nothing typed.
    return widgets.Text(description=label, placeholder=placeholder, continuous_update=True,
                        style={"description_width": "7em"},
                        layout={"width": "auto", "min_width": "14em"})


def _area(label: str, placeholder: str) -> widgets.Textarea:
    return widgets.Textarea(description=label, placeholder=placeholder, continuous_update=True,
                            style={"description_width": "7em"},
                            layout={"width": "auto", "min_width": "14em", "height": "5em"})


def _empty(value: Any) -> bool:
    return not value.strip() if isinstance(value, str) else not value


class PersonaBuilder(widgets.VBox):
    """Build, save and export one persona; it comes back when the notebook is reopened."""

    def __init__(self, slot: str = "module01-persona", store: WorkStore | None = None) -> None:
        self.slot = slot
        self.model = Persona()
        self.store = store or WorkStore(slot)
        self.messages = MessageArea()
        self.card = widgets.HTML()
        self.downloads = widgets.HTML()
        self.complete = False
        #: What "Turn into a persona" put in each field: such a field may be replaced again.
        self.seeded: dict[str, Any] = {}
        self._undo: dict[str, Any] | None = None
        self._quiet = False
        self.name = _text("Name", "a made-up first name, e.g. Rosa")
        self.age_band = widgets.Dropdown(options=list(AGE_BANDS), value=self.model.age_band,
                                         description="Age band",
                                         style={"description_width": "7em"})
        self.occupation = _text("Occupation", "e.g. night-shift nurse, retired teacher")
        self.goals = _area("Goals", "one per line: what do they want to do?")
        self.needs = _area("Needs", "one per line: what would help them?")
        self.barriers = _area("Barriers", "one per line: what gets in their way?")
        self.quote = _text("Quote", "something they might say, in their words")
        self.channel_boxes = {
            c: widgets.Checkbox(description=c, indent=False, layout={"width": "auto"})
            for c in CHANNELS
        }
        channels = widgets.HBox(
            [widgets.HTML('<span id="ck-channels">Preferred channels:</span>'),
             *self.channel_boxes.values()],
            layout={"flex_flow": "row wrap"},
        )
        self.save_button = widgets.Button(description="Save persona", button_style="primary",
                                          tooltip="Check and save this persona",
                                          layout={"width": "max-content"})
        self.export_button = widgets.Button(description="Export for my portfolio",
                                            tooltip="Write Markdown and HTML files",
                                            layout={"width": "max-content"})
        self.undo_button = widgets.Button(description="Undo the segment's changes",
                                          tooltip="Put the persona back as it was before",
                                          layout={"width": "max-content", "display": "none"})
        guarded = friendly_callback(self.messages)
        self.save_button.on_click(guarded(self._on_save))
        self.export_button.on_click(guarded(self._on_export))
        self.undo_button.on_click(guarded(self._on_undo))
        self._fields: dict[str, widgets.ValueWidget] = {
            "name": self.name, "age_band": self.age_band, "occupation": self.occupation,
            "goals": self.goals, "needs": self.needs, "barriers": self.barriers,
            "quote": self.quote,
        }
        self._restore()
        for key, control in self._fields.items():
            control.observe(guarded(self._field_changed(key)), names="value")
        for box in self.channel_boxes.values():
            box.observe(guarded(self._channels_changed), names="value")
        buttons = widgets.HBox([self.save_button, self.export_button, self.undo_button],
                               layout={"flex_flow": "row wrap"})
        form = widgets.VBox([*self._fields.values(), channels, buttons,
                             self.messages, self.downloads],
                            layout={"flex": "1 1 22em", "min_width": "18em"})
        preview = widgets.VBox([widgets.HTML("<strong>Preview</strong>"), self.card],
                               layout={"flex": "1 1 18em", "min_width": "16em"})
        # Side by side when there is room, one above the other when there is not (768 px).
        super().__init__([widgets.HBox([form, preview], layout={"flex_flow": "row wrap"})])
        self.add_class("course-kit-persona-builder")
        self._render()

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        mark_shown(self, ("persona-builder", self.slot))
        return super()._repr_mimebundle_(**kwargs)

    @classmethod
    def shown(cls, slot: str) -> PersonaBuilder | None:
        """The builder for ``slot`` that was shown last in the notebook (None if none)."""
        found = latest_shown(("persona-builder", slot))
        return found if isinstance(found, PersonaBuilder) else None

    # -- state -------------------------------------------------------------------------
    def _restore(self) -> None:
        saved = self.store.load()
        if self.store.notice:
            self.messages.show(self.store.notice, "warning")
        data = saved.get("persona")
        if isinstance(data, dict):
            ignored = self.model.update(data)
            self.complete = bool(saved.get("complete"))
            seeded = saved.get("seeded")
            self.seeded = dict(seeded) if isinstance(seeded, dict) else {}
            status = "saved persona" if self.complete else "draft"
            note = f"Your {status} is back from {self.store.path.name}."
            if ignored:
                note += f" Some fields could not be read and were left empty: {', '.join(ignored)}."
            self.messages.show(note, "info")
        # The controls always show the model, a new persona too: they never disagree.
        self._show_model()

    def _show_model(self) -> None:
        self._quiet = True
        try:
            for key, control in self._fields.items():
                control.value = getattr(self.model, key)
            for channel, box in self.channel_boxes.items():
                box.value = channel in self.model.channels
        finally:
            self._quiet = False

    def _field_changed(self, key: str) -> Any:
        def handler(change: dict[str, Any]) -> None:
            if self._quiet:
                return
            setattr(self.model, key, change["new"])
            self._draft()

        return handler

    def _channels_changed(self, _change: dict[str, Any]) -> None:
        if self._quiet:
            return
        self.model.channels = [c for c, box in self.channel_boxes.items() if box.value]
        self._draft()

    def _write(self) -> None:
        self.store.save({"persona": self.model.to_dict(), "complete": self.complete,
                         "seeded": self.seeded})

    def _draft(self) -> None:
        self.complete = False
        self._render()
        if self.downloads.value:  # the links are for the persona as it was exported
            self.downloads.value = ""
            self.messages.show("Changed since the export: export again for new files.", "info")
        self._write()

    def _render(self) -> None:
        self.card.value = self.model.card_html()

    def _replaceable(self, key: str) -> bool:
        value = getattr(self.model, key)
        if key in self.seeded and value == self.seeded[key]:
            return True
        if key == "age_band":  # never empty: replaceable while it is the untouched default
            return value == Persona.age_band.default_value and not self.complete \
                and "age_band" not in self.seeded
        return _empty(value)

    # -- public ------------------------------------------------------------------------
    def fill(self, data: dict[str, Any]) -> list[str]:
        """Fill the fields from ``data`` (e.g. a segment) that the participant has not
        written in; return the labels of the fields that were kept as they were.

        A field is filled when it is empty or still holds what an earlier segment put
        there. What was there before can be put back with *Undo*.
        """
        before = {"persona": self.model.to_dict(), "complete": self.complete,
                  "seeded": dict(self.seeded)}
        filled, kept = [], []
        for key, value in data.items():
            if key not in Persona.FIELDS:
                continue
            if getattr(self.model, key) == value:
                self.seeded[key] = value
                continue
            if not self._replaceable(key):
                kept.append(_LABELS.get(key, key))
                continue
            if not self.model.update({key: value}):
                self.seeded[key] = getattr(self.model, key)
                filled.append(_LABELS.get(key, key))
        if not filled:
            self._write()
            return kept
        self._undo = before
        self._show_model()
        self._draft()
        self.undo_button.layout.display = None
        note = f"Filled from the segment: {', '.join(filled)}."
        if kept:
            note += f" Kept what you wrote in: {', '.join(kept)}."
        if before["complete"]:
            note += " Press Save persona to keep the changes."
        self.messages.show(note + " Press Undo to put it back as it was.", "info")
        return kept

    # -- buttons -----------------------------------------------------------------------
    def _on_undo(self, _button: Any = None) -> None:
        if self._undo is None:
            raise UserInputError("There is nothing to undo.")
        before, self._undo = self._undo, None
        self.model.update(before["persona"])
        self.seeded = before["seeded"]
        self._show_model()
        self.complete = before["complete"]
        self._render()
        self._write()
        self.undo_button.layout.display = "none"
        self.messages.show("Undone: the persona is as it was before.", "success")

    def _on_save(self, _button: Any = None) -> None:
        try:
            self.model.save(self.store)
        except PersonaError as exc:
            raise UserInputError(
                f"Your draft is kept, but the persona is not finished yet. {exc}"
            ) from exc
        self.complete = True
        self.seeded, self._undo = {}, None
        self.undo_button.layout.display = "none"
        self.messages.show(f"Saved. {self.model.name} will be here when you come back.", "success")

    def _on_export(self, _button: Any = None) -> None:
        try:
            md, page = self.model.export(self.store.path.parent)
        except PersonaError as exc:
            raise UserInputError(f"Finish the persona before exporting it: {exc}") from exc
        links = []
        for path, mime in ((md, "text/markdown"), (page, "text/html")):
            data = base64.b64encode(path.read_bytes()).decode("ascii")
            links.append(f'<a download="{path.name}" href="data:{mime};base64,{data}">'
                         f"Download {path.name}</a>")
        self.downloads.value = " · ".join(links)
        self.messages.show(f"Exported to my_work/{md.name} and my_work/{page.name}.", "success")
