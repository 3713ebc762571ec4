"""The site's URL map: each app brings its own, under its own namespace."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

urlpatterns = [
    path("admin/", admin.site.urls),
    # Each reader's own parts of the shared pages (quicklooks.caching.stitching).
    path("_reader/", include("quicklooks.caching.urls")),
    path("accounts/", include("allauth.urls")),
    path("account/", include("quicklooks.accounts.urls")),
    path("comments/", include("quicklooks.comments.urls")),
    path("topics/", include("quicklooks.topics.urls")),
    path("api/", include("quicklooks.api.urls")),
    path("", include("quicklooks.facts.urls")),
    # Before desk/ and the stories: its pages live under newsletters/, show/<slug>/newsletters/ and desk/newsletters/.
    path("", include("quicklooks.newsletters.urls")),
    path("desk/", include("quicklooks.desk.urls")),
    path("", include("quicklooks.pages.urls")),
    path("", include("quicklooks.stories.urls")),
]

if settings.QUICKLOOKS_SERVE_MEDIA and not settings.MEDIA_URL.startswith(("http://", "https://")):
    # Embedded mode (and DEBUG): pictures from MEDIA_ROOT; behind nginx, nginx serves them.
    from quicklooks.stories.images import serve_media

    urlpatterns += [re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.+)$", serve_media, name="media")]
