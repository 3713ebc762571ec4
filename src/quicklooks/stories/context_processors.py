from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils.functional import SimpleLazyObject

from quicklooks.stories.models import Section, Show, Story

NAV_SECTIONS = 12
NAV_SHOWS = 4


def review_count() -> int:
    """Stories waiting for an editor: what the masthead's Desk link counts for staff."""
    waiting = Story.objects.filter(status=Story.Status.REVIEW)
    # A scheduled story is "in review" in the database, but an editor has already approved it.
    return waiting.exclude(schedule__isnull=False, schedule__done_at__isnull=True).count()


def with_published_stories(model):
    """Sections or shows that have a published story: an empty one in the navigation leads nowhere.

    Every Section row used to be listed, and only the demo story was ever
    given one, so the bar showed "World" alone whatever else was published.
    """
    published = Story.objects.published().filter(**{model._meta.model_name: OuterRef("pk")})
    return model.objects.filter(Exists(published))


def site(request):
    """The masthead's name and the navigation's sections and shows, on every page.

    The navigation entries are lazy lists and ``desk_review_count`` is a
    callable, so each query runs only where a template shows it (the review
    count for staff, whose pages are never cached). Not even the querysets
    are built until then: the masthead's navigation is a shared part
    (``quicklooks/base.html``), read back from the fragment cache on most
    renders, and building them cost about as much as running them. The
    running topics come from ``quicklooks.pages``, since stories may not ask
    the topics app.
    """
    return {
        "site_name": settings.QUICKLOOKS_SITE_NAME,
        "site_tagline": settings.QUICKLOOKS_SITE_TAGLINE,
        "nav_sections": SimpleLazyObject(lambda: list(with_published_stories(Section)[:NAV_SECTIONS])),
        "nav_shows": SimpleLazyObject(lambda: list(with_published_stories(Show)[:NAV_SHOWS])),
        "desk_review_count": review_count,
    }
