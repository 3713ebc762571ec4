from django.urls import path

from quicklooks.topics import views

app_name = "topics"

urlpatterns = [
    path("", views.topic_list, name="list"),
    path("<slug:slug>/", views.topic_detail, name="topic"),
    path("<slug:slug>/edit/", views.topic_edit, name="edit"),
    path("<slug:slug>/rename/", views.topic_rename, name="rename"),
    path("<slug:slug>/merge/", views.topic_merge, name="merge"),
    path("<slug:slug>/split/", views.topic_split, name="split"),
]
