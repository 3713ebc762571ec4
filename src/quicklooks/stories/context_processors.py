from django.conf import settings

from quicklooks.stories.models import Section, Story


def review_count() -> int:
    """Stories waiting for an editor: what the masthead's Desk link counts for staff."""
    waiting = Story.objects.filter(status=Story.Status.REVIEW)
    # A scheduled story is "in review" in the database, but an editor has already approved it.
    return waiting.exclude(schedule__isnull=False, schedule__done_at__isnull=True).count()


def site(request):
    """The masthead's name and the section navigation, on every page.

    ``desk_review_count`` is a callable, so the query runs only where the
    masthead shows it (for staff, whose pages are never cached).
    """
    return {
        "site_name": settings.QUICKLOOKS_SITE_NAME,
        "site_tagline": settings.QUICKLOOKS_SITE_TAGLINE,
        "nav_sections": Section.objects.all()[:12],
        "desk_review_count": review_count,
    }
