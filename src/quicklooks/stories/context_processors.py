from django.conf import settings

from quicklooks.stories.models import Section


def site(request):
    """The masthead's name and the section navigation, on every page."""
    return {
        "site_name": settings.QUICKLOOKS_SITE_NAME,
        "site_tagline": settings.QUICKLOOKS_SITE_TAGLINE,
        "nav_sections": Section.objects.all()[:12],
    }
