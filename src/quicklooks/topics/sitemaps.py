"""The topics section of ``/sitemap.xml``, registered with ``stories.sitemaps`` in ``TopicsConfig.ready()``."""

from __future__ import annotations

from quicklooks.stories.sitemaps import SiteSitemap
from quicklooks.topics.models import Topic


class TopicSitemap(SiteSitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        return Topic.objects.with_published().order_by("slug")

    def lastmod(self, topic):
        return topic.updated_at
