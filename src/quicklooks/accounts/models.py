"""A reader's public face: the display name shown on their comments."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    display_name = models.CharField(
        max_length=60,
        blank=True,
        help_text="Shown next to your comments instead of your email, which is never shown.",
    )

    class Meta:
        verbose_name = "profile"

    def __str__(self) -> str:
        return self.public_name

    @property
    def public_name(self) -> str:
        if self.display_name.strip():
            return self.display_name.strip()
        # Never fall back to the email: it is private.
        return f"Reader {self.user_id}"


def public_name(user) -> str:
    """The display name for any user, creating the profile if an old account lacks one.

    Uses the profile already loaded with the user (``select_related("author__profile")``
    in comment threads), so a page of comments costs no query per comment.
    """
    try:
        profile = user.profile
    except Profile.DoesNotExist:
        profile, _ = Profile.objects.get_or_create(user=user)
    return profile.public_name
