"""The site's URLs plus its uploaded media, for the browser tests' live server.

``quicklooks.urls`` serves media only with DEBUG on (production puts them on
nginx or shared storage); the live server runs with DEBUG off, so the pages'
pictures would not load without this.
"""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from quicklooks.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    re_path(r"^" + settings.MEDIA_URL.strip("/") + r"/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    *site_urlpatterns,
]
