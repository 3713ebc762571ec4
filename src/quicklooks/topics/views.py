"""Topic pages for readers, and the editors' screen to rename, merge and split topics."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from quicklooks.stories.feeds import feed_links, source_for
from quicklooks.stories.queries import published_cards
from quicklooks.topics import clustering, numbers
from quicklooks.topics.models import Topic


def topic_list(request):
    topics = Topic.objects.with_published().order_by("-latest_at", "name")
    page = Paginator(topics, 30).get_page(request.GET.get("page"))
    return render(request, "topics/topic_list.html", {"page": page})


def _series(topic: Topic, stories) -> list[dict]:
    latest = max((s.updated_at for s in stories), default=None)
    key = f"topic-series:{topic.pk}:{topic.updated_at.timestamp()}:{latest.timestamp() if latest else 0}:{len(stories)}"
    found = cache.get(key)
    if found is None:
        found = [{"series": s, "chart": numbers.chart(s)} for s in numbers.series_for(stories, _figures_of())]
        cache.set(key, found, 3600)
    return found


def _figures_of():
    """Stored figures where the facts app kept them (no re-reading), else the text core's extractor."""

    def stored(story):
        figures = list(story.figures.order_by("position"))
        return figures if figures else numbers.extracted_figures(story)

    return stored


def topic_detail(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    stories = published_cards().filter(topic_link__topic=topic).order_by("-published_at")
    page = Paginator(stories, settings.QUICKLOOKS_PAGE_SIZE).get_page(request.GET.get("page"))
    all_stories = list(stories.prefetch_related("blocks"))
    context = {
        "topic": topic,
        "object": topic,
        "page": page,
        "story_count": len(all_stories),
        "series": _series(topic, all_stories),
        "feed_links": feed_links(source_for("topic", slug)),
        "can_edit": can_edit_topics(request.user),
    }
    return render(request, "topics/topic.html", context)


def can_edit_topics(user) -> bool:
    if not user.is_authenticated:
        return False
    from quicklooks.accounts.roles import EDITOR, has_role

    return has_role(user, EDITOR) or user.is_superuser


def _editor_only(request):
    """None when the user may edit topics; an anonymous visitor is sent to log in, anyone else refused."""
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    if not can_edit_topics(request.user):
        raise PermissionDenied("Only editors can change topics.")
    return None


def topic_edit(request, slug):
    if refused := _editor_only(request):
        return refused
    topic = get_object_or_404(Topic, slug=slug)
    context = {
        "topic": topic,
        "stories": published_cards().filter(topic_link__topic=topic).order_by("-published_at"),
        "others": Topic.objects.with_published(minimum=1).exclude(pk=topic.pk).order_by("name"),
    }
    return render(request, "topics/topic_edit.html", context)


@require_POST
def topic_rename(request, slug):
    if refused := _editor_only(request):
        return refused
    topic = get_object_or_404(Topic, slug=slug)
    try:
        clustering.rename(topic, request.POST.get("name", ""))
    except ValueError as error:
        messages.error(request, str(error))
        return redirect("topics:edit", slug=slug)
    messages.success(request, f"Renamed to “{topic.name}”.")
    return redirect(topic)


@require_POST
def topic_merge(request, slug):
    if refused := _editor_only(request):
        return refused
    topic = get_object_or_404(Topic, slug=slug)
    others = list(Topic.objects.filter(slug__in=request.POST.getlist("merge")).exclude(pk=topic.pk))
    if not others:
        messages.error(request, "Choose at least one topic to merge into this one.")
        return redirect("topics:edit", slug=slug)
    clustering.merge(topic, others)
    messages.success(request, f"Merged {len(others)} topic(s) into “{topic.name}”.")
    return redirect(topic)


@require_POST
def topic_split(request, slug):
    if refused := _editor_only(request):
        return refused
    topic = get_object_or_404(Topic, slug=slug)
    stories = list(published_cards().filter(topic_link__topic=topic, slug__in=request.POST.getlist("stories")))
    try:
        new = clustering.split(topic, stories, request.POST.get("name", ""))
    except ValueError as error:
        messages.error(request, str(error))
        return redirect("topics:edit", slug=slug)
    messages.success(request, f"Moved {len(stories)} stories to the new topic “{new.name}”.")
    return redirect(new)
