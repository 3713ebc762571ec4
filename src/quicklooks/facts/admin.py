from django.contrib import admin

from quicklooks.facts.models import Figure, Organization, Person, Place, Quote


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "role"]
    search_fields = ["name"]


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "lat", "lon"]
    search_fields = ["name", "country"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Quote)
class QuoteAdmin(admin.ModelAdmin):
    list_display = ["story", "speaker", "kind", "text"]
    list_select_related = ["story"]
    search_fields = ["text", "speaker"]


@admin.register(Figure)
class FigureAdmin(admin.ModelAdmin):
    list_display = ["story", "value", "unit", "counts", "claimed_by"]
    list_select_related = ["story"]
