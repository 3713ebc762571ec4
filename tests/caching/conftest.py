import pytest
from django.core.cache import caches

from quicklooks.stories import panels


@pytest.fixture
def page_cache(settings):
    """The page cache switched on, as it is in embedded and production mode."""
    from quicklooks.caching.watching import comments_changed

    settings.QUICKLOOKS_PAGE_CACHE_SECONDS = 600
    comments_changed.flush()  # a comment bump still pending from an earlier test would land in this one
    clear_caches()
    yield
    comments_changed.flush()
    clear_caches()


def clear_caches():
    """Every cache: the shared one (the generation) and the pages' own, which embedded mode keeps apart."""
    for alias in caches:
        caches[alias].clear()


@pytest.fixture
def name_panel(settings, tmp_path):
    """A panel that prints the reader's name, so a leak would show on the page."""
    (tmp_path / "reader_name.html").write_text(
        '<p class="reader-name">{% if user.is_authenticated %}Reading as {{ user.get_username }}{% endif %}</p>'
    )
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], tmp_path]}]
    saved = {slot: list(entries) for slot, entries in panels._panels.items()}
    panels.register("after_story", "reader_name.html")
    yield
    panels._panels.update(saved)
