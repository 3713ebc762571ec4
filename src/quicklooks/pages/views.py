"""The corrections page: every correction the desk has printed, newest first, with its story."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render

from quicklooks.desk.models import Correction
from quicklooks.stories.models import Story


def corrections(request):
    printed = (
        Correction.objects.filter(story__in=Story.objects.published())
        .select_related("story")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(printed, settings.QUICKLOOKS_PAGE_SIZE * 2).get_page(request.GET.get("page"))
    return render(request, "pages/corrections.html", {"page": page})
