from django.contrib import admin

from quicklooks.comments.models import Comment, CommentPolicy, ModerationAction, Report, Sanction, WordRule


@admin.register(WordRule)
class WordRuleAdmin(admin.ModelAdmin):
    list_display = ("phrase", "kind", "created_at")
    list_filter = ("kind",)
    search_fields = ("phrase",)


@admin.register(CommentPolicy)
class CommentPolicyAdmin(admin.ModelAdmin):
    list_display = ("story", "mode")
    list_filter = ("mode",)
    raw_id_fields = ("story",)


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ("pk", "story", "author", "status", "featured", "reaction_count", "report_count", "created_at")
    list_filter = ("status", "featured")
    search_fields = ("body",)
    raw_id_fields = ("story", "parent", "author")
    readonly_fields = ("html", "idempotency_key")


@admin.register(Sanction)
class SanctionAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "until", "reason", "created_by", "revoked_at")
    list_filter = ("kind",)
    raw_id_fields = ("user", "created_by")


@admin.register(ModerationAction)
class ModerationActionAdmin(admin.ModelAdmin):
    list_display = ("created_at", "moderator", "kind", "comment", "target_user", "reason")
    list_filter = ("kind",)

    # The log is evidence: nobody edits or deletes it from admin.
    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


admin.site.register(Report)
