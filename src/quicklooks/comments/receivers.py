"""Connections to other apps' signals."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from quicklooks.accounts.models import Profile
from quicklooks.accounts.signals import reader_leaving


@receiver(reader_leaving, dispatch_uid="comments.release_comments_of_leaving_reader")
def release_comments(sender, user, remove_comments, **kwargs):
    from quicklooks.comments.posting import release_comments_of

    release_comments_of(user, remove=remove_comments)


@receiver(post_save, sender=Profile, dispatch_uid="comments.announce_renamed_author")
def announce_renamed_author(sender, instance, created, raw=False, update_fields=None, **kwargs):
    """A reader's display name is printed on their public comments: pages showing them change with it."""
    if created or raw or (update_fields is not None and "display_name" not in update_fields):
        return
    from quicklooks.comments.models import Comment
    from quicklooks.comments.moderation import announce

    shown = Comment.objects.filter(author_id=instance.user_id, status=Comment.Status.VISIBLE)
    for story_id in shown.values_list("story_id", flat=True).distinct().order_by():
        announce(None, story_id)
