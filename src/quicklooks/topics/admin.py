from django.contrib import admin, messages

from quicklooks.topics import clustering
from quicklooks.topics.models import Topic, TopicStory


class TopicStoryInline(admin.TabularInline):
    model = TopicStory
    fields = ("story", "pinned", "score")
    readonly_fields = ("story", "score")
    extra = 0
    can_delete = False


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "name_locked", "updated_at")
    search_fields = ("name", "slug")
    readonly_fields = ("slug", "created_at", "updated_at")
    inlines = [TopicStoryInline]
    actions = ["merge_topics"]

    def save_model(self, request, obj, form, change):
        if change and "name" in form.changed_data:
            obj.name_locked = True  # an editor's name sticks
        super().save_model(request, obj, form, change)

    @admin.action(description="Merge selected topics into the oldest of them")
    def merge_topics(self, request, queryset):
        topics = list(queryset.order_by("created_at"))
        if len(topics) < 2:
            self.message_user(request, "Select two or more topics to merge.", messages.WARNING)
            return
        clustering.merge(topics[0], topics[1:])
        self.message_user(request, f"Merged {len(topics) - 1} topic(s) into “{topics[0].name}”.")
