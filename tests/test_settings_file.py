"""course_kit.settings_file: the kit's entries are added, other settings kept."""

from __future__ import annotations

import json
from pathlib import Path

from course_kit.settings_file import update_settings


def _add(settings: dict) -> None:
    settings.setdefault("IPKernelApp", {})["extensions"] = ["course_kit.kernel"]


def test_other_settings_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "ipython_kernel_config.json"
    path.write_text(json.dumps({"Other": {"x": 1}, "IPKernelApp": {"y": 2}}))
    assert update_settings(path, _add) == path
    assert json.loads(path.read_text()) == {
        "Other": {"x": 1}, "IPKernelApp": {"y": 2, "extensions": ["course_kit.kernel"]}}


def test_a_missing_or_broken_file_counts_as_empty(tmp_path: Path) -> None:
    missing = tmp_path / "etc" / "ipython" / "config.json"   # its folder is made too
    update_settings(missing, _add)
    assert json.loads(missing.read_text()) == {"IPKernelApp": {"extensions": ["course_kit.kernel"]}}
    for text in ("{not json", "[1, 2]"):
        broken = tmp_path / "broken.json"
        broken.write_text(text)
        update_settings(broken, _add)
        assert json.loads(broken.read_text()) == {
            "IPKernelApp": {"extensions": ["course_kit.kernel"]}}
