"""Comment endpoints. Each works as a plain form post and, with htmx, in place."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db import DatabaseError
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from quicklooks.accounts.roles import MODERATOR, role_required
from quicklooks.comments import moderation, posting, threads
from quicklooks.comments.forms import CommentForm, EditForm, ModerationForm, ReactForm, ReportForm
from quicklooks.comments.models import EDIT_WINDOW_MINUTES, Comment, CommentPolicy, ModerationAction, Sanction
from quicklooks.comments.moderation import CommentRefused
from quicklooks.comments.templatetags.comment_tags import panel_context
from quicklooks.stories.models import Story

log = logging.getLogger(__name__)
DATABASE_TROUBLE = (
    "We could not save your comment just now: the database did not answer. "
    "Your text is still in the box below; please post it again in a moment."
)


def _story(slug):
    return get_object_or_404(Story.objects.published(), slug=slug)


def _client_ip(request):
    # The reader's own address behind the site's proxy, as the login and signup limits see it.
    from allauth.account.adapter import get_adapter

    try:
        return get_adapter(request).get_client_ip(request)
    except Exception:  # an address allauth cannot read is not worth failing a comment over
        return None


def _login_first(request, story):
    # Nothing is stored for an anonymous POST; the reader comes back to the story.
    return redirect_to_login(story.get_absolute_url() + "#comments")


# htmx 2 leaves 4xx and 5xx answers unswapped, so a refusal would vanish
# without a word. comments.js swaps the answers that carry this header, which
# only our own fragments do: never, say, a whole CSRF failure page.
REFUSAL_HEADER = "X-Comment-Refusal"


def _swap_anyway(response):
    response[REFUSAL_HEADER] = "swap"
    return response


def _refusal(user) -> str | None:
    """Why this reader may not take part in comments (sanction, unverified email), or None."""
    try:
        posting.check_can_comment(user)
    except CommentRefused as refusal:
        return str(refusal)
    return None


def _refused(request, story, message):
    if request.htmx:
        return _swap_anyway(render(request, "comments/_refused.html", {"message": message}, status=403))
    return render(request, "comments/message.html", {"story": story, "message": message}, status=403)


def _compose(request, story, form, *, parent=None, error=None, status=200, title="Post a comment"):
    template = "comments/_form.html" if request.htmx else "comments/compose.html"
    response = render(
        request,
        template,
        {
            "story": story, "form": form, "parent": parent, "error": error, "title": title,
            "action": reverse("comments:post", args=[story.slug]),
            # A reply form swapped in by htmx takes the focus, so a keyboard or
            # screen-reader user lands where they asked to write.
            "focus": bool(request.htmx and parent is not None),
        },
        status=status,
    )
    return _swap_anyway(response) if request.htmx and status >= 400 else response


@never_cache
def post(request, slug):
    story = _story(slug)
    if request.method != "POST":
        return redirect(story.get_absolute_url() + "#comments")
    if not request.user.is_authenticated:
        return _login_first(request, story)
    form = CommentForm(request.POST)
    parent = None
    if request.POST.get("parent"):
        parent = Comment.objects.filter(pk=request.POST.get("parent"), story=story).first()
    if not form.is_valid():
        return _compose(request, story, form, parent=parent, status=400)
    try:
        comment, created = posting.post_comment(
            story=story,
            user=request.user,
            text=form.cleaned_data["text"],
            parent=parent,
            idempotency_key=form.cleaned_data["idempotency_key"],
            ip_address=_client_ip(request),
        )
    except CommentRefused as refusal:
        return _compose(request, story, form, parent=parent, error=str(refusal), status=400)
    except DatabaseError:
        log.exception("saving a comment on %s failed", story.slug)
        return _compose(request, story, form, parent=parent, error=DATABASE_TROUBLE, status=503)
    note = (
        "Your comment is posted."
        if comment.status == Comment.Status.VISIBLE
        else "Thanks: your comment is waiting for a moderator and will appear once approved."
    )
    if request.htmx:
        fresh = CommentForm(initial={"parent": parent.pk if parent else None})
        comment.can_edit, comment.is_mine, comment.my_reaction = True, True, None
        # The same context the panel renders with, so the new comment gets the
        # Reply link and depth limit the rest of the thread has.
        context = panel_context(request, story)
        context.update({"node": threads.Node(comment), "note": note, "form": fresh, "parent": parent,
                        "action": reverse("comments:post", args=[story.slug])})
        return render(request, "comments/_posted.html", context)
    messages.success(request, note)
    return redirect(f"{story.get_absolute_url()}#comment-{comment.pk}")


@never_cache
def reply(request, pk):
    """A page with a reply form, for readers without JavaScript."""
    parent = get_object_or_404(Comment.objects.select_related("story"), pk=pk, status=Comment.Status.VISIBLE)
    story = parent.story
    if not request.user.is_authenticated:
        return _login_first(request, story)
    refusal = _refusal(request.user)
    if refusal:
        return _refused(request, story, refusal)
    return _compose(request, story, CommentForm(initial={"parent": parent.pk}), parent=parent, title="Reply")


@never_cache
def edit(request, pk):
    comment = get_object_or_404(Comment.objects.select_related("story"), pk=pk)
    story = comment.story
    if not request.user.is_authenticated:
        return _login_first(request, story)
    refusal = _refusal(request.user)
    if refusal:
        # The edit page's own error convention, without the form they may not use.
        return render(request, "comments/edit.html", {"story": story, "comment": comment, "error": refusal, "editable": False,
                                                      "edit_window_minutes": EDIT_WINDOW_MINUTES}, status=403)
    form = EditForm(request.POST or None, initial={"text": comment.body})
    error = None
    if not comment.is_editable_by(request.user):
        error = f"Comments can be edited only by their author, for {EDIT_WINDOW_MINUTES} minutes after posting."
    elif request.method == "POST" and form.is_valid():
        try:
            posting.edit_comment(comment, request.user, form.cleaned_data["text"])
        except CommentRefused as refusal:
            error = str(refusal)
        except DatabaseError:
            log.exception("editing comment %s failed", comment.pk)
            error = DATABASE_TROUBLE
        else:
            messages.success(request, "Your comment is updated.")
            return redirect(comment.get_absolute_url())
    status = 400 if error or (request.method == "POST" and not form.is_valid()) else 200
    return render(
        request,
        "comments/edit.html",
        {"story": story, "comment": comment, "form": form, "error": error, "editable": comment.is_editable_by(request.user),
         "edit_window_minutes": EDIT_WINDOW_MINUTES},
        status=status,
    )


@never_cache
def delete(request, pk):
    comment = get_object_or_404(Comment.objects.select_related("story"), pk=pk)
    if not request.user.is_authenticated:
        return _login_first(request, comment.story)
    if comment.author_id != request.user.pk:
        return render(request, "comments/message.html", {"story": comment.story, "message": "You can only delete your own comments."}, status=403)
    if request.method == "POST":
        posting.delete_comment(comment, request.user)
        messages.success(request, "Your comment is deleted.")
        return redirect(comment.story.get_absolute_url() + "#comments")
    return render(request, "comments/delete.html", {"story": comment.story, "comment": comment})


@never_cache
def react(request, pk):
    comment = get_object_or_404(Comment.objects.select_related("story"), pk=pk)
    if not request.user.is_authenticated:
        return _login_first(request, comment.story)
    if request.method != "POST":
        # The shared story page has a React link, not the buttons (they need
        # the reader's CSRF token): this page holds them.
        return _react_page(request, comment)
    refusal = _refusal(request.user)
    if refusal:
        if request.htmx:
            # Replaces the buttons the reader pressed with the reason they are gone.
            context = {"comment": comment, "mine": None, "may_comment": False, "refusal": refusal}
            return _swap_anyway(render(request, "comments/_reactions.html", context, status=403))
        return _refused(request, comment.story, refusal)
    form = ReactForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("Choose a reaction.")
    try:
        posting.react(comment, request.user, form.cleaned_data["kind"])
    except CommentRefused as refusal:
        return render(request, "comments/message.html", {"story": comment.story, "message": str(refusal)}, status=400)
    comment.refresh_from_db()
    if request.htmx:
        context = {"comment": comment, "mine": _my_reaction(request.user, comment), "may_comment": True}
        return render(request, "comments/_reactions.html", context)
    return redirect(comment.get_absolute_url())


def _react_page(request, comment):
    refusal = _refusal(request.user)
    mine = comment.author_id == request.user.pk
    if refusal is None and mine:
        refusal = "You cannot react to your own comment."
    if refusal is None and comment.status != Comment.Status.VISIBLE:
        refusal = "Only published comments take reactions."
    comment.is_mine = mine
    context = {"story": comment.story, "comment": comment, "mine": _my_reaction(request.user, comment),
               "may_comment": refusal is None, "refusal": refusal}
    return render(request, "comments/react.html", context, status=200 if refusal is None else 403)


@never_cache
def reader(request, slug):
    """The reader's own part of a story's comments (comments/_reader.html), for the shared story page."""
    from quicklooks.caching.readers import personal
    from quicklooks.comments.templatetags.comment_tags import reader_context

    # The policy the fragment shows comes with the story, in one query.
    story = get_object_or_404(Story.objects.published().annotate(comment_policy_mode=moderation.policy_mode_column()), slug=slug)
    return personal(request, render(request, "comments/_reader.html", reader_context(request, story)))


def _my_reaction(user, comment):
    return comment.reactions.filter(user=user).values_list("kind", flat=True).first()


@never_cache
def report(request, pk):
    comment = get_object_or_404(Comment.objects.select_related("story"), pk=pk, status=Comment.Status.VISIBLE)
    if not request.user.is_authenticated:
        return _login_first(request, comment.story)
    refusal = _refusal(request.user)
    if refusal:
        return _refused(request, comment.story, refusal)
    if comment.author_id == request.user.pk:
        return render(request, "comments/message.html", {"story": comment.story, "message": posting.OWN_REPORT}, status=403)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            posting.report(comment, request.user, form.cleaned_data["reason"], form.cleaned_data["note"])
        except CommentRefused as refusal:
            return render(request, "comments/message.html", {"story": comment.story, "message": str(refusal)}, status=400)
        messages.success(request, "Thank you: a moderator will look at this comment.")
        return redirect(comment.get_absolute_url())
    return render(request, "comments/report.html", {"story": comment.story, "comment": comment, "form": form})


def more(request, slug):
    """The next page of threads: a fragment for htmx, a whole story link otherwise."""
    story = _story(slug)
    sort = threads.clean_sort(request.GET.get("csort"))
    try:
        offset = max(0, int(request.GET.get("offset", "0")))
    except ValueError:
        offset = 0
    if not request.htmx:
        return redirect(f"{story.get_absolute_url()}?csort={sort}&cshown={offset + threads.THREADS_PER_PAGE}#comments")
    nodes, has_more = threads.threads(story, request.user, sort=sort, offset=offset)
    from quicklooks.comments.templatetags.comment_tags import mark_personal, panel_context

    mark_personal(nodes, request.user)
    context = panel_context(request, story)
    context.update({"nodes": nodes, "has_more": has_more, "next_offset": offset + len(nodes), "sort": sort,
                    "next_shown": offset + len(nodes) + threads.THREADS_PER_PAGE})
    return render(request, "comments/_threads.html", context)


def thread(request, pk):
    """One comment and every reply under it (the "show all replies" link)."""
    root = get_object_or_404(Comment.objects.select_related("story"), pk=pk)
    story = root.story
    if not Story.objects.published().filter(pk=story.pk).exists():
        return render(request, "comments/message.html", {"story": None, "message": "That story is not published."}, status=404)
    nodes, _ = threads.threads(story, request.user, root=root)
    from quicklooks.comments.templatetags.comment_tags import mark_personal, panel_context

    mark_personal(nodes, request.user)
    context = panel_context(request, story)
    context.update({"nodes": nodes, "has_more": False, "root": root})
    return render(request, "comments/thread.html", context)


# Moderation ------------------------------------------------------------------------------


@never_cache
@role_required(MODERATOR)
def queue(request):
    tab = request.GET.get("tab", "pending")
    if tab == "reported":
        comments = Comment.objects.filter(reports__resolved=False).distinct().order_by("-report_count", "-created_at")
    elif tab == "recent":
        comments = Comment.objects.exclude(status=Comment.Status.DELETED).order_by("-created_at")
    else:
        tab = "pending"
        comments = Comment.objects.filter(status=Comment.Status.PENDING).order_by("created_at")
    comments = list(comments.select_related("story", "author__profile").prefetch_related("reports")[:100])
    counts = {
        "pending": Comment.objects.filter(status=Comment.Status.PENDING).count(),
        "reported": Comment.objects.filter(reports__resolved=False).distinct().count(),
    }
    sanctions = Sanction.objects.in_force().select_related("user__profile", "created_by__profile")[:50]
    return render(
        request,
        "comments/queue.html",
        {"tab": tab, "comments": comments, "counts": counts, "sanctions": sanctions, "form": ModerationForm()},
    )


@require_POST
@role_required(MODERATOR)
def act(request, pk):
    comment = get_object_or_404(Comment.objects.select_related("story", "author"), pk=pk)
    form = ModerationForm(request.POST)
    back = request.POST.get("next") or reverse("comments:queue")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("comments:queue")
    if not form.is_valid():
        errors = "; ".join(e for errs in form.errors.values() for e in errs)
        messages.error(request, f"Nothing done to comment #{comment.pk}: {errors}")
        return redirect(back)
    action, reason = form.cleaned_data["action"], form.cleaned_data["reason"].strip()
    moderator = request.user
    if action in ("suspend", "ban") and comment.author is None:
        messages.error(request, "That comment's author deleted their account; there is no one to sanction.")
        return redirect(back)
    if action == "approve":
        moderation.approve(comment, moderator, reason)
    elif action == "reject":
        moderation.reject(comment, moderator, reason)
    elif action in ("feature", "unfeature"):
        moderation.feature(comment, moderator, reason, featured=action == "feature")
    elif action == "suspend":
        moderation.suspend(comment.author, moderator, days=form.cleaned_data["days"], reason=reason, comment=comment)
    elif action == "ban":
        moderation.ban(comment.author, moderator, reason=reason, comment=comment)
    messages.success(request, f"Comment #{comment.pk}: {dict(ModerationForm.ACTIONS)[action].lower()} done.")
    return redirect(back)


@require_POST
@role_required(MODERATOR)
def lift(request, pk):
    sanction = get_object_or_404(Sanction, pk=pk)
    moderation.lift(sanction, request.user, request.POST.get("reason", ""))
    messages.success(request, "Sanction lifted.")
    return redirect("comments:queue")


@require_POST
@role_required(MODERATOR)
def policy(request, slug):
    story = get_object_or_404(Story, slug=slug)
    mode = request.POST.get("mode")
    if mode not in CommentPolicy.Mode.values:
        messages.error(request, f"Unknown comment policy {mode!r}; choose open, premoderated or closed.")
    else:
        moderation.set_policy(story, mode, request.user, request.POST.get("reason", ""))
        messages.success(request, f"Comments on this story are now {mode}.")
    return redirect(story.get_absolute_url() + "#comments")


@never_cache
@role_required(MODERATOR)
def action_log(request):
    actions = ModerationAction.objects.select_related("moderator__profile", "target_user__profile", "comment__story")[:200]
    return render(request, "comments/log.html", {"actions": actions})
