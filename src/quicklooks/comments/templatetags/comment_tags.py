from __future__ import annotations

import hashlib

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe

from quicklooks.accounts.roles import MODERATOR, has_role
from quicklooks.comments import threads
from quicklooks.comments.forms import CommentForm
from quicklooks.comments.models import MAX_DEPTH, Comment, CommentPolicy, Reaction
from quicklooks.comments.moderation import policy_for, sanction_in_force, sanction_message

register = template.Library()


def _walk(nodes):
    for node in nodes:
        yield node
        yield from _walk(node.replies)


def mark_personal(nodes, user) -> None:
    """Attach what this reader may do with each comment (edit, and their reaction)."""
    now = timezone.now()
    comments = [node.comment for node in _walk(nodes)]
    mine = {}
    sanctioned = False
    if user.is_authenticated and comments:
        mine = dict(Reaction.objects.filter(user=user, comment__in=comments).values_list("comment_id", "kind"))
        # posting.edit_comment refuses a sanctioned author, so offer no Edit link.
        sanctioned = sanction_in_force(user) is not None
    for comment in comments:
        comment.my_reaction = mine.get(comment.pk)
        comment.can_edit = comment.is_editable_by(user, now) and not sanctioned if user.is_authenticated else False
        comment.is_mine = user.is_authenticated and comment.author_id == user.pk


def panel_context(request, story, *, count: bool = True) -> dict:
    user = request.user
    mode = policy_for(story)
    sanction = sanction_in_force(user) if user.is_authenticated else None
    verified = False
    if user.is_authenticated:
        from allauth.account.models import EmailAddress

        verified = EmailAddress.objects.filter(user=user, verified=True).exists()
    return {
        "story": story,
        "request": request,
        "user": user,
        "policy": mode,
        "policy_choices": CommentPolicy.Mode.choices,
        "closed": mode == CommentPolicy.Mode.CLOSED,
        "premoderated": mode == CommentPolicy.Mode.PREMODERATED,
        "sanction_message": sanction_message(sanction) if sanction else "",
        "verified": verified,
        # What posting.check_can_comment allows: replying, reacting, reporting.
        "may_comment": user.is_authenticated and user.is_active and verified and sanction is None,
        "is_moderator": has_role(user, MODERATOR),
        "sorts": [(key, label) for key, (label, _) in threads.SORTS.items()],
        "depth_limit": MAX_DEPTH,
        "count": _visible_count(story) if count else None,
    }


def _visible_count(story) -> int:
    # The story page's story carries it (panels.annotate_story); others ask.
    annotated = getattr(story, "visible_comment_count", None)
    return annotated if annotated is not None else threads.visible_count(story.pk)


OWN_SHOWN = 50


def own_parts(user, story, *, sanctioned: bool | None = None) -> dict:
    """The reader's own comments on ``story`` (newest first, with Edit where allowed) and their reactions.

    ``sanctioned``: whether the reader is under a sanction, when the caller
    already asked (one query fewer per fragment).
    """
    if not user.is_authenticated:
        return {"own_comments": [], "own_reactions": []}
    now = timezone.now()
    own = list(Comment.objects.filter(story=story, author=user).exclude(status=Comment.Status.DELETED)
               .order_by("-created_at")[:OWN_SHOWN])
    if sanctioned is None:
        sanctioned = sanction_in_force(user) is not None
    for comment in own:
        comment.can_edit = not sanctioned and comment.is_editable_by(user, now)
    reactions = list(Reaction.objects.filter(user=user, comment__story=story, comment__status=Comment.Status.VISIBLE)
                     .select_related("comment__author__profile").order_by("-created_at")[:OWN_SHOWN])
    return {"own_comments": own, "own_reactions": reactions}


def reader_context(request, story) -> dict:
    """What comments/_reader.html needs for this reader: the panel's permissions, a form, their own parts."""
    data = panel_context(request, story, count=False)
    sanctioned = bool(data["sanction_message"]) if request.user.is_authenticated else None
    data.update({"form": CommentForm(), **own_parts(request.user, story, sanctioned=sanctioned)})
    return data


