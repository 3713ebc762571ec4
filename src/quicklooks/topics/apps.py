from django.apps import AppConfig


class TopicsConfig(AppConfig):
    name = "quicklooks.topics"
    label = "topics"
    verbose_name = "Topics"

    def ready(self) -> None:
        from quicklooks.stories import feeds, panels, sitemaps
        from quicklooks.topics import signals  # noqa: F401  (connects the receivers)
        from quicklooks.topics.models import Topic
        from quicklooks.topics.sitemaps import TopicSitemap

        # Feeds and a sitemap section for topics, offered through stories' registries.
        feeds.register_kind("topic", Topic, lambda stories, topic: stories.filter(topic_link__topic=topic))
        sitemaps.register("topics", TopicSitemap)

        # The reader's panels on story pages: metadata and feed links in the
        # head, and related stories under the article, before comments. The
        # same for every reader, with no comments in them (panels.SHARED).
        panels.register("head", "stories/_metadata.html", order=10, sharing=panels.SHARED)
        panels.register("after_quick_looks", "topics/_story_topic.html", order=20, sharing=panels.SHARED)
        panels.register("after_story", "stories/_related.html", order=10, sharing=panels.SHARED)
        panels.register("after_deep_look", "stories/_export_links.html", order=90, sharing=panels.SHARED)
