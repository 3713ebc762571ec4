from django.contrib import admin

from quicklooks.desk.models import Correction, Schedule


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = ["story", "created_at", "note"]
    search_fields = ["note", "story__headline"]


@admin.register(Schedule)
class ScheduleAdmin(admin.ModelAdmin):
    list_display = ["story", "publish_at", "done_at"]
