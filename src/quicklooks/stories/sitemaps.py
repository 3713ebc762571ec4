"""Sitemaps for search engines: ``/sitemap.xml``, a Google News sitemap of the last two days, and ``robots.txt``.

URLs are absolute on ``QUICKLOOKS_BASE_URL`` (the canonical address), not on
whatever Host header a request came with.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from quicklooks.stories.metadata import absolute
from quicklooks.stories.models import Author, Section, Show, Story
from quicklooks.text.characters import xml_safe

NEWS_WINDOW = timedelta(days=2)
"""Google News sitemaps list only the last two days of stories."""


class _BaseSitemap(Sitemap):
    def get_protocol(self, protocol=None):
        return urlsplit(settings.QUICKLOOKS_BASE_URL).scheme or "http"

    def get_domain(self, site=None):
        return urlsplit(settings.QUICKLOOKS_BASE_URL).netloc


class HomeSitemap(_BaseSitemap):
    changefreq = "hourly"
    priority = 1.0

    def items(self):
        return ["stories:home"]

    def location(self, item):
        return reverse(item)


class StorySitemap(_BaseSitemap):
    changefreq = "daily"
    priority = 0.8
    limit = 5000

    def items(self):
        return Story.objects.published().only("slug", "updated_at").order_by("-published_at")

    def lastmod(self, story):
        return story.updated_at


class _CatalogueSitemap(_BaseSitemap):
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


class TopicSitemap(_BaseSitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        from quicklooks.topics.models import Topic

        return Topic.objects.with_published().order_by("slug")

    def lastmod(self, topic):
        return topic.updated_at


def sitemaps() -> dict[str, Sitemap]:
    found = {
        "home": HomeSitemap,
        "stories": StorySitemap,
        "sections": SectionSitemap,
        "shows": ShowSitemap,
        "authors": AuthorSitemap,
    }
    if apps.is_installed("quicklooks.topics"):
        found["topics"] = TopicSitemap
    return found


def sitemap(request):
    return sitemap_view(request, sitemaps=sitemaps(), template_name="stories/sitemap.xml")


def news_sitemap(request):
    since = timezone.now() - NEWS_WINDOW
    stories = Story.objects.published().filter(published_at__gte=since).order_by("-published_at")[:1000]
    # xml_safe: a stored control character must not make the sitemap invalid XML.
    entries = [
        {"loc": absolute(story.get_absolute_url()), "story": story, "title": xml_safe(story.headline)} for story in stories
    ]
    context = {
        "entries": entries, "publication": xml_safe(settings.QUICKLOOKS_SITE_NAME), "language": settings.LANGUAGE_CODE[:2],
    }
    return render(request, "stories/news_sitemap.xml", context, content_type="application/xml; charset=utf-8")


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
