from django.contrib import admin

from quicklooks.accounts.models import Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ("public_name", "user", "display_name")
    search_fields = ("display_name", "user__email")
    raw_id_fields = ("user",)
