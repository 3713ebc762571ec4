"""Readers' pages: sign up, confirm, manage, unsubscribe (one click), and the archive of sent editions."""

from __future__ import annotations

import datetime as dt
import logging
import smtplib

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from quicklooks.comments.limits import Rate, hit
from quicklooks.newsletters import editions, subscribing, tokens
from quicklooks.newsletters.forms import ManageForm, SubscribeForm
from quicklooks.newsletters.models import Edition
from quicklooks.stories.models import Show

log = logging.getLogger(__name__)


def _client_ip(request) -> str:
    # allauth's reading of the client address: it trusts X-Forwarded-For only
    # as far as ALLAUTH_TRUSTED_PROXY_COUNT says, so limits see the real reader.
    return get_adapter(request).get_client_ip(request)


def _limited(request, email: str) -> int:
    """Seconds to wait when this address or this client signed up too often, else 0."""
    rate = Rate.parse(settings.QUICKLOOKS_NEWSLETTER_SIGNUP_RATE)
    for key in (f"newsletter-signup:ip:{_client_ip(request)}", f"newsletter-signup:email:{subscribing.normalise(email)}"):
        allowed, wait = hit(key, rate)
        if not allowed:
            return max(1, wait)
    return 0


@never_cache
def subscribe(request):
    if request.method == "POST":
        form = SubscribeForm(request.POST)
        if form.is_valid():
            email = form.cleaned_data["email"]
            wait = _limited(request, email)
            if wait:
                minutes = max(1, round(wait / 60))
                form.add_error(None, f"Too many signups from here or for this address. Please try again in about {minutes} minute{'s' if minutes != 1 else ''}.")
                response = render(request, "newsletters/subscribe.html", {"form": form}, status=429)
                response["Retry-After"] = str(wait)
                return response
            try:
                subscribing.request_subscription(email, form.cleaned_data["shows"], form.cleaned_data["digest"])
            except (smtplib.SMTPException, OSError):
                log.exception("could not send a newsletter confirmation")
                form.add_error(None, "We could not send the confirmation email just now. Nothing was saved; please try again in a few minutes.")
                return render(request, "newsletters/subscribe.html", {"form": form}, status=503)
            context = {"email": subscribing.normalise(email), "lists": subscribing.list_names(form.cleaned_data["shows"], form.cleaned_data["digest"])}
            return render(request, "newsletters/check_inbox.html", context)
        return render(request, "newsletters/subscribe.html", {"form": form}, status=400)
    initial = {"shows": list(Show.objects.filter(slug__in=request.GET.getlist("show"))), "digest": request.GET.get("digest") == "1"}
    if request.user.is_authenticated:
        initial["email"] = request.user.email
    return render(request, "newsletters/subscribe.html", {"form": SubscribeForm(initial=initial)})


@never_cache
def from_account(request):
    """The account page's way in: a signed-in reader with a verified address goes straight to their lists."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.views import redirect_to_login
    from django.shortcuts import redirect

    from quicklooks.newsletters.models import Subscriber

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    email = subscribing.normalise(request.user.email or "")
    verified = EmailAddress.objects.filter(user=request.user, email__iexact=email, verified=True).exists()
    subscriber = Subscriber.objects.filter(email=email).first() if verified else None
    if subscriber is not None and subscriber.status == Subscriber.Status.CONFIRMED:
        return redirect("newsletters:manage", token=tokens.manage_token(subscriber))
    return redirect("newsletters:subscribe")


def _bad_link(request, error):
    return render(request, "newsletters/message.html", {"title": "This link does not work", "message": str(error)}, status=400)


@never_cache
def confirm(request, token):
    """GET shows a button, POST confirms: mail scanners that open links must not subscribe anyone."""
    try:
        data = tokens.read_confirm_token(token)
    except tokens.BadLink as error:
        return _bad_link(request, error)
    if request.method == "POST":
        try:
            subscriber, names = subscribing.confirm(token)
        except tokens.BadLink as error:  # expired between the page and the press
            return _bad_link(request, error)
        manage_url = reverse("newsletters:manage", args=[tokens.manage_token(subscriber)])
        return render(request, "newsletters/confirmed.html", {"email": subscriber.email, "lists": names, "manage_url": manage_url})
    shows = Show.objects.filter(pk__in=data["show_ids"])
    return render(request, "newsletters/confirm.html", {"email": data["email"], "lists": subscribing.list_names(shows, data["digest"])})


@never_cache
def manage(request, token):
    try:
        subscriber = tokens.read_manage_token(token)
    except tokens.BadLink as error:
        return _bad_link(request, error)
    saved = False
    if request.method == "POST":
        if "unsubscribe_all" in request.POST:
            subscribing.unsubscribe(subscriber, tokens.ALL)
            return render(request, "newsletters/unsubscribed.html", {"email": subscriber.email, "name": "all our newsletters", "manage_url": request.path})
        form = ManageForm(request.POST)
        if form.is_valid():
            subscribing.update(subscriber, form.cleaned_data["shows"], form.cleaned_data["digest"])
            subscriber.refresh_from_db()
            saved = True
    form = ManageForm(initial={"shows": list(subscriber.shows.all()), "digest": subscriber.digest}) if request.method != "POST" or saved else form
    return render(request, "newsletters/manage.html", {"form": form, "subscriber": subscriber, "saved": saved})


@csrf_exempt  # RFC 8058: the mail client POSTs with no session and no token; the signed link is the proof.
@never_cache
def unsubscribe(request, token):
    """POST unsubscribes at once (one-click, RFC 8058); GET shows the one button that does."""
    try:
        subscriber, list_key = tokens.read_unsubscribe_token(token)
    except tokens.BadLink as error:
        return _bad_link(request, error)
    manage_url = reverse("newsletters:manage", args=[tokens.manage_token(subscriber)])
    if request.method == "POST":
        name = subscribing.unsubscribe(subscriber, list_key)
        return render(request, "newsletters/unsubscribed.html", {"email": subscriber.email, "name": name, "manage_url": manage_url})
    name = _list_name(list_key)
    return render(request, "newsletters/unsubscribe.html", {"email": subscriber.email, "name": name, "manage_url": manage_url})


def _list_name(list_key: str) -> str:
    if list_key.startswith("show:"):
        show = Show.objects.filter(pk=int(list_key.split(":", 1)[1])).first()
        return show.name if show else "this newsletter"
    return "the daily digest" if list_key == tokens.DIGEST else "all our newsletters"


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise Http404("Editions are at /YYYY-MM-DD/ addresses.") from None


def archive_list(request, slug):
    show = get_object_or_404(Show, slug=slug)
    sent = Edition.objects.filter(show=show, status=Edition.Status.SENT).order_by("-date")
    return render(request, "newsletters/archive_list.html", {"show": show, "editions": sent})


def archive(request, slug, date):
    show = get_object_or_404(Show, slug=slug)
    edition = get_object_or_404(Edition, show=show, date=_date(date), status=Edition.Status.SENT)
    return _archive_page(request, edition)


def digest_archive(request, date):
    edition = get_object_or_404(Edition, show__isnull=True, date=_date(date), status=Edition.Status.SENT)
    return _archive_page(request, edition)


def _archive_page(request, edition):
    stories = editions.edition_stories(edition)
    return render(request, "newsletters/archive.html", {"edition": edition, "stories": stories})


