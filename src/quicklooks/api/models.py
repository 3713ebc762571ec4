"""API tokens: what a newsroom tool presents to post stories through the API."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

PREFIX_LENGTH = 8
PROVENANCE_METHOD = "api"
"""``Provenance.method`` of a story that arrived through the API (ingest's are page, feed-page, feed-entry, file)."""


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def create_token(self, name: str, user=None) -> tuple["ApiToken", str]:
        """A new token; the secret is returned once and only its hash is kept."""
        secret = "ql_" + secrets.token_urlsafe(32)
        token = self.create(name=name, user=user, prefix=secret[:PREFIX_LENGTH], key_hash=digest(secret))
        return token, secret

    def authenticate(self, secret: str) -> "ApiToken | None":
        if not secret or len(secret) > 200:
            return None
        token = self.filter(key_hash=digest(secret), revoked_at__isnull=True).first()
        if token is not None:
            self.filter(pk=token.pk).update(last_used_at=timezone.now())
        return token


class ApiToken(models.Model):
    name = models.CharField(max_length=120, help_text="Who or what uses it, e.g. “wire importer”.")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE)
    prefix = models.CharField(max_length=PREFIX_LENGTH, help_text="The token's first characters, to tell tokens apart.")
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "API token"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class Posting(models.Model):
    """One story posted through the API: which token sent it, and when.

    The token's name and prefix are copied: a token renamed or deleted later
    must not change what the desk says a story came from.
    """

    class Outcome(models.TextChoices):
        CREATED = "created", "Created"
        UPDATED = "updated", "Updated"

    story = models.ForeignKey("stories.Story", on_delete=models.CASCADE, related_name="api_postings")
    token = models.ForeignKey(ApiToken, null=True, blank=True, on_delete=models.SET_NULL, related_name="postings")
    token_name = models.CharField(max_length=120)
    token_prefix = models.CharField(max_length=PREFIX_LENGTH)
    posted_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)

    class Meta:
        ordering = ["posted_at", "pk"]

    def __str__(self) -> str:
        return f"{self.story} {self.outcome} by token {self.token_name} ({self.token_prefix}…)"
