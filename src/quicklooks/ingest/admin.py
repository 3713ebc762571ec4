"""Saved sources are settings, so Django admin serves them (the story screen is the desk's own)."""

from django.contrib import admin

from quicklooks.accounts.roles import ADMIN, has_role
from quicklooks.ingest.models import DuplicateLink, Failure, Provenance, Source


class FailureInline(admin.TabularInline):
    model = Failure
    extra = 0
    fields = ["at", "url", "reason"]
    readonly_fields = fields
    can_delete = False
    max_num = 0
    ordering = ["-at"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "url", "active", "auto_publish", "last_polled_at", "last_added", "last_error"]
    list_filter = ["kind", "active", "auto_publish"]
    search_fields = ["name", "url"]
    readonly_fields = ["last_polled_at", "last_added", "last_error", "consecutive_failures", "next_poll_at", "etag", "last_modified"]
    inlines = [FailureInline]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        # Reaching private addresses is an admin's decision only.
        if not has_role(request.user, ADMIN):
            fields.append("allow_private")
        return fields


@admin.register(Provenance)
class ProvenanceAdmin(admin.ModelAdmin):
    list_display = ["story", "source", "url", "method", "fetched_at"]
    list_filter = ["method", "source"]
    search_fields = ["url", "story__headline"]
    exclude = ["minhash"]


@admin.register(DuplicateLink)
class DuplicateLinkAdmin(admin.ModelAdmin):
    list_display = ["story", "kind", "similarity", "url", "source", "seen_at"]
    list_filter = ["kind"]
