"""Connections to other apps' signals."""

from django.dispatch import receiver

from quicklooks.accounts.signals import reader_leaving


@receiver(reader_leaving, dispatch_uid="comments.release_comments_of_leaving_reader")
def release_comments(sender, user, remove_comments, **kwargs):
    from quicklooks.comments.posting import release_comments_of

    release_comments_of(user, remove=remove_comments)
