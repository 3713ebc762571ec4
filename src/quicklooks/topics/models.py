"""A topic: one running event (a war, an election, a storm) and the stories that follow it."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from quicklooks.stories.models import Story


class TopicQuerySet(models.QuerySet):
    def with_published(self, minimum: int = 2):
        """Topics with at least ``minimum`` published stories: one story alone is not a running event."""
        from django.utils import timezone

        return self.annotate(
            published_count=models.Count(
                "links",
                filter=models.Q(
                    links__story__status=Story.Status.PUBLISHED, links__story__published_at__lte=timezone.now()
                ),
            ),
            latest_at=models.Max("links__story__published_at"),
        ).filter(published_count__gte=minimum)


class Topic(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    name_locked = models.BooleanField(
        default=False, help_text="Named by an editor: clustering no longer renames it."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("topics:topic", args=[self.slug])

    def published_stories(self):
        return Story.objects.published().filter(topic_link__topic=self)


class TopicStory(models.Model):
    """Which topic a story belongs to; a story belongs to one topic at most."""

    story = models.OneToOneField(Story, on_delete=models.CASCADE, related_name="topic_link")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="links")
    pinned = models.BooleanField(
        default=False, help_text="Placed by an editor (merge or split): clustering leaves it where it is."
    )
    score = models.FloatField(default=0.0, help_text="Similarity with the topic when clustering placed it.")

    class Meta:
        verbose_name = "story in topic"
        verbose_name_plural = "stories in topics"


class StoryFeatures(models.Model):
    """A story's clustering features, kept so a new story is compared without re-reading every old one."""

    story = models.OneToOneField(Story, on_delete=models.CASCADE, related_name="topic_features")
    content_hash = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict)
