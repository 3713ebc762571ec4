"""Background jobs for accounts: sending again the mail the mail server did not take."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="quicklooks.accounts.tasks.send_queued_mail")
def send_queued_mail() -> tuple[int, int]:
    from quicklooks.accounts.mail import send_queued_mail as send

    return send()
