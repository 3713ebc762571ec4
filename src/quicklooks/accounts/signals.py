"""Account signals: every user gets a Profile; a leaving reader is announced."""

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import Signal, receiver

# Sent inside the deletion transaction, before the user row goes. Arguments:
# ``user`` and ``remove_comments`` (bool). The comments app either removes the
# reader's comments or keeps them as "deleted reader".
reader_leaving = Signal()


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="accounts.profile_for_new_user")
def create_profile(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from quicklooks.accounts.models import Profile

        Profile.objects.get_or_create(user=instance)