@register.inclusion_tag("comments/_section.html", takes_context=True)
def comment_section(context, story):
    request = context["request"]
    sort = threads.clean_sort(request.GET.get("csort"))
    try:
        shown = min(max(int(request.GET.get("cshown", threads.THREADS_PER_PAGE)), 1), 500)
    except ValueError:
        shown = threads.THREADS_PER_PAGE
    fragments = getattr(request, "page_fragments", None)
    content_token = fragments.tokens.content if fragments is not None else None
    nodes, has_more = threads.threads(story, request.user, sort=sort, limit=shown, content_token=content_token)
    mark_personal(nodes, request.user)
    data = panel_context(request, story)
    data.update(own_parts(request.user, story))
    data.update({"nodes": nodes, "has_more": has_more, "next_offset": len(nodes), "next_shown": shown + threads.THREADS_PER_PAGE,
                 "sort": sort, "form": CommentForm(), "messages": context.get("messages")})
    # With the page cache on, the shared page's comments are kept one by one
    # (quicklooks.caching.fragments): a new comment renders alone.
    tag = fragments.cache_tag() if fragments is not None and not request.user.is_authenticated else None
    if tag is not None:
        attach_threads(nodes, data, tag)
    return data


def _article_key(comment, closed: bool, token: str) -> str:
    # Everything the article shows; no token changes when these do.
    shown = (comment.pk, comment.status, comment.featured, comment.reaction_count, comment.created_at.isoformat(),
             comment.edited_at.isoformat() if comment.edited_at else "", comment.author_name, comment.author_is_staff,
             comment.html, comment.withheld, closed)
    digest = hashlib.blake2b(repr(shown).encode(), digest_size=12).hexdigest()
    return f"quicklooks:fragment:comment:{token}:{comment.pk}:{digest}"


def _article_context(data) -> dict:
    # What an article and its thread show besides the comments themselves: the same for every anonymous reader.
    return {"story": data["story"], "user": data["user"], "closed": data["closed"], "may_comment": data["may_comment"]}


def attach_articles(nodes, data, tag) -> None:
    """Give each comment its ``article_html``: one cache read for all of them, one write for those rendered here.

    One read rather than one per comment: on Redis each read is a round
    trip, and a thread shows a hundred comments.
    """
    from django.core.cache import caches
    from django.template.loader import get_template

    comments = [node.comment for node in _walk(nodes)]
    if not comments:
        return
    cache = caches[tag["using"]]
    keys = {comment.pk: _article_key(comment, data["closed"], tag["token"]) for comment in comments}
    found = cache.get_many(list(keys.values()))
    template = get_template("comments/_comment_article.html")
    fresh = {}
    for comment in comments:
        html = found.get(keys[comment.pk])
        if html is None:
            html = template.render({"c": comment, **_article_context(data)})
            fresh[keys[comment.pk]] = html
        comment.article_html = mark_safe(html)
    if fresh:
        cache.set_many(fresh, timeout=tag["seconds"])


def _thread_key(root, closed: bool, token: str) -> str:
    # A thread shows its comments' articles (each key holds all an article
    # shows), how they nest, and how many replies are left out under each.
    def shape(node, depth):
        yield depth, _article_key(node.comment, closed, token), node.more_replies
        for reply in node.replies:
            yield from shape(reply, depth + 1)

    digest = hashlib.blake2b(repr(list(shape(root, 0))).encode(), digest_size=12).hexdigest()
    return f"quicklooks:fragment:comment-thread:{token}:{root.comment.pk}:{digest}"


def attach_threads(nodes, data, tag) -> None:
    """Give each thread its ``thread_html`` (comments/_comment.html, replies and all) from the cache, in one read.

    An approved comment changes one thread; the others are read back whole
    rather than put together again from their articles. Only the threads
    not found read their articles (``attach_articles``) and render.
    """
    from django.core.cache import caches
    from django.template.loader import get_template

    if not nodes:
        return
    cache = caches[tag["using"]]
    keys = {node.comment.pk: _thread_key(node, data["closed"], tag["token"]) for node in nodes}
    found = cache.get_many(list(keys.values()))
    missing = [node for node in nodes if keys[node.comment.pk] not in found]
    attach_articles(missing, data, tag)
    template = get_template("comments/_comment.html")
    fresh = {}
    for node in nodes:
        html = found.get(keys[node.comment.pk])
        if html is None:
            html = template.render({"node": node, **_article_context(data)})
            fresh[keys[node.comment.pk]] = html
        node.thread_html = mark_safe(html)
    if fresh:
        cache.set_many(fresh, timeout=tag["seconds"])


@register.simple_tag
def comment_count(story) -> int:
    # Card listings carry ``visible_comment_count`` (panels.annotate_cards); a
    # story fetched some other way costs one query.
    return _visible_count(story)
