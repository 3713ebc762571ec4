"""Apps add their parts to story pages through registered panels."""

import pytest

from quicklooks.stories import panels
from quicklooks.stories.demo import load_demo


@pytest.fixture
def test_panel(settings, tmp_path):
    (tmp_path / "panel.html").write_text('<aside class="test-panel">Panel for {{ story.slug }}</aside>')
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], tmp_path]}]
    saved = {slot: list(entries) for slot, entries in panels._panels.items()}
    yield
    panels._panels.update(saved)


def test_registered_panel_renders_in_its_slot(client, db, test_panel):
    panels.register("after_deep_look", "panel.html")
    story = load_demo().story
    html = client.get(story.get_absolute_url()).content.decode()
    assert f'<aside class="test-panel">Panel for {story.slug}</aside>' in html
    assert html.index("test-panel") > html.index("Russia’s Fuel Crisis Deepens")


def test_unknown_slot_is_refused():
    with pytest.raises(ValueError, match="use one of"):
        panels.register("sidebar", "x.html")


def test_registering_twice_renders_once(test_panel):
    panels.register("card", "panel.html")
    panels.register("card", "panel.html")
    assert [p.template for p in panels.panels_for("card")].count("panel.html") == 1


def test_unknown_sharing_and_misplaced_vary_on_are_refused():
    with pytest.raises(ValueError, match="use one of: per_request, shared, anonymous"):
        panels.register("after_story", "x.html", sharing="everyone")
    with pytest.raises(ValueError, match="vary_on is for ANONYMOUS panels"):
        panels.register("after_story", "x.html", sharing=panels.SHARED, vary_on=("page",))


def test_the_story_page_panels_say_who_may_share_them():
    """Comments are per reader; everything else on a story page is the same for every reader."""
    sharing = {panel.template: panel.sharing for slot in panels.SLOTS for panel in panels.panels_for(slot)}
    assert sharing["comments/panel.html"] == panels.ANONYMOUS
    assert sharing["comments/card_count.html"] == panels.PER_REQUEST
    for template in ("facts/_who_said_what.html", "stories/_related.html", "stories/_metadata.html", "desk/corrections_panel.html"):
        assert sharing[template] == panels.SHARED
