from django.core.management.base import BaseCommand

from quicklooks.accounts.mail import send_queued_mail


class Command(BaseCommand):
    help = (
        "Send again the account mail (verification, password reset) the mail server did not take. "
        "The worker runs this every minute; run it by hand once the mail server is back."
    )

    def handle(self, *args, **options):
        sent, waiting = send_queued_mail()
        self.stdout.write(f"Queued mail: {sent} sent, {waiting} still waiting")
