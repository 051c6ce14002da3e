"""The set-up files agree with each other: Binder's recipe, pyproject, Makefile, CI."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ ;\[]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_names_the_same_packages_as_pyproject() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    wanted = {_name(r) for r in pyproject["project"]["dependencies"]}
    conda = set()
    for line in (ROOT / "environment.yml").read_text().splitlines():
        match = re.match(r"^\s*-\s+([A-Za-z0-9_.\-]+)", line)
        if match and not line.strip().startswith("- conda-forge"):
            conda.add(_name(match.group(1)))
    # python, pip and setuptools (postBuild's `pip install --no-deps .` builds the kit with
    # the setuptools>=77 that pyproject's build-system asks for) are Binder's tooling.
    assert conda - {"python", "pip", "setuptools"} == wanted
    assert re.search(r"^\s*-\s+setuptools>=77\b", (ROOT / "environment.yml").read_text(), re.M)


def test_postbuild_installs_the_kit_without_dependencies() -> None:
    text = (ROOT / "postBuild").read_text()
    assert "pip install --no-deps ." in text


def test_every_dependency_has_a_reason() -> None:
    lines = (ROOT / "pyproject.toml").read_text().splitlines()
    start = lines.index("dependencies = [")
    for line in lines[start + 1:]:
        if line.strip() == "]":
            break
        assert "#" in line, f"dependency without a reason: {line.strip()}"


def test_makefile_has_the_two_commands_and_ci_runs_make_test() -> None:
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^lab: ", makefile, re.M) and re.search(r"^test: ", makefile, re.M)
    assert "--allow-root" in makefile and "00-welcome.ipynb" in makefile
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_readme_gives_the_two_commands_and_the_binder_badge() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "make lab" in readme and "make test" in readme
    assert "mybinder.org/badge_logo.svg" in readme and "00-welcome.ipynb" in readme


def test_my_work_is_ignored_by_git() -> None:
    assert "my_work/" in (ROOT / ".gitignore").read_text().splitlines()


def test_every_data_file_of_the_package_is_shipped() -> None:
    """A wheel (Binder's `pip install .`) carries each manifest, template and data file."""
    import fnmatch
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    globs = config["tool"]["setuptools"]["package-data"]["course_kit"]
    package = ROOT / "course_kit"
    for path in package.rglob("*"):
        if not path.is_file() or path.suffix in {".py", ".pyc"} or "__pycache__" in path.parts:
            continue
        rel = path.relative_to(package).as_posix()
        assert any(fnmatch.fnmatchcase(rel, g) and rel.count("/") == g.count("/")
                   for g in globs), f"{rel} is not in package-data"


def test_browser_tests_write_readme_images_only_when_asked() -> None:
    """Issue 9: every browser run rewrote docs/images/*.png, so a clean clone was dirty."""
    from tests.browser.conftest import ARTIFACTS_DIR, README_IMAGES_ENV, readme_images_dir

    images = ROOT / "docs" / "images"
    assert readme_images_dir({}) == ARTIFACTS_DIR / "screenshots" / "readme"
    assert readme_images_dir({README_IMAGES_ENV: "0"}) != images
    assert readme_images_dir({README_IMAGES_ENV: "1"}) == images
    # No browser test names docs/images itself: they all go through README_IMAGES.
    for test in (ROOT / "tests" / "browser").glob("*.py"):
        code = test.read_text(encoding="utf-8")
        if test.name != "conftest.py":
            assert not re.search(r"""["']docs["']\s*/\s*["']images["']|["']docs/images""",
                                 code), test.name


def _imports(path: Path) -> set[str]:
    """Every module ``path`` imports, at the top or inside a function."""
    import ast

    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def test_participants_install_no_trainer_or_test_tools() -> None:
    """Issue 9: `make lab` from a fresh clone took 99 s. nbgrader (with SQLAlchemy, alembic,
    rapidfuzz, notebook) and tqdm serve the trainer only: they are the [trainer] extra, and
    nothing a participant's notebook can reach imports them."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    participant = {_name(r) for r in project["dependencies"]}
    extras = project["optional-dependencies"]
    trainer_only = {_name(r) for r in extras["trainer"]}
    assert {"nbgrader", "tqdm"} <= trainer_only
    assert not participant & (trainer_only | {_name(r) for r in extras["test"]})
    # Follow every import from what a participant's kernel and server load (the notebooks'
    # and the released assessments' imports, the kit's Jupyter set-up) through the kit.
    package = ROOT / "course_kit"
    files = {".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): p
             for p in package.rglob("*.py") if "templates" not in p.parts}
    todo = ["course_kit.kernel", "course_kit.widgets.presave", "course_kit.server_log"]
    for notebook in [*(ROOT / "notebooks").glob("*.ipynb"),
                     *(ROOT / "exercises" / "release").rglob("*.ipynb")]:
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "code":
                source = "".join(cell["source"])
                todo += re.findall(r"^\s*(?:from|import) (course_kit[\w.]*)", source, re.M)
    assert "course_kit.assessment" in todo and "course_kit.modules.module01.analysis" in todo
    seen: set[str] = set()
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        for name in _imports(files[module]):
            top = name.split(".")[0]
            assert top not in {"nbgrader", "tqdm"}, f"{module} imports {name}"
            todo += [m for m in (name, name.rsplit(".", 1)[0]) if m in files]
    assert "course_kit.trainer.pools" in seen  # the Welcome's self-assessment reads pools
