"""Start a new module from the template: the five files of ``docs/adding-a-module.md``.

``course-kit new-module 11 "Title" --slug my-topic`` writes, from
``course_kit/templates/module/``: the module's home (manifest, ``__init__``, an example
analysis, self-checks), its notebook, its graded pool and its facilitator notes. Each is a
working skeleton: ``course-kit nav`` and ``course-kit build`` accept it at once, and the
author replaces the example content. Existing files are never overwritten.
"""

from __future__ import annotations

import copy
import re
from importlib import resources
from pathlib import Path

import nbformat

from course_kit.manifest import module_id
from course_kit.syllabus import modules as syllabus_modules

__all__ = ["new_module"]


def _template(name: str) -> str:
    return resources.files("course_kit").joinpath("templates", "module", name).read_text(
        encoding="utf-8")


def _fill(text: str, values: dict[str, str]) -> str:
    return re.sub(r"\{\{(\w+)\}\}", lambda m: values.get(m.group(1), m.group(0)), text)


def new_module(root: Path, number: int, title: str, slug: str,
               modules_dir: Path | None = None) -> list[Path]:
    """Write a new module's files under the kit at ``root``; return the paths written.

    The topics come from the syllabus when it has module ``number``; otherwise three
    placeholders. ``modules_dir`` (default ``root/course_kit/modules``) is for tests.
    Raises ``FileExistsError`` if any of the files is already there.
    """
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug):
        raise ValueError("The slug is lowercase words joined by hyphens, e.g. 'my-topic'.")
    ident = module_id(number)
    notebook = f"{number:02d}-{slug}.ipynb"
    known = next((m for m in syllabus_modules() if m.number == number), None)
    topics = list(known.topics) if known else [f"Topic {i} of {title}." for i in (1, 2, 3)]
    minutes = 15
    headings = [f"{i}. {t.rstrip('.')}" for i, t in enumerate(topics, 1)]
    values = {
        "number": str(number), "id": ident, "title": title, "notebook": notebook,
        "label": f"Module {number}: {title}",
        "sections": "\n\n".join(f'[[sections]]\ntopic = "{t}"\nheading = "{h}"\nminutes = '
                                f"{minutes}" for t, h in zip(topics, headings, strict=True)),
        "timetable": "\n".join(f"| 0:{i * minutes:02d} | {h} | {minutes} | … |"
                               for i, h in enumerate(headings)),
    }
    home = (modules_dir or root / "course_kit" / "modules") / ident
    targets = {
        home / "manifest.toml": _fill(_template("manifest.toml"), values),
        home / "__init__.py": _fill(_template("__init__.py"), values),
        home / "analysis.py": _fill(_template("analysis.py"), values),
        home / "selfcheck.py": _fill(_template("selfcheck.py"), values),
        home / "bench.py": _fill(_template("bench.py"), values),
        root / "exercises" / "pools" / f"{ident}.toml": _fill(_template("pool.toml"), values),
        root / "docs" / "facilitator" / f"{number:02d}-{slug}.md":
            _fill(_template("facilitator.md"), values),
    }
    nb_path = root / "notebooks" / notebook
    existing = [p for p in [*targets, nb_path] if p.exists()]
    if existing:
        raise FileExistsError(f"Already there, not overwritten: {existing[0]}")
    template = nbformat.reads(_template("notebook.ipynb"), as_version=4)
    cells = []
    for cell in template.cells:
        if cell.metadata.get("course_kit", {}).get("template") == "section":
            continue
        cells.append(cell)
        if cell.cell_type == "code" and "selfcheck import quiz" in cell.source:
            section_cells = [c for c in template.cells
                             if c.metadata.get("course_kit", {}).get("template") == "section"]
            for heading in headings:
                for part in section_cells:
                    new = copy.deepcopy(part)
                    new.metadata.pop("course_kit")
                    new.source = _fill(new.source, {**values, "heading": heading})
                    cells.append(new)
    for cell in cells:
        cell.source = _fill(cell.source, values)
    template.cells = cells
    template.nbformat_minor = max(template.nbformat_minor, 5)
    for i, cell in enumerate(cells):
        cell.id = f"{ident}-{i:02d}"
    for path, text in targets.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    nb_path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(template, nb_path)
    return [*targets, nb_path]
