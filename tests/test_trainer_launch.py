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
