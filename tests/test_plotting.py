import sys

import matplotlib
import pytest

from course_kit.plotting import OKABE_ITO, DescribedFigure, course_style, new_figure, styled


def test_importing_the_kit_changes_no_global_settings() -> None:
    before = dict(matplotlib.rcParams)
    backend = matplotlib.get_backend()
    import course_kit.modules.module01.analysis
    import course_kit.modules.module01.segments

    assert dict(matplotlib.rcParams) == before
    assert matplotlib.get_backend() == backend
    analysis = course_kit.modules.module01.analysis
    assert "matplotlib.pyplot" not in sys.modules or "pyplot" not in analysis.__dict__


def test_style_applies_only_inside_the_block() -> None:
    default_cycle = matplotlib.rcParams["axes.prop_cycle"]
    with course_style():
        assert matplotlib.rcParams["axes.prop_cycle"].by_key()["color"][0] == OKABE_ITO[0]
    assert matplotlib.rcParams["axes.prop_cycle"] == default_cycle


def test_figures_use_the_colour_blind_safe_palette() -> None:
    @styled
    def draw() -> tuple:
        ax = new_figure().add_subplot()
        ax.plot([1, 2], [1, 2])
        return ax.bar([1, 2], [3, 4]), ax.plot([1, 2], [2, 1])[0]

    bars, line = draw()
    assert matplotlib.colors.to_hex(bars.patches[0].get_facecolor()) == OKABE_ITO[0].lower()
    assert matplotlib.colors.to_hex(line.get_color()) == OKABE_ITO[1].lower()


def test_described_figure_has_alt_text_and_caption() -> None:
    fig = new_figure()
    fig.add_subplot().bar([1], [1])
    shown = DescribedFigure(fig, 'Bar chart of "one" bar.').to_html()
    assert 'alt="Bar chart of &quot;one&quot; bar."' in shown
    assert "<figcaption" in shown and "data:image/png;base64," in shown


@pytest.mark.parametrize("name", ["plot_age_profile", "plot_registration", "plot_barriers"])
def test_every_module1_plot_has_a_description(name: str) -> None:
    from course_kit import data
    from course_kit.modules.module01 import analysis as users

    patrons, community = data.load_patrons(), data.load_community()
    survey = data.load_needs_survey()
    arg = {"plot_age_profile": lambda: users.age_profile(patrons, community),
           "plot_registration": lambda: users.registration_by_neighbourhood(patrons, community),
           "plot_barriers": lambda: users.barrier_rates(survey)}[name]()
    shown = getattr(users, name)(arg)
    assert isinstance(shown, DescribedFigure)
    assert len(shown.description.split()) >= 10 and shown.description.endswith(".")
    assert shown.png().startswith(b"\x89PNG")
    first_bar = shown.figure.axes[0].patches[0]
    assert matplotlib.colors.to_hex(first_bar.get_facecolor()) == OKABE_ITO[0].lower()
