"""``quicklooks newsletter``: send a show's edition, list who gets it."""

from __future__ import annotations

import datetime as dt
import json

import click


def _list_for(slug: str):
    """The show named ``slug``; ``digest`` is the daily digest unless a show has that slug."""
    from quicklooks.stories.models import Show

    show = Show.objects.filter(slug=slug).first()
    if show is None and slug != "digest":
        known = ", ".join(Show.objects.order_by("slug").values_list("slug", flat=True)) or "none yet"
        raise click.ClickException(f"No show {slug!r}. Shows: {known}; or 'digest' for the daily digest.")
    return show


def _date(value: str | None) -> dt.date:
    from django.utils import timezone

    if not value:
        return timezone.localdate()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2026-12-03.", param_hint="--date") from None


@click.group()
def newsletter() -> None:
    """Newsletters: each show's stories of a day, as Quick Looks, by email.

    Mail goes where EMAIL_URL says (smtp+tls://user:password@host:587);
    without it, to files in the data directory's mail/ folder.
    """


@newsletter.command("send")
@click.argument("show_slug")
@click.option("--date", "day", metavar="YYYY-MM-DD", help="The edition's day (default: today, local time).")
@click.option("--dry-run", is_flag=True, help="Send nothing: list who would get the edition and which stories it has.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar, only the summary.")
def send_command(show_slug: str, day: str | None, dry_run: bool, quiet: bool) -> None:
    """Send SHOW_SLUG's edition of one day to its confirmed readers ('digest': the daily digest).

    Each reader gets it once: running this again, or after it was stopped
    half-way (even killed), sends only to those not yet sent to.
    """
    from quicklooks.bootstrap import setup_django

    setup_django()
    from tqdm import tqdm

    from django.db.models import Count

    from quicklooks.newsletters import editions, sending, transport
    from quicklooks.newsletters.models import Edition

    show = _list_for(show_slug)
    date = _date(day)
    name = show.name if show else "Daily digest"
    if dry_run:
        stories = list(editions.stories_for(show, date))
        edition = Edition.objects.filter(show=show, date=date).first()
        if edition is not None and edition.status != Edition.Status.DRAFT:
            click.echo(f"{edition} is {edition.get_status_display().lower()}; its readers:")
            readers = [d.subscriber.email for d in edition.deliveries.select_related("subscriber").order_by("subscriber__email")]
        else:
            readers = list(editions.recipients(show).order_by("email").values_list("email", flat=True))
        click.echo(f"{name}, {date:%Y-%m-%d}: {len(stories)} stor{'y' if len(stories) == 1 else 'ies'}, {len(readers)} reader{'s' if len(readers) != 1 else ''}.")
        for story in stories:
            click.echo(f"  story: {story.headline}")
        for email in readers:
            click.echo(email)
        return
    edition = editions.edition_for(show, date)
    if edition.status == Edition.Status.SENT:
        count = edition.deliveries.count()
        click.echo(f"{edition} was sent already to {count} reader{'s' if count != 1 else ''}; nothing to send.")
        return
    try:
        editions.start(edition)
    except editions.NothingToSend as error:
        raise click.ClickException(str(error)) from None
    edition.refresh_from_db()
    remaining = edition.deliveries.filter(status__in=sending.OPEN).count()
    with tqdm(total=remaining, unit="mail", desc=f"Sending {name}", disable=quiet) as bar:
        try:
            outcome = sending.send_edition(edition.pk, progress=bar.update)
        except sending.LeaseHeld as held:
            raise click.ClickException(f"{held}. Try again after that; nothing is sent twice.") from None
        except sending.MailServerUnavailable as error:
            raise click.ClickException(f"{error}. Nothing was lost: run the command again once the mail server answers.") from None
        except transport.SenderRefused as error:
            raise click.ClickException(f"{error}. Set QUICKLOOKS_NEWSLETTER_FROM to an address the server accepts.") from None
    click.echo(f"{edition}: {outcome.summary()}.")
    totals = dict(edition.deliveries.values_list("status").annotate(n=Count("pk")))
    shown = ", ".join(f"{number} {status}" for status, number in sorted(totals.items()))
    click.echo(f"All of this edition's {sum(totals.values())} readers so far: {shown or 'none'}; edition {Edition.objects.get(pk=edition.pk).get_status_display().lower()}.")
    if not outcome.finished:
        when = f" from {outcome.next_attempt_at:%H:%M:%S}" if outcome.next_attempt_at else ""
        click.echo(f"Some readers' servers asked us to try later; the worker retries them{when}, or run this again.")


@newsletter.command("subscribers")
@click.argument("show_slug")
@click.option("--json", "as_json", is_flag=True, help="One JSON array with each subscriber's address, status and dates.")
@click.option("--all", "everyone", is_flag=True, help="Also pending, unsubscribed and bouncing addresses.")
def subscribers_command(show_slug: str, as_json: bool, everyone: bool) -> None:
    """List SHOW_SLUG's subscribers ('digest': the daily digest's); confirmed ones unless --all."""
    from quicklooks.bootstrap import setup_django

    setup_django()
    from quicklooks.newsletters import editions
    from quicklooks.newsletters.models import Subscriber

    show = _list_for(show_slug)
    if everyone:
        rows = Subscriber.objects.filter(digest=True) if show is None else Subscriber.objects.filter(shows=show)
    else:
        rows = editions.recipients(show)
    rows = rows.order_by("email")
    if as_json:
        click.echo(json.dumps([
            {
                "email": row.email,
                "status": row.status,
                "confirmed_at": row.confirmed_at.isoformat() if row.confirmed_at else None,
                "bounced_at": row.bounced_at.isoformat() if row.bounced_at else None,
            }
            for row in rows
        ], indent=2))
        return
    for row in rows:
        click.echo(row.email if not everyone else f"{row.email}\t{row.status}")
