"""The stored story: a Story row, its Quick Looks bullets and its Deep Look blocks.

The text core's ``quicklooks.text.story.Story`` is the shape; these models are
how it is kept. ``Story.to_text_story()`` turns a row back into that shape, so
the writer, the engines and the exports work on stored stories unchanged.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils import timezone

from quicklooks.stories.images import Picture, picture_from
from quicklooks.text import story as text_story


class Section(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0, help_text="Order in the site navigation.")

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("stories:section", args=[self.slug])


class Show(models.Model):
    """A recurring programme, such as "Morning Edition", that publishes editions by date."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("stories:show", args=[self.slug])


class Author(models.Model):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    bio = models.TextField(blank=True)
    # The photo is the cleaned master (EXIF stripped) quicklooks.stories.images
    # made at upload; its smaller WebP/JPEG copies are listed in photo_renditions.
    photo = models.ImageField(upload_to="authors/", blank=True, max_length=300)
    photo_width = models.PositiveIntegerField(null=True, blank=True)
    photo_height = models.PositiveIntegerField(null=True, blank=True)
    photo_renditions = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("stories:author", args=[self.slug])

    @property
    def picture(self) -> Picture | None:
        """The photo for ``stories/_picture.html`` (alt: the author's name), or None."""
        return picture_from(
            self.photo, width=self.photo_width, height=self.photo_height, renditions=self.photo_renditions, alt=self.name
        )


class Tag(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("stories:tag", args=[self.slug])


class StoryQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Story.Status.PUBLISHED, published_at__lte=timezone.now())


