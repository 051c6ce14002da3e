"""The sandbox launcher keeps what the kernel needs when it hides a folder."""

from course_kit.trainer.launch import _kept_inside


def test_a_checkout_inside_tmp_stays_visible() -> None:
    keep = ["/root/.pyenv/versions/3.11.7", "/tmp/ci/.venv", "/tmp/ci"]
    assert _kept_inside("/tmp", keep) == ["/tmp/ci"]  # the outermost only
    assert _kept_inside("/var/tmp", keep) == []
    assert _kept_inside("/tmp/ci/exercises", keep) == []
    assert _kept_inside("/tm", keep) == []  # a prefix of a name is not a parent


def test_a_needed_folder_that_is_masked_itself_is_reported() -> None:
    assert _kept_inside("/tmp/ci", ["/tmp/ci"]) == ["/tmp/ci"]


def test_a_checkout_closed_to_others_exposes_only_what_the_kernel_needs() -> None:
    import shutil
    import tempfile
    from pathlib import Path

    import course_kit
    from course_kit.trainer.sandbox import closed_ancestors, needed_paths

    package = Path(course_kit.__file__).resolve().parent
    assert package in needed_paths() and package.parent not in needed_paths()
    base = Path(tempfile.mkdtemp())  # like `mktemp -d`: mode 0700
    try:
        for child in ("course_kit", "datasets", ".venv"):
            (base / child).mkdir()
        pairs = closed_ancestors([base / "course_kit", base / "datasets", base / ".venv"])
        assert pairs == [(str(base), ".venv"), (str(base), "course_kit"), (str(base), "datasets")]
    finally:
        shutil.rmtree(base)


def test_folders_leading_back_to_a_kept_path_are_passable(tmp_path) -> None:
    """The grader runs with umask 077; the folders made inside a hidden /tmp to reach a
    checkout there must still let the kernel's user through (all scores were 0 otherwise)."""
    import os

    from course_kit.trainer.launch import _put_back

    class Libc:
        def mount(self, *args) -> int:
            return 0

        def umount2(self, *args) -> int:
            return 0

    target = tmp_path / "ci" / "checkout" / ".venv"
    old = os.umask(0o077)
    try:
        held = os.open(tmp_path, os.O_PATH | os.O_DIRECTORY)  # what _hold keeps open
        _put_back(Libc(), [(held, str(target))], [])
    finally:
        os.umask(old)
    for folder in (tmp_path / "ci", tmp_path / "ci" / "checkout", target):
        assert folder.stat().st_mode & 0o777 == 0o755, folder
