"""The API: read stories, topics, sections and search; post a story with a token.

Every GET answer carries an ETag and ``Cache-Control``; a client that sends
the ETag back in ``If-None-Match`` gets ``304 Not Modified`` with no body.
"""


import hashlib
import logging
import os
from datetime import date

from django.db import DatabaseError, transaction
from django.db.models import Prefetch, QuerySet
from django.http import HttpResponseNotModified
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.utils.text import slugify
from ninja import Field, NinjaAPI, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate
from ninja.security import HttpBearer
from ninja.throttling import AuthRateThrottle

from quicklooks.api import schemas
from quicklooks.api.models import PROVENANCE_METHOD, ApiToken, Posting
from quicklooks.stories.export import story_record
from quicklooks.stories.models import Byline, QuickLook, Section, Story

logger = logging.getLogger(__name__)

CACHE_SECONDS = 60
# Posting parses, stores and clusters a story; a runaway client must not flood the desk.
POST_RATE = os.environ.get("QUICKLOOKS_API_POST_RATE", "600/m")
PAGE_SIZE = 20
MAX_PAGE = 100_000


class CachingAPI(NinjaAPI):
    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(request, data, status=status, temporal_response=temporal_response)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
            response["ETag"] = etag
            patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
            wanted = [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]
            if etag in wanted or "*" in wanted:
                not_modified = HttpResponseNotModified()
                not_modified["ETag"] = etag
                patch_cache_control(not_modified, public=True, max_age=CACHE_SECONDS)
                return not_modified
        elif request.method not in ("GET", "HEAD"):
            patch_cache_control(response, no_store=True)
        return response


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        return ApiToken.objects.authenticate(token)


api = CachingAPI(
    title="quicklooks API",
    version="1",
    description="Stories as Quick Looks and a Deep Look, topics, sections and search. Posting needs an API token.",
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
)
v1 = Router()


def _stories():
    return (
        Story.objects.published()
        .select_related("section", "show", "topic_link__topic")
        .prefetch_related(
            Prefetch("quick_looks", queryset=QuickLook.objects.order_by("position")),
            Prefetch("bylines", queryset=Byline.objects.select_related("author")),
            "blocks",
            "tags",
        )
    )


def _summary(story: Story) -> dict:
    record = story_record(story)
    return {key: record[key] for key in schemas.StorySummary.model_fields}


def _detail(story: Story) -> dict:
    record = story_record(story)
    link = getattr(story, "topic_link", None)
    record["topic"] = link.topic.slug if link is not None else None
    return record


class Mapped:
    """A queryset seen through ``convert``: the paginator slices it, and only one page is converted."""

    def __init__(self, queryset, convert):
        self.queryset, self.convert = queryset, convert

    def __len__(self) -> int:
        if isinstance(self.queryset, QuerySet):
            return self.queryset.count()
        return len(self.queryset)

    def __getitem__(self, index):
        if isinstance(index, slice):
            if (index.start or 0) >= len(self):
                return []  # past the end: no query with a huge OFFSET
            return [self.convert(item) for item in self.queryset[index]]
        return self.convert(self.queryset[index])


class Page(PageNumberPagination):
    class Input(Schema):
        # Bounded: a page number past 64-bit offsets used to reach the database as an error.
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=100)

    def __init__(self, **kwargs):
        kwargs.setdefault("page_size", PAGE_SIZE)
        kwargs.setdefault("max_page_size", 100)
        super().__init__(**kwargs)


@v1.get("/stories", response=list[schemas.StorySummary], tags=["stories"], summary="Published stories, newest first")
@paginate(Page)
def list_stories(request, section: str = "", author: str = "", topic: str = ""):
    stories = _stories()
    if section:
        stories = stories.filter(section__slug=section)
    if author:
        stories = stories.filter(bylines__author__slug=author)
    if topic:
        stories = stories.filter(topic_link__topic__slug=topic)
    return Mapped(stories, _summary)


@v1.get(
    "/stories/{slug}",
    response={200: schemas.StoryDetail, 404: schemas.Error},
    exclude_none=True,
    tags=["stories"],
    summary="One story: Quick Looks with provenance, Deep Look, and its facts",
)
def get_story(request, slug: str):
    story = _stories().filter(slug=slug).first()
    if story is None:
        return Status(404, {"detail": f"No published story has the slug {slug!r}."})
    return Status(200, _detail(story))


