"""Reading comments: a story's threads, sorted, a page at a time."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from quicklooks.comments.models import MAX_DEPTH, Comment

SORTS = {
    "oldest": ("Oldest first", ["created_at", "id"]),
    "newest": ("Newest first", ["-created_at", "-id"]),
    "reactions": ("Most reacted", ["-reaction_count", "created_at", "id"]),
}
DEFAULT_SORT = "oldest"
THREADS_PER_PAGE = 20
REPLIES_SHOWN = 5


@dataclass
class Node:
    comment: Comment
    replies: list["Node"] = field(default_factory=list)
    more_replies: int = 0


def clean_sort(value: str | None) -> str:
    return value if value in SORTS else DEFAULT_SORT


def _shown_to(user) -> Q:
    shown = Q(status__in=[Comment.Status.VISIBLE, Comment.Status.DELETED])
    if user is not None and user.is_authenticated:
        # Readers see their own comments that wait for a moderator, marked so.
        shown |= Q(author=user, status=Comment.Status.PENDING)
    return shown


# A comment a reader may not read (waiting for a moderator, or rejected) that
# has visible replies stays in the thread as a placeholder, as a deleted one
# does: a reply is not hidden because the comment it answers was later held.
# So every visible comment is shown somewhere, and the count below, used on
# the story page, on cards and in listings, is exactly what readers see.
WITHHELD = (Comment.Status.PENDING, Comment.Status.REJECTED)


def _mark_withheld(comment: Comment, user) -> None:
    own_pending = (
        comment.status == Comment.Status.PENDING and user is not None and user.is_authenticated and comment.author_id == user.pk
    )
    comment.withheld = comment.status in WITHHELD and not own_pending


def visible_count(story_id: int) -> int:
    return Comment.objects.filter(story_id=story_id, status=Comment.Status.VISIBLE).count()


def visible_count_column():
    """:func:`visible_count` as a column of a story query, for listings of cards."""
    counted = (
        Comment.objects.filter(story=OuterRef("pk"), status=Comment.Status.VISIBLE)
        .order_by()
        .values("story")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted), 0)


def threads(story, user=None, *, sort: str = DEFAULT_SORT, limit: int = THREADS_PER_PAGE, offset: int = 0, root=None,
            content_token: str | None = None):
    """Top-level threads ``offset:offset+limit`` (featured first), with replies to MAX_DEPTH.

    Returns (nodes, has_more). With ``root``, the one thread under that comment,
    all its replies shown. ``content_token``: the content generation the
    render reads (``request.page_fragments.tokens.content``), under which
    who is staff is remembered (``mark_staff``).
    """
    # Withheld comments come along only as possible placeholders for their
    # replies; _worth_showing drops those with nothing visible under them.
    base = Comment.objects.filter(story=story).select_related("author__profile")
    if root is not None:
        tops = [root]
        has_more = False
    else:
        ordering = ["-featured", *SORTS[clean_sort(sort)][1]]
        listed = (
            base.filter(parent__isnull=True)
            .annotate(has_replies=Exists(Comment.objects.filter(parent=OuterRef("pk"))))
            .filter(_shown_to(user) | Q(status__in=WITHHELD, has_replies=True))
        )
        tops = list(listed.order_by(*ordering)[offset : offset + limit + 1])
        has_more = len(tops) > limit
        tops = tops[:limit]
    nodes = {c.pk: Node(c) for c in tops}
    roots = [nodes[c.pk] for c in tops]
    asked = [c.pk for c in tops if getattr(c, "has_replies", True)]
    if asked:
        # Every reply under the listed threads in one query, not one per
        # level: replies nest at most MAX_DEPTH below a thread's first
        # comment (posting.post_comment), so they are its children,
        # grandchildren... up to that depth. By depth first, so a reply's
        # parent is placed before it; siblings keep the thread order.
        under = Q()
        for levels in range(1, MAX_DEPTH + 1):
            under |= Q(**{"__".join(["parent"] * levels) + "_id__in": asked})
        for child in base.filter(under).order_by("depth", "-featured", "created_at", "id"):
            node = Node(child)
            nodes[child.pk] = node
            nodes[child.parent_id].replies.append(node)
    for node in nodes.values():
        _mark_withheld(node.comment, user)
    mark_staff([node.comment for node in nodes.values()], content_token=content_token)
    roots = [n for n in roots if _worth_showing(n)]
    if root is None:
        # Cut long reply lists only after placeholders with nothing under them
        # are gone, so "Show N more replies" counts replies that will show.
        for node in nodes.values():
            if len(node.replies) > REPLIES_SHOWN:
                node.more_replies = len(node.replies) - REPLIES_SHOWN
                node.replies = node.replies[:REPLIES_SHOWN]
    return roots, has_more


def mark_staff(comments, *, content_token: str | None = None) -> None:
    """Tell each comment whether its author is staff, with one query for the lot.

    With ``content_token``, no query at all but once per content generation
    in this process: who is staff changes only when a role does, and every
    role change replaces the content token (``quicklooks.caching.watching``),
    so a set remembered under a token is right for as long as that token is
    the current one. Tokens are never reused, so a render that read an older
    token can only store what it shows under that token, where nobody looks.
    """
    authors = {comment.author_id for comment in comments if comment.author_id is not None}
    if content_token is not None:
        staff = _staff_of_generation(content_token) if authors else frozenset()
    else:
        from quicklooks.accounts.roles import staff_users

        staff = set(staff_users().filter(pk__in=authors).values_list("pk", flat=True)) if authors else set()
    for comment in comments:
        comment._author_is_staff = comment.author_id in staff


# content token -> the ids of every staff member then. One entry: only the
# current generation is asked for, and the newsroom's staff is a short list.
_staff_by_generation: dict[str, frozenset[int]] = {}


def _staff_of_generation(content_token: str) -> frozenset[int]:
    staff = _staff_by_generation.get(content_token)
    if staff is None:
        from quicklooks.accounts.roles import staff_users

        staff = frozenset(staff_users().values_list("pk", flat=True))
        _staff_by_generation.clear()
        _staff_by_generation[content_token] = staff
    return staff


def _worth_showing(node: Node) -> bool:
    # A deleted or withheld comment stays as a placeholder only while replies hang from it.
    node.replies = [r for r in node.replies if _worth_showing(r)]
    placeholder = node.comment.status == Comment.Status.DELETED or node.comment.withheld
    return not placeholder or bool(node.replies)