class Story(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        # Waiting for an editor: sent by a reporter, or arrived with Quick Looks the engine wrote.
        REVIEW = "review", "Needs review"
        PUBLISHED = "published", "Published"

    slug = models.SlugField(max_length=140, unique=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True)
    headline = models.CharField(max_length=300)
    outlet = models.CharField(max_length=120, blank=True)
    dateline = models.CharField(max_length=120, blank=True, help_text="The meta line's dateline, e.g. WASHINGTON.")
    standfirst = models.TextField(blank=True)
    quick_looks_label = models.CharField(max_length=120, blank=True)
    deep_look_headline = models.CharField(max_length=300, blank=True)
    deep_look_dateline = models.CharField(
        max_length=120, blank=True, help_text="The dateline the Deep Look opens with, e.g. VLADIVOSTOK, Russia."
    )
    section = models.ForeignKey(Section, null=True, blank=True, on_delete=models.SET_NULL, related_name="stories")
    show = models.ForeignKey(Show, null=True, blank=True, on_delete=models.SET_NULL, related_name="stories")
    authors = models.ManyToManyField(Author, through="Byline", related_name="stories", blank=True)
    tags = models.ManyToManyField(Tag, related_name="stories", blank=True)

    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    source = models.CharField(max_length=1000, blank=True, help_text="Where the story came from: a file path or URL.")
    content_hash = models.CharField(max_length=64, blank=True, db_index=True, help_text="SHA-256 of the story text.")

    # The lead image (optional). ``image`` is the cleaned master that
    # quicklooks.stories.images made at upload (EXIF and GPS stripped, JPEG);
    # image_renditions lists its smaller copies for srcset:
    # [{"width": 480, "height": 320, "jpeg": "<storage name>", "webp": "<storage name>"}, ...],
    # narrowest first. Width and height are stored so pages reserve the space.
    image = models.ImageField(upload_to="stories/", blank=True, max_length=300)
    image_alt = models.CharField(
        max_length=400, blank=True, help_text="What the picture shows, for readers who cannot see it. Required to publish."
    )
    image_caption = models.TextField(blank=True)
    image_credit = models.CharField(max_length=200, blank=True, help_text="Photographer and agency, e.g. Jane Roe/Reuters.")
    image_width = models.PositiveIntegerField(null=True, blank=True)
    image_height = models.PositiveIntegerField(null=True, blank=True)
    image_renditions = models.JSONField(default=list, blank=True)
    image_source_url = models.CharField(
        max_length=1000, blank=True, help_text="Where ingest fetched the image from; empty for an upload."
    )
    # The editor's pick for the front page's lead: the most recently picked
    # published story leads; empty when the story is not picked.
    front_page_picked_at = models.DateTimeField(null=True, blank=True, db_index=True)

    objects = StoryQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name_plural = "stories"
        indexes = [models.Index(fields=["status", "-published_at"])]

    def __str__(self) -> str:
        return self.headline

    def get_absolute_url(self) -> str:
        return reverse("stories:story", args=[self.slug])

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.published_at is not None

    @property
    def picture(self) -> Picture | None:
        """The lead image for ``stories/_picture.html``, share cards and feeds, or None."""
        return picture_from(
            self.image,
            width=self.image_width,
            height=self.image_height,
            renditions=self.image_renditions,
            alt=self.image_alt,
            caption=self.image_caption,
            credit=self.image_credit,
        )

    @property
    def image_needs_alt(self) -> bool:
        """True when the story has a lead image but no alt text (the desk shows it; publishing refuses)."""
        return bool(self.image) and not self.image_alt.strip()

    @property
    def is_front_page_pick(self) -> bool:
        return self.front_page_picked_at is not None

    @property
    def quick_looks_generated(self) -> bool:
        """True when any bullet was written by the engine rather than a person."""
        return any(bullet.origin == QuickLook.Origin.GENERATED for bullet in self.quick_looks.all())

    @property
    def quick_looks_origin(self) -> str:
        """"generated" when the engine wrote every bullet, "mixed" when some, "human" when none.

        A bullet an editor rewrote counts as a person's, whatever it started as.
        """
        origins = {bullet.origin for bullet in self.quick_looks.all()}
        if origins == {QuickLook.Origin.GENERATED}:
            return "generated"
        return "mixed" if QuickLook.Origin.GENERATED in origins else "human"

    def to_text_story(self) -> text_story.Story:
        """This stored story in the text core's shape."""
        return text_story.Story(
            headline=self.headline,
            outlet=self.outlet,
            dateline=self.dateline,
            bylines=tuple(byline.author.name for byline in self.bylines.select_related("author")),
            show=self.show.name if self.show else "",
            standfirst=self.standfirst,
            quick_looks_label=self.quick_looks_label,
            quick_looks=tuple(bullet.text for bullet in self.quick_looks.all()),
            deep_look_headline=self.deep_look_headline,
            deep_look_dateline=self.deep_look_dateline,
            blocks=tuple(block.to_text_block() for block in self.blocks.all()),
        )

    def deep_look_text(self) -> str:
        """The text that every stored span (provenance, quotes, figures) points into."""
        return self.to_text_story().deep_look_text()


class PublishOverride(models.Model):
    """A story published past the review gate, and who asked for it.

    Quick Looks the engine wrote wait for an editor (``Story.Status.REVIEW``)
    unless the one who brought the story in said to publish anyway:
    ``quicklooks import --publish`` or ``ingest --publish``, ``"publish": true``
    in the API, or a source set to publish automatically.
    """

    class Channel(models.TextChoices):
        COMMAND = "command", "Command line (--publish)"
        API = "api", "API (publish: true)"
        SOURCE = "source", "Source set to publish automatically"

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="publish_overrides")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    set_by = models.CharField(max_length=300, help_text="Who asked: an account, a system user, an API token or a source.")
    generated_bullets = models.PositiveSmallIntegerField(default=0, help_text="Quick Looks bullets the engine wrote that went out unreviewed.")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()}: {self.set_by}"


class Byline(models.Model):
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="bylines")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["story", "author"], name="unique_byline")]


class QuickLook(models.Model):
    """One Quick Looks bullet, in order, marked as written by a person or the engine."""

    class Origin(models.TextChoices):
        HUMAN = "human", "Written by a person"
        GENERATED = "generated", "Generated automatically"

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="quick_looks")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=400)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.HUMAN)
    # [{"sentence": i, "start": a, "end": b}, ...] into Story.deep_look_text().
    # Stored spans are the truth: pages render them and never derive them again.
    sources = models.JSONField(default=list, blank=True)
    # The engine's confidence in a generated bullet, 0-1 (see
    # quicklooks.text.candidates.confidence); empty for a bullet a person wrote.
    confidence = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["story", "position"], name="unique_quick_look_position")]

    def __str__(self) -> str:
        return self.text


class BodyBlock(models.Model):
    """One block of the Deep Look: a paragraph, a subhead or a list."""

    class Kind(models.TextChoices):
        PARAGRAPH = "paragraph", "Paragraph"
        SUBHEAD = "subhead", "Subhead"
        LIST = "list", "List"

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="blocks")
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    text = models.TextField(blank=True)
    items = models.JSONField(default=list, blank=True)
    line = models.PositiveIntegerField(default=0, help_text="Line in the source text this block came from.")

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["story", "position"], name="unique_block_position")]

    def to_text_block(self) -> text_story.Block:
        return text_story.Block(kind=self.kind, text=self.text, items=tuple(self.items), line=self.line)

