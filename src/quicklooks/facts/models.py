"""The stored facts of a story, and the people, places and organisations they name.

Everything per story (quotes, figures, mentions) is replaced as a whole when
the story's Deep Look changes (see :mod:`quicklooks.facts.storing`); people,
places and organisations are shared across stories and found again by name.
Offsets (``start``/``end``) point into ``Story.deep_look_text()``, as the
text core reported them: stored spans are the truth and pages only slice them.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.urls import reverse

from quicklooks.stories.models import Story


def _number(value: float) -> int | float:
    """4200000.0 -> 4200000: the JSON shape gives whole numbers as integers."""
    return int(value) if float(value).is_integer() else value


class StoryFacts(models.Model):
    """When a story's facts were extracted, and from which text (by hash)."""

    story = models.OneToOneField(Story, on_delete=models.CASCADE, related_name="facts")
    text_hash = models.CharField(max_length=64, help_text="SHA-256 of the Deep Look text the facts came from.")
    extracted_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "story's facts"
        verbose_name_plural = "stories' facts"

    def __str__(self) -> str:
        return f"Facts of {self.story}"


class Person(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    role = models.CharField(max_length=200, blank=True, help_text="The role the latest story gave them.")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("facts:person", args=[self.slug])

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "role": self.role or None}


class Place(models.Model):
    name = models.CharField(max_length=200, help_text="As stories spell it.")
    slug = models.SlugField(max_length=200, unique=True)
    country = models.CharField(max_length=120, blank=True)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["name", "country"], name="unique_place_name_country")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("facts:place", args=[self.slug])

    @property
    def located(self) -> bool:
        return self.lat is not None and self.lon is not None

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "country": self.country or None, "lat": self.lat, "lon": self.lon}


class Organization(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name}


class PersonMention(models.Model):
    """A story names a person, in the role that story gives them."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="person_mentions")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="mentions")
    role = models.CharField(max_length=200, blank=True)
    position = models.PositiveIntegerField(help_text="Order of first mention in the story.")

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["story", "person"], name="unique_person_mention")]

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.person.name, "role": self.role or None}


class PlaceMention(models.Model):
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="place_mentions")
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="mentions")
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["story", "place"], name="unique_place_mention")]

    def as_dict(self) -> dict[str, Any]:
        return self.place.as_dict()


class OrganizationMention(models.Model):
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="organization_mentions")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="mentions")
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["story", "organization"], name="unique_organization_mention")]

    def as_dict(self) -> dict[str, Any]:
        return self.organization.as_dict()


class Quote(models.Model):
    """Who said what: a direct quotation or indirect speech, its speaker (when the story names one) and where it stands."""

    class Kind(models.TextChoices):
        DIRECT = "direct", "Direct quote"
        INDIRECT = "indirect", "Paraphrase"
        MIXED = "mixed", "Paraphrase with quoted words"

    class Form(models.TextChoices):
        FULL = "full", "Full quote"
        PARTIAL = "partial", "Partial quote"

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="quotes")
    position = models.PositiveIntegerField()
    text = models.TextField(help_text="Exactly what lies between the quotation marks.")
    # Columns are named and nulled as in the JSON shape, so ``getattr(quote,
    # "speaker")`` is the shape's value. ``speaker`` is the name the extractor
    # gave, None when the story does not say who spoke, which pages show as
    # "Unknown speaker" (never a guess); the person or organisation it names
    # is linked when the story lists them.
    speaker = models.CharField(max_length=200, null=True, blank=True)
    speaker_person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="quotes")
    speaker_organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="quotes"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices)
    form = models.CharField(max_length=8, choices=Form.choices, null=True, blank=True,
                            help_text="Direct quotes: a full sentence or a quoted phrase.")
    medium = models.CharField(max_length=200, null=True, blank=True, help_text="Where it was said: 'Argumenty i Fakty'.")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    role = models.CharField(max_length=200, null=True, blank=True, help_text="The speaker's role as the story gives it.")
    source = models.CharField(max_length=200, null=True, blank=True, help_text="The source as written: 'he', 'the senator'.")
    source_start = models.PositiveIntegerField(null=True, blank=True)
    source_end = models.PositiveIntegerField(null=True, blank=True)
    cue = models.CharField(max_length=100, null=True, blank=True, help_text="The words that attribute: 'said', 'according to'.")
    cue_start = models.PositiveIntegerField(null=True, blank=True)
    cue_end = models.PositiveIntegerField(null=True, blank=True)
    confidence = models.FloatField(default=0.0)

    class Meta:
        ordering = ["story", "position"]
        constraints = [models.UniqueConstraint(fields=["story", "position"], name="unique_quote_position")]

    def __str__(self) -> str:
        if self.is_paraphrase:
            return f"{self.speaker or 'Unknown speaker'} (paraphrase): {self.text[:60]}"
        return f"{self.speaker or 'Unknown speaker'}: “{self.text[:60]}”"

    @property
    def is_paraphrase(self) -> bool:
        return self.kind != self.Kind.DIRECT

    def as_dict(self) -> dict[str, Any]:
        """The read API's and ``quicklooks facts --json``'s shape for one attribution."""
        return {
            "kind": self.kind,
            "direct": self.kind == self.Kind.DIRECT,
            "form": self.form,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "speaker": self.speaker,
            "role": self.role,
            "source": self.source,
            "source_start": self.source_start,
            "source_end": self.source_end,
            "cue": self.cue,
            "cue_start": self.cue_start,
            "cue_end": self.cue_end,
            "medium": self.medium,
            "confidence": self.confidence,
        }


class Figure(models.Model):
    """A number the story gives, what it counts and who claims it."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="figures")
    position = models.PositiveIntegerField()
    value = models.FloatField()
    upper = models.FloatField(null=True, blank=True, help_text="The top of a range ('10 to 15 people').")
    unit = models.CharField(max_length=40, null=True, blank=True, help_text="'USD', '%', 'km'.")
    counts = models.CharField(max_length=200, null=True, blank=True, help_text="What is counted: 'strike and decoy drones'.")
    claimed_by = models.CharField(max_length=200, null=True, blank=True)
    sentence = models.TextField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()

    class Meta:
        ordering = ["story", "position"]
        constraints = [models.UniqueConstraint(fields=["story", "position"], name="unique_figure_position")]

    def __str__(self) -> str:
        return f"{self.display_value} {self.counts or self.unit or ''}".strip()

    @property
    def display_value(self) -> str:
        text = f"{_number(self.value):,}"
        return text + (f"–{_number(self.upper):,}" if self.upper is not None else "")

    def as_dict(self) -> dict[str, Any]:
        """The read API's and ``quicklooks facts --json``'s shape for one figure."""
        return {
            "value": _number(self.value),
            "unit": self.unit,
            "counts": self.counts,
            "claimed_by": self.claimed_by,
            "sentence": self.sentence,
        }
