from django.contrib import admin

from quicklooks.newsletters.models import Delivery, Edition, Schedule, Subscriber


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ("email", "status", "digest", "confirmed_at", "bounced_at")
    list_filter = ("status", "digest", "shows")
    search_fields = ("email",)
    filter_horizontal = ("shows",)


@admin.register(Schedule)
class ScheduleAdmin(admin.ModelAdmin):
    list_display = ("show", "send_at")


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "status", "started_at", "sent_at")
    list_filter = ("status", "show")
    readonly_fields = ("lease_owner", "lease_until")


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("edition", "subscriber", "status", "attempts", "sent_at")
    list_filter = ("status",)
    raw_id_fields = ("edition", "subscriber")
