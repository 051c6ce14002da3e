"""A reflection box: the participant writes a few lines, they are kept in ``my_work/``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import ipywidgets as widgets
import traitlets

from course_kit.storage import WorkStore
from course_kit.widgets.base import MessageArea, UserInputError, friendly_callback

__all__ = ["NotesBox", "NotesModel", "notes_markdown"]

MAX_NOTE_CHARS = 5000


class NotesModel(traitlets.HasTraits):
    """The text of one reflection and where it is saved (``my_work/notes.json``).

    What is typed but not saved yet is kept as a draft as it is typed
    (``my_work/notes-drafts.json``), so a kernel restart or a closed tab loses nothing; the
    draft comes back in the box and goes once the note is saved.
    """

    key = traitlets.Unicode()
    text = traitlets.Unicode("")
    saved_at = traitlets.Unicode("")

    def __init__(self, key: str, store: WorkStore | None = None) -> None:
        super().__init__(key=key)
        self.store = store or WorkStore("notes")
        self.drafts = WorkStore(f"{self.store.name}-drafts", self.store.directory)
        entry = self.store.load().get(key, {})
        self.notice = self.store.notice
        if isinstance(entry, dict):
            self.text = str(entry.get("text", ""))
            self.saved_at = str(entry.get("saved_at", ""))
        self._saved_text = self.text
        draft = self.drafts.load().get(key)
        self.draft_back = isinstance(draft, str) and draft != self.text
        if self.draft_back:
            self.text = str(draft)

    @traitlets.observe("text")
    def _keep_draft(self, change: dict[str, Any]) -> None:
        if not hasattr(self, "_saved_text"):
            return  # still loading
        drafts = self.drafts.load()
        if change["new"] == self._saved_text:
            if self.key not in drafts:
                return
            drafts.pop(self.key)
        else:
            drafts[self.key] = change["new"]
        self.drafts.save(drafts)

    def save(self) -> str:
        """Save the note; return the time it was saved. Refuses an empty or huge note."""
        if not self.text.strip():
            raise UserInputError("The note is empty. Write a sentence or two, then save.")
        if len(self.text) > MAX_NOTE_CHARS:
            raise UserInputError(
                f"The note has {len(self.text):,} characters; the limit is {MAX_NOTE_CHARS:,}. "
                "Please shorten it. Nothing was lost: your text is still in the box."
            )
        data = self.store.load()
        self.saved_at = datetime.now().strftime("%Y-%m-%d %H:%M")
        data[self.key] = {"text": self.text, "saved_at": self.saved_at}
        self.store.save(data)
        self._saved_text = self.text
        drafts = self.drafts.load()
        if drafts.pop(self.key, None) is not None:
            self.drafts.save(drafts)
        return self.saved_at


class NotesBox(widgets.VBox):
    """A prompt, a text area and a Save button, over a :class:`NotesModel`."""

    def __init__(self, key: str, prompt: str, store: WorkStore | None = None) -> None:
        self.model = NotesModel(key, store)
        self.messages = MessageArea()
        self.area = widgets.Textarea(
            value=self.model.text,
            placeholder="Write your answer here…",
            description="Your notes:",
            style={"description_width": "initial"},
            layout={"width": "95%", "height": "7em"},
        )
        widgets.link((self.area, "value"), (self.model, "text"))
        self.save_button = widgets.Button(
            description="Save my notes", button_style="primary", tooltip="Save these notes"
        )
        self.save_button.on_click(friendly_callback(self.messages)(self._on_save))
        super().__init__([widgets.HTML(f"<p>{prompt}</p>"), self.area, self.save_button,
                          self.messages])
        self.add_class("course-kit-notes")
        if self.model.notice:
            self.messages.show(self.model.notice, "warning")
        elif self.model.draft_back:
            self.messages.show("What you typed last time is back, not saved yet: press "
                               "Save my notes to keep it.", "info")
        elif self.model.saved_at:
            self.messages.show(f"Your notes from {self.model.saved_at} are back.", "info")

    def _on_save(self, _button: Any = None) -> None:
        when = self.model.save()
        self.messages.show(f"Saved at {when} in {self.model.store.path.name}.", "success")


def notes_markdown(entry: dict[str, Any]) -> str:
    """One saved note (an entry of ``my_work/notes.json``) as escaped Markdown: its text.

    When it was saved is not part of it: the portfolio and the action plan say that once,
    beside the note's title (:attr:`course_kit.saved_work.SavedWork.saved_on`), and a hand-in
    copies the text alone.
    """
    from course_kit.saved_work import escape_markdown

    text = str(entry.get("text", "")) if isinstance(entry, dict) else str(entry)
    return "\n".join(escape_markdown(line) for line in text.splitlines()) + "\n"
