"""Download everything saved in ``my_work/`` as one zip file (for Binder users)."""

from __future__ import annotations

import base64
from datetime import date
from typing import Any

import ipywidgets as widgets

from course_kit.storage import work_dir, work_files, zip_work
from course_kit.widgets.base import MessageArea, friendly_callback

__all__ = ["DownloadWork"]


class DownloadWork(widgets.VBox):
    """A button that packs ``my_work/`` into a zip and offers a download link."""

    def __init__(self) -> None:
        self.messages = MessageArea()
        self.link = widgets.HTML()
        self.button = widgets.Button(
            description="Prepare my work for download",
            button_style="primary",
            tooltip="Pack all my saved work into one zip file",
            layout={"width": "max-content"},
        )
        self.button.on_click(friendly_callback(self.messages)(self._on_click))
        super().__init__([self.button, self.link, self.messages])
        self.add_class("course-kit-download")

    def _on_click(self, _button: Any = None) -> None:
        folder = work_dir()
        files = work_files(folder)
        if not files:
            self.link.value = ""
            self.messages.show("You have not saved any work yet, so there is nothing to "
                               "download.", "info")
            return
        payload = base64.b64encode(zip_work(folder)).decode("ascii")
        name = f"my_work-{date.today():%Y-%m-%d}.zip"
        self.link.value = (
            f'<a download="{name}" href="data:application/zip;base64,{payload}">'
            f"Download {name} ({len(files)} files)</a>"
        )
        self.messages.show("Click the link to save the zip file on your computer.", "success")
