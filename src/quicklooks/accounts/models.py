"""A reader's public face: the display name shown on their comments."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import models
from django.db.models import Q
from django.utils import timezone

from quicklooks.accounts import names


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    display_name = models.CharField(
        max_length=60,
        blank=True,
        help_text="Shown next to your comments instead of your email, which is never shown.",
    )
    # ``names.name_key(display_name)``, kept by ``save``: unique, so no two
    # readers (or a reader and a staff member) show the same name.
    display_name_key = models.CharField(max_length=240, blank=True, editable=False)

    class Meta:
        verbose_name = "profile"
        constraints = [
            models.UniqueConstraint(
                fields=["display_name_key"],
                condition=~Q(display_name_key=""),
                name="profile_display_name_unique",
                violation_error_message=names.TAKEN,
            ),
        ]

    def __str__(self) -> str:
        return self.public_name

    def clean(self):
        super().clean()
        from django.core.exceptions import ValidationError

        self.display_name = names.tidy(self.display_name)
        if self.display_name:
            problem = display_name_problem(self.display_name, user_id=self.user_id)
            if problem:
                raise ValidationError({"display_name": problem})

    def save(self, *args, **kwargs):
        self.display_name_key = names.name_key(self.display_name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "display_name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "display_name_key"}
        super().save(*args, **kwargs)

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


def display_name_problem(name: str, *, user_id: int | None = None, staff: bool = False) -> str | None:
    """Why ``name`` cannot be this user's display name, or None when it can.

    ``staff``: the account is being made with a staff role (it holds none yet).
    The rules are in ``accounts.names``; this asks the profiles which are taken.
    """
    shown = names.tidy(name)
    if len(shown) < 2:
        return names.TOO_SHORT
    key = names.name_key(shown)
    if names.is_reserved(key):
        return names.RESERVED
    taken = Profile.objects.filter(display_name_key=key)
    if user_id is not None:
        taken = taken.exclude(user_id=user_id)
    if taken.exists():
        return names.TAKEN
    if not (staff or _is_staff(user_id)):
        # Staff may sign as what they are; readers may not look like them.
        if names.site_voice_problem(shown):
            return names.LIKE_THE_SITE
        if staff_lookalike(shown, user_id=user_id):
            return names.LIKE_STAFF
    return None


def _is_staff(user_id: int | None) -> bool:
    if user_id is None:
        return False
    from quicklooks.accounts.roles import staff_users

    return staff_users().filter(pk=user_id).exists()


def staff_lookalike(name: str, *, user_id: int | None = None) -> bool:
    """True when ``name`` looks like a staff member's display name (someone else's)."""
    from quicklooks.accounts.roles import staff_users

    mine = names.skeleton(name)
    staff = Profile.objects.filter(user__in=staff_users()).exclude(display_name="")
    if user_id is not None:
        staff = staff.exclude(user_id=user_id)
    return any(names.skeleton(shown) == mine for shown in staff.values_list("display_name", flat=True))


class QueuedMail(models.Model):
    """A message the mail server did not take, waiting to be sent again."""

    from_email = models.CharField(max_length=320)
    to = models.JSONField(default=list)
    subject = models.CharField(max_length=998)
    body = models.TextField()
    html = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=1)
    last_error = models.CharField(max_length=500, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "queued mail"
        verbose_name_plural = "queued mail"

    def __str__(self) -> str:
        return f"{self.subject} to {', '.join(self.to)}"

    def message(self) -> EmailMessage:
        message = EmailMultiAlternatives(self.subject, self.body, self.from_email, list(self.to))
        if self.html:
            message.attach_alternative(self.html, "text/html")
        return message
