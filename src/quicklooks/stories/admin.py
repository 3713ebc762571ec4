from django.contrib import admin

from quicklooks.stories.models import Author, BodyBlock, Byline, QuickLook, Section, Show, Story, Tag


class QuickLookInline(admin.TabularInline):
    model = QuickLook
    extra = 0
    fields = ["position", "text", "origin"]


class BodyBlockInline(admin.StackedInline):
    model = BodyBlock
    extra = 0
    fields = ["position", "kind", "text", "items"]


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 0


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ["headline", "status", "section", "show", "published_at"]
    list_filter = ["status", "section", "show"]
    search_fields = ["headline", "standfirst"]
    prepopulated_fields = {"slug": ["headline"]}
    inlines = [BylineInline, QuickLookInline, BodyBlockInline]
    # Pictures are uploaded on the desk, which makes their renditions and strips
    # EXIF (GPS included); a file put here would skip both.
    readonly_fields = ["image", "image_width", "image_height", "image_renditions", "image_source_url"]


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]
    readonly_fields = ["photo", "photo_width", "photo_height", "photo_renditions"]  # set on the desk, as above


for model in (Section, Show, Tag):
    admin.site.register(model, prepopulated_fields={"slug": ["name"]}, search_fields=["name"])
