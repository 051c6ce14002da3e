"""The persona builder: a form over :class:`course_kit.modules.module01.personas.Persona`.

Every change is kept as a draft in ``my_work/`` straight away; *Save persona* checks that
the persona is complete; *Export* writes Markdown and HTML files for the portfolio.
"""

from __future__ import annotations

import base64
from typing import Any

import ipywidgets as widgets

from course_kit.modules.module01.personas import AGE_BANDS, CHANNELS, Persona, PersonaError
from course_kit.storage import WorkStore
from course_kit.widgets.base import MessageArea, UserInputError, friendly_callback

__all__ = ["PersonaBuilder"]


def _text(label: str, placeholder: str) -> widgets.Text:
    return widgets.Text(description=label, placeholder=placeholder, continuous_update=False,
                        style={"description_width": "9em"}, layout={"width": "95%"})


def _area(label: str, placeholder: str) -> widgets.Textarea:
    return widgets.Textarea(description=label, placeholder=placeholder, continuous_update=False,
                            style={"description_width": "9em"},
                            layout={"width": "95%", "height": "5em"})


class PersonaBuilder(widgets.VBox):
    """Build, save and export one persona; it comes back when the notebook is reopened."""

    def __init__(self, slot: str = "module01-persona", store: WorkStore | None = None) -> None:
        self.model = Persona()
        self.store = store or WorkStore(slot)
        self.messages = MessageArea()
        self.card = widgets.HTML()
        self.downloads = widgets.HTML()
        self.name = _text("Name", "a made-up first name, e.g. Rosa")
        self.age_band = widgets.Dropdown(options=list(AGE_BANDS), description="Age band",
                                         style={"description_width": "9em"})
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
                                          tooltip="Check and save this persona")
        self.export_button = widgets.Button(description="Export for my portfolio",
                                            tooltip="Write Markdown and HTML files",
                                            layout={"width": "max-content"})
        guarded = friendly_callback(self.messages)
        self.save_button.on_click(guarded(self._on_save))
        self.export_button.on_click(guarded(self._on_export))
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
        form = widgets.VBox([*self._fields.values(), channels,
                             widgets.HBox([self.save_button, self.export_button]),
                             self.messages, self.downloads])
        form.layout.width = "50%"
        preview = widgets.VBox([widgets.HTML("<strong>Preview</strong>"), self.card])
        preview.layout.width = "50%"
        super().__init__([widgets.HBox([form, preview])])
        self.add_class("course-kit-persona-builder")
        self._render()

    # -- state -------------------------------------------------------------------------
    def _restore(self) -> None:
        saved = self.store.load()
        if self.store.notice:
            self.messages.show(self.store.notice, "warning")
        data = saved.get("persona")
        if isinstance(data, dict):
            ignored = self.model.update(data)
            self._show_model()
            status = "saved persona" if saved.get("complete") else "draft"
            note = f"Your {status} is back from {self.store.path.name}."
            if ignored:
                note += f" Some fields could not be read and were left empty: {', '.join(ignored)}."
            self.messages.show(note, "info")

    def _show_model(self) -> None:
        for key, control in self._fields.items():
            control.value = getattr(self.model, key)
        for channel, box in self.channel_boxes.items():
            box.value = channel in self.model.channels

    def _field_changed(self, key: str) -> Any:
        def handler(change: dict[str, Any]) -> None:
            setattr(self.model, key, change["new"])
            self._draft()

        return handler

    def _channels_changed(self, _change: dict[str, Any]) -> None:
        self.model.channels = [c for c, box in self.channel_boxes.items() if box.value]
        self._draft()

    def _draft(self) -> None:
        self._render()
        self.store.save({"persona": self.model.to_dict(), "complete": False})

    def _render(self) -> None:
        self.card.value = self.model.card_html()

    # -- public ------------------------------------------------------------------------
    def fill(self, data: dict[str, Any]) -> None:
        """Fill the form from ``data`` (e.g. a segment), keeping fields not in ``data``."""
        self.model.update(data)
        self._show_model()
        self._draft()

    # -- buttons -----------------------------------------------------------------------
    def _on_save(self, _button: Any = None) -> None:
        try:
            self.model.save(self.store)
        except PersonaError as exc:
            raise UserInputError(
                f"Your draft is kept, but the persona is not finished yet. {exc}"
            ) from exc
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
