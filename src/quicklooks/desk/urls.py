from django.urls import path

from quicklooks.desk import pictures, views

app_name = "desk"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("story/new/", views.new_story, name="new_story"),
    path("story/<int:pk>/", views.story_editor, name="story"),
    path("story/<int:pk>/preview/", views.preview, name="preview"),
    path("story/<int:pk>/revisions/", views.story_revisions, name="revisions"),
    path("story/<int:pk>/revisions/<int:number>/", views.revision_detail, name="revision"),
    path("story/<int:pk>/revisions/<int:number>/restore/", views.restore_revision, name="restore"),
    path("story/<int:pk>/corrections/", views.add_correction, name="add_correction"),
    path("story/<int:pk>/image/", pictures.story_image, name="story_image"),
    path("story/<int:pk>/front-page/", pictures.front_page_pick, name="front_page_pick"),
    path("authors/", pictures.authors, name="authors"),
    path("authors/<int:pk>/", pictures.author, name="author"),
    path("sources/", views.sources, name="sources"),
    path("sources/<int:pk>/poll/", views.poll_now, name="poll"),
    path("sources/<int:pk>/settings/", views.source_settings, name="source_settings"),
]
