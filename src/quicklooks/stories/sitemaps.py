"""Sitemaps for search engines: ``/sitemap.xml``, a Google News sitemap of the last two days, and ``robots.txt``.

The news sitemap names each story's lead image (``image:image``, Google's
image extension), the master JPEG the NewsArticle JSON-LD names too.

URLs are absolute on ``QUICKLOOKS_BASE_URL`` (the canonical address), not on
whatever Host header a request came with.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from quicklooks.stories.images import absolute_url
from quicklooks.stories.metadata import absolute
from quicklooks.stories.models import Author, Section, Show, Story
from quicklooks.text.characters import xml_safe

NEWS_WINDOW = timedelta(days=2)
"""Google News sitemaps list only the last two days of stories."""


class SiteSitemap(Sitemap):
    """A sitemap section whose links are absolute on ``QUICKLOOKS_BASE_URL`` (public: apps subclass it)."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.QUICKLOOKS_BASE_URL).scheme or "http"

    def get_domain(self, site=None):
        return urlsplit(settings.QUICKLOOKS_BASE_URL).netloc


class HomeSitemap(SiteSitemap):
    changefreq = "hourly"
    priority = 1.0

    def items(self):
        return ["stories:home"]

    def location(self, item):
        return reverse(item)


class StorySitemap(SiteSitemap):
    changefreq = "daily"
    priority = 0.8
    limit = 5000

    def items(self):
        return Story.objects.published().only("slug", "updated_at").order_by("-published_at")

    def lastmod(self, story):
        return story.updated_at


class _CatalogueSitemap(SiteSitemap):
    changefreq = "daily"
    priority = 0.5
    model = None

    def items(self):
        return self.model.objects.filter(stories__status=Story.Status.PUBLISHED).distinct().order_by("slug")


class SectionSitemap(_CatalogueSitemap):
    model = Section


class ShowSitemap(_CatalogueSitemap):
    model = Show


class AuthorSitemap(_CatalogueSitemap):
    model = Author


_sections: dict[str, type[Sitemap]] = {
    "home": HomeSitemap,
    "stories": StorySitemap,
    "sections": SectionSitemap,
    "shows": ShowSitemap,
    "authors": AuthorSitemap,
}


def register(name: str, section: type[Sitemap]) -> None:
    """Add a section to ``/sitemap.xml``; call it from ``AppConfig.ready()``.

    Downstream apps (topics) add their pages this way, so ``stories`` never
    imports them. Subclass ``SiteSitemap`` for absolute links.
    """
    _sections[name] = section


def sitemaps() -> dict[str, Sitemap]:
    return dict(_sections)


def sitemap(request):
    return sitemap_view(request, sitemaps=sitemaps(), template_name="stories/sitemap.xml")


def news_sitemap(request):
    since = timezone.now() - NEWS_WINDOW
    stories = Story.objects.published().filter(published_at__gte=since).order_by("-published_at")[:1000]
    # xml_safe: a stored control character must not make the sitemap invalid XML.
    entries = [
        {"loc": absolute(story.get_absolute_url()), "story": story, "title": xml_safe(story.headline), "image": _image_url(story)}
        for story in stories
    ]
    context = {
        "entries": entries, "publication": xml_safe(settings.QUICKLOOKS_SITE_NAME), "language": settings.LANGUAGE_CODE[:2],
    }
    return render(request, "stories/news_sitemap.xml", context, content_type="application/xml; charset=utf-8")


def _image_url(story: Story) -> str:
    picture = story.picture
    return absolute_url(picture.url) if picture is not None else ""


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /desk/",
        "Disallow: /accounts/",
        "Disallow: /search/",
        "",
        f"Sitemap: {absolute(reverse('stories:sitemap'))}",
        f"Sitemap: {absolute(reverse('stories:news-sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
