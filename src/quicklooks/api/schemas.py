"""The API's shapes. Field names follow the house words: quick_looks and deep_look."""


from datetime import datetime

from ninja import Field, Schema


class Span(Schema):
    sentence: int | None = None
    start: int
    end: int


class QuickLookOut(Schema):
    text: str
    origin: str = Field(description="'human' or 'generated'")
    sources: list[Span] = Field(default_factory=list, description="Provenance: spans of the Deep Look text this bullet came from.")


class BlockOut(Schema):
    kind: str = Field(description="'paragraph', 'subhead' or 'list'")
    text: str
    items: list[str]


class QuoteOut(Schema):
    text: str | None = None
    speaker: str | None = None
    kind: str | None = None
    medium: str | None = None
    start: int | None = None
    end: int | None = None


class FigureOut(Schema):
    value: float | None = None
    unit: str | None = None
    counts: str | None = None
    claimed_by: str | None = None
    sentence: str | None = None


class StorySummary(Schema):
    slug: str
    url: str
    headline: str
    section: str | None = None
    show: str | None = None
    authors: list[str]
    published_at: datetime | None = None
    quick_looks_label: str
    quick_looks: list[QuickLookOut]


class StoryDetail(StorySummary):
    outlet: str
    dateline: str
    deep_look_dateline: str
    standfirst: str
    tags: list[str]
    updated_at: datetime | None = None
    deep_look_headline: str
    deep_look: list[BlockOut]
    topic: str | None = Field(None, description="Slug of the story's topic, when it belongs to one.")
    quotes: list[QuoteOut] | None = Field(None, description="Present when the facts app is installed.")
    figures: list[FigureOut] | None = Field(None, description="Present when the facts app is installed.")


class StoryIn(Schema):
    text: str = Field(..., min_length=1, max_length=500_000, description="The story in the outlet's text format (docs/story-format.md).")
    publish: bool = Field(
        False,
        description="Publish at once, even when the engine writes the story's Quick Looks (recorded on the story with your "
        "token's name). Otherwise a story with its own Quick Looks waits as a draft, and one whose Quick Looks the engine "
        "wrote waits as 'needs review', for the desk.",
    )
    section: str = Field("", max_length=80, description="Section name; created when new.")
    source_id: str = Field(
        "",
        max_length=200,
        description="Your own identifier for the story (a wire slug, a CMS id). Posting again with the "
        "same id updates that story. Without one, a story is known by its headline among the stories "
        "posted through the API; a story that came from anywhere else is never overwritten.",
    )


class TopicOut(Schema):
    slug: str
    url: str
    name: str
    story_count: int
    updated_at: datetime


class TopicDetail(TopicOut):
    stories: list[StorySummary]


class SectionOut(Schema):
    slug: str
    url: str
    name: str
    description: str


class SearchHit(Schema):
    story: StorySummary
    rank: float
    headline_html: str = Field(description="The headline, HTML-escaped, with matches in <mark>.")
    snippet_html: str = Field(description="The best-matching passage, HTML-escaped, with matches in <mark>.")


class Error(Schema):
    detail: str
