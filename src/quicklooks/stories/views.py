"""Public pages: home, story, and the section, show, author and tag listings."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.shortcuts import get_object_or_404, render
from django.utils.functional import cached_property

from quicklooks.stories import panels
from quicklooks.stories.front_page import front_page
from quicklooks.stories.models import Author, Byline, QuickLook, Section, Show, Story, Tag
from quicklooks.stories.queries import published_cards
from quicklooks.stories.quick_looks import attach_sources
from quicklooks.text.storyformat import split_dateline


def _page(request, queryset):
    paginator = Paginator(queryset, settings.QUICKLOOKS_PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))


def home(request):
    """The front page; its later pages (``?page=2``...) are the plain archive of every story, newest first."""
    if request.GET.get("page") not in (None, "", "1"):
        context = {"page": _page(request, published_cards()), **_feed_context()}
        return render(request, "stories/archive.html", context)
    return render(request, "stories/home.html", {**front_page(), **_feed_context()})


def _story_prefetches() -> tuple:
    return (
        Prefetch("quick_looks", queryset=QuickLook.objects.order_by("position")),
        Prefetch("bylines", queryset=Byline.objects.select_related("author")),
        "blocks",
        "tags",
    )


def _published_story(slug):
    """One published story with everything its page and its exports show."""
    return get_object_or_404(
        Story.objects.published().select_related("section", "show").prefetch_related(*_story_prefetches()),
        slug=slug,
    )


def story_detail(request, slug):
    # No prefetches yet: on a page whose article and panels come from the
    # fragment cache the story's blocks, Quick Looks, bylines and tags are
    # never read (StoryBody loads them for the first part that renders).
    # What panels read of the story on every render (the comments' policy
    # and count: panels.annotate_story) comes in this same query.
    story = get_object_or_404(
        Story.objects.published().select_related("section", "show").annotate(**panels.story_annotations()), slug=slug
    )
    return render(request, "stories/story_detail.html", story_page_context(story))


class StoryBody:
    """The parts of a story page read from the story's related rows, loaded once, when a part first needs them.

    The template gets bound methods, which Django's templates call, so a
    part taken from the fragment cache costs no query.
    """

    def __init__(self, story: Story):
        self.story = story
        self._loaded = False
        self._lead: tuple[str, str] | None = None

    def load(self) -> None:
        """Fetch every related row the page shows in one query each (a no-op after the first call)."""
        if not self._loaded:
            prefetch_related_objects([self.story], *_story_prefetches())
            self._loaded = True

    @cached_property
    def _blocks(self) -> list:
        self.load()
        return list(self.story.blocks.all())

    @cached_property
    def _bullets(self) -> list:
        self.load()
        return attach_sources(self.story, list(self.story.quick_looks.all()))

    def blocks(self) -> list:
        return self._blocks

    def bullets(self) -> list:
        return self._bullets

    def sources_shown(self) -> bool:
        return any(getattr(bullet, "source_texts", None) for bullet in self._bullets)

    def _split_lead(self) -> tuple[str, str]:
        if self._lead is None:
            self._lead = ("", "")
            blocks = self._blocks
            if blocks and blocks[0].kind == "paragraph":
                dateline, rest = split_dateline(blocks[0].text)
                if dateline:
                    self._lead = (blocks[0].text[: len(blocks[0].text) - len(rest)], rest)
        return self._lead

    def lead_dateline(self) -> str:
        return self._split_lead()[0]

    def lead_rest(self) -> str:
        return self._split_lead()[1]


def story_page_context(story: Story) -> dict:
    """What the public story template needs; the desk's preview of a draft uses it too."""
    body = StoryBody(story)
    return {
        "story": story,
        "story_body": body,
        "blocks": body.blocks,
        "bullets": body.bullets,
        "sources_shown": body.sources_shown,
        "lead_dateline": body.lead_dateline,
        "lead_rest": body.lead_rest,
    }


