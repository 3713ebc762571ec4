"""About, Privacy and Corrections: flat pages the editors edit, made by the data migration, and the corrections list."""

from __future__ import annotations

import pytest
from django.contrib.flatpages.models import FlatPage
from django.urls import reverse

from quicklooks.pages.defaults import create_default_pages

pytestmark = pytest.mark.django_db


def test_the_migration_made_about_and_privacy_and_the_footer_links_them(client):
    assert set(FlatPage.objects.values_list("url", flat=True)) >= {"/about/", "/privacy/"}
    home = client.get(reverse("stories:home")).content.decode()
    footer = home[home.index('class="site-footer"') :]
    for name in ("pages:about", "pages:privacy", "pages:corrections", "stories:feed-rss", "stories:feed-atom", "stories:feed-json"):
        assert f'href="{reverse(name)}"' in footer, name
    about = client.get(reverse("pages:about"))
    assert about.status_code == 200
    assert "Quick Looks" in about.content.decode() and 'class="masthead"' in about.content.decode()
    assert "no advertising or tracking cookies" in client.get(reverse("pages:privacy")).content.decode()


def test_an_editors_text_is_kept_and_never_overwritten():
    page = FlatPage.objects.get(url="/about/")
    page.content = "<p>Our own words.</p>"
    page.save()
    assert create_default_pages() == 0
    assert FlatPage.objects.get(url="/about/").content == "<p>Our own words.</p>"


def test_a_flushed_database_gets_the_pages_back():
    FlatPage.objects.all().delete()
    assert create_default_pages() == 2
    assert FlatPage.objects.get(url="/privacy/").sites.count() == 1


def test_flat_page_html_is_cleaned_before_a_reader_sees_it(client):
    page = FlatPage.objects.get(url="/about/")
    page.content = '<p onclick="steal()">Hello <script>alert(1)</script><a href="javascript:alert(2)">x</a><b style="color:red">b</b></p>'
    page.save()
    html = client.get(reverse("pages:about")).content.decode()
    assert "Hello" in html
    for bad in ("onclick", "<script>alert", "javascript:", 'style="color'):
        assert bad not in html, bad


def test_the_corrections_page_lists_published_stories_corrections_newest_first(client):
    from quicklooks.desk.models import Correction
    from quicklooks.stories.demo import load_demo
    from quicklooks.stories.models import Story

    story = load_demo().story
    older = Correction.objects.create(story=story, note="The first fix.")
    newer = Correction.objects.create(story=story, note="The second fix.")
    Correction.objects.filter(pk=older.pk).update(created_at=newer.created_at.replace(year=newer.created_at.year - 1))
    draft = Story.objects.create(slug="unseen", headline="Unseen draft")
    Correction.objects.create(story=draft, note="A fix to a draft nobody has read.")
    html = client.get(reverse("pages:corrections")).content.decode()
    assert html.index("The second fix.") < html.index("The first fix.")
    assert story.get_absolute_url() in html
    assert "nobody has read" not in html
