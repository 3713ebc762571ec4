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