def _listing(request, *, title, kind, obj, stories, template="stories/listing.html", extra=None):
    context = {"title": title, "kind": kind, "object": obj, "page": _page(request, stories)}
    if kind in ("Section", "Show", "Author"):
        context.update(_feed_context(kind.lower(), obj.slug))
    context.update(extra or {})
    return render(request, template, context)


def section(request, slug):
    obj = get_object_or_404(Section, slug=slug)
    return _listing(request, title=obj.name, kind="Section", obj=obj, stories=published_cards().filter(section=obj))


def author(request, slug):
    obj = get_object_or_404(Author, slug=slug)
    return _listing(
        request,
        title=obj.name,
        kind="Author",
        obj=obj,
        stories=published_cards().filter(bylines__author=obj),
        template="stories/author.html",
    )


def tag(request, slug):
    obj = get_object_or_404(Tag, slug=slug)
    return _listing(request, title=obj.name, kind="Tag", obj=obj, stories=published_cards().filter(tags=obj))


# Readers: search, exports, editions, feeds' links (issue #7).


def _feed_context(kind=None, slug=None) -> dict:
    from quicklooks.stories.feeds import feed_links, source_for

    return {"feed_links": feed_links(source_for(kind, slug))}


def search(request):
    from quicklooks.stories.search import search_stories
    from quicklooks.stories.search_forms import SearchForm

    form = SearchForm(request.GET or None)
    results, page = [], None
    if form.is_valid() and form.cleaned_data["q"]:
        data = form.cleaned_data
        results = search_stories(
            data["q"],
            section=data["section"].slug if data["section"] else "",
            author=data["author"].slug if data["author"] else "",
            date_from=data["date_from"],
            date_to=data["date_to"],
        )
        page = Paginator(results, settings.QUICKLOOKS_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "count": len(results),
        "query_string": query.urlencode(),
        "bad_filters": [field.label for field in form if field.errors],
    }
    return render(request, "stories/search.html", context)


def story_export(request, slug, fmt):
    from django.http import Http404, HttpResponse

    from quicklooks.stories.export import FORMATS, export

    if fmt not in FORMATS:
        raise Http404(f"No export as {fmt!r}; use txt, md or json.")
    story = _published_story(slug)
    response = HttpResponse(export(story, fmt), content_type=FORMATS[fmt][0])
    response["Content-Disposition"] = f'inline; filename="{story.slug}.{fmt}"'
    return response


def show_editions(request, slug):
    """A show's page: its editions, one per publication day, newest first."""
    obj = get_object_or_404(Show, slug=slug)
    context = {"title": obj.name, "kind": "Show", "object": obj, "page": _page(request, published_cards().filter(show=obj))}
    context.update(_feed_context("show", slug))
    return render(request, "stories/show_editions.html", context)


def show_edition(request, slug, day):
    """One edition of a show: the stories it published on ``day`` (in the site's time zone), in running order."""
    from datetime import date

    from django.http import Http404

    obj = get_object_or_404(Show, slug=slug)
    try:
        edition_day = date.fromisoformat(day)
    except ValueError:
        raise Http404(f"{day!r} is not a date; edition addresses end in YYYY-MM-DD.") from None
    shows_stories = published_cards().filter(show=obj)
    stories = list(shows_stories.filter(published_at__date=edition_day).order_by("published_at", "pk"))
    if not stories:
        raise Http404(f"{obj.name} published no edition on {edition_day:%B %-d, %Y}.")
    # The neighbouring editions need only a date: no card prefetches.
    others = Story.objects.published().filter(show=obj).only("published_at")
    earlier = others.filter(published_at__date__lt=edition_day).order_by("-published_at").first()
    later = others.filter(published_at__date__gt=edition_day).order_by("published_at").first()
    context = {
        "title": obj.name,
        "object": obj,
        "day": edition_day,
        "stories": stories,
        "earlier": earlier,
        "later": later,
        **_feed_context("show", slug),
    }
    return render(request, "stories/show_edition.html", context)