@v1.post(
    "/stories",
    auth=TokenAuth(),
    throttle=[AuthRateThrottle(POST_RATE)],
    response={201: schemas.StoryDetail, 200: schemas.StoryDetail, 400: schemas.Error, 422: schemas.Error},
    exclude_none=True,
    tags=["stories"],
    summary="Post a story in the outlet's text format (needs an API token)",
)
def post_story(request, payload: schemas.StoryIn):
    from quicklooks.stories.importing import Override, get_or_create_named, import_story
    from quicklooks.stories.library import quick_looks_writer
    from quicklooks.text.characters import clean_text_field
    from quicklooks.text.storyformat import StoryFormatError, parse_story

    if "\x00" in payload.text:
        return Status(400, {"detail": "The story text contains a NUL character; send plain UTF-8 text."})
    try:
        parsed = parse_story(payload.text, name="<api>")
    except StoryFormatError as error:
        return Status(400, {"detail": str(error)})
    # Posted stories are known by a source of their own, so a post never
    # overwrites a story that was imported, ingested or written on the desk
    # under the same headline: that one keeps its text, and the post becomes
    # a new story beside it.
    # The control-character policy (quicklooks.text.characters): the text was
    # cleaned by parse_story, the one-line fields are cleaned here.
    source_id, section = clean_text_field(payload.source_id).strip(), clean_text_field(payload.section).strip()
    source = API_SOURCE_PREFIX + (source_id or slugify(parsed.headline)[:120])
    # The story and the record of which token sent it are kept together, or neither is.
    try:
        with transaction.atomic():
            _adopt_earlier_post(source, parsed)
            # "publish": true publishes past the review gate (Quick Looks the engine wrote), recorded with the token.
            override = Override("api", f"API token “{request.auth.name}” ({request.auth.prefix}…)") if payload.publish else None
            result = import_story(parsed, source=source, publish=payload.publish, quick_looks_writer=quick_looks_writer(), override=override)
            if section:
                Story.objects.filter(pk=result.story.pk).update(section=get_or_create_named(Section, section))
            if result.outcome != "unchanged":
                _record_posting(request.auth, result.story, result.outcome, parsed)
    except DatabaseError:
        raise
    except Exception as error:  # a crash storing one story (a bug) is that story's error, not a bare 500
        logger.exception("posting %r through the API failed", parsed.headline)
        return Status(422, {"detail": (
            f"The story could not be stored: quicklooks failed while writing it ({error.__class__.__name__}: {error}). "
            "Nothing was stored. Post it with its own Quick Looks box to go ahead, and report the text to the site's developers."
        )})
    story = Story.objects.select_related("section", "show").get(pk=result.story.pk)
    return Status(201 if result.outcome == "created" else 200, _detail(story))


API_SOURCE_PREFIX = "api:"


def _adopt_earlier_post(source: str, parsed) -> None:
    """Give a story posted before posts had sources its source, so the next post updates it.

    Only a story the API itself created under this headline qualifies: it has
    no source and a posting record.
    """
    if Story.objects.filter(source=source).exists():
        return
    earlier = (
        Story.objects.select_for_update()
        .filter(slug=slugify(parsed.headline)[:120], source="", api_postings__outcome=Posting.Outcome.CREATED)
        .first()
    )
    if earlier is not None:
        Story.objects.filter(pk=earlier.pk).update(source=source)


def _record_posting(token: ApiToken, story: Story, outcome: str, parsed) -> None:
    """Keep which token posted the story and when, so the desk can say where it came from.

    A story the API created also gets the provenance ingested stories have, so
    the desk's inbox shows and filters it like any other arrival, and a later
    ingest of the same text is linked to it instead of stored twice.
    """
    from quicklooks.ingest.dedupe import text_hash
    from quicklooks.ingest.models import Provenance

    posting = Posting.objects.create(story=story, token=token, token_name=token.name, token_prefix=token.prefix, outcome=outcome)
    if outcome == Posting.Outcome.CREATED:
        Provenance.objects.get_or_create(
            story=story,
            defaults={
                "fetched_at": posting.posted_at,
                "content_hash": story.content_hash,
                "text_hash": text_hash(parsed.deep_look_text()),
                "method": PROVENANCE_METHOD,
            },
        )


def _topics():
    from quicklooks.topics.models import Topic

    return Topic.objects.with_published().order_by("-latest_at", "name")


def _topic_out(topic) -> dict:
    return {
        "slug": topic.slug,
        "url": _absolute(topic.get_absolute_url()),
        "name": topic.name,
        "story_count": topic.published_count,
        "updated_at": topic.updated_at,
    }


def _absolute(path: str) -> str:
    from quicklooks.stories.metadata import absolute

    return absolute(path)


@v1.get("/topics", response=list[schemas.TopicOut], tags=["topics"], summary="Topics: running events, latest first")
@paginate(Page)
def list_topics(request):
    return Mapped(_topics(), _topic_out)


@v1.get("/topics/{slug}", response={200: schemas.TopicDetail, 404: schemas.Error}, tags=["topics"], summary="One topic and its stories, newest first")
def get_topic(request, slug: str):
    topic = _topics().filter(slug=slug).first()
    if topic is None:
        return Status(404, {"detail": f"No topic has the slug {slug!r}."})
    out = _topic_out(topic)
    out["stories"] = [_summary(s) for s in _stories().filter(topic_link__topic=topic).order_by("-published_at")[:100]]
    return Status(200, out)


@v1.get("/sections", response=list[schemas.SectionOut], tags=["sections"], summary="Sections, in navigation order")
def list_sections(request):
    return [
        {"slug": s.slug, "url": _absolute(s.get_absolute_url()), "name": s.name, "description": s.description}
        for s in Section.objects.all()
    ]


@v1.get("/search", response=list[schemas.SearchHit], tags=["search"], summary="Search headlines, Quick Looks and Deep Looks")
@paginate(Page)
def search(
    request,
    q: str = Query(..., max_length=200, description="Words to find; all must match, else any."),
    section: str = "",
    author: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
):
    from quicklooks.stories.search import search_stories

    results = search_stories(q, section=section, author=author, date_from=date_from, date_to=date_to)
    return Mapped(results, _hit_out)


def _hit_out(result) -> dict:
    return {
        "story": _summary(result.story),
        "rank": result.rank,
        "headline_html": str(result.headline_html),
        "snippet_html": str(result.snippet_html),
    }


api.add_router("/v1/", v1)
