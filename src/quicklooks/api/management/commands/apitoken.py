"""``quicklooks manage apitoken NAME``: make an API token for posting stories."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from quicklooks.api.models import ApiToken


class Command(BaseCommand):
    help = "Create an API token (printed once), or revoke one with --revoke PREFIX."

    def add_arguments(self, parser):
        parser.add_argument("name", nargs="?", help="Who or what will use the token, e.g. 'wire importer'.")
        parser.add_argument("--revoke", metavar="PREFIX", help="Revoke the token whose first characters are PREFIX.")

    def handle(self, *args, name=None, revoke=None, **options):
        if revoke:
            count = ApiToken.objects.filter(prefix=revoke[:8], revoked_at__isnull=True).update(revoked_at=timezone.now())
            if not count:
                raise CommandError(f"No active token starts with {revoke!r}; list them in the admin under API tokens.")
            self.stdout.write(f"Revoked {count} token(s).")
            return
        if not name:
            raise CommandError("Give the token a name: quicklooks manage apitoken 'wire importer'")
        _, secret = ApiToken.objects.create_token(name)
        self.stdout.write(secret)
        self.stderr.write("Keep it safe: only its hash is stored. Send it as 'Authorization: Bearer <token>'.")
