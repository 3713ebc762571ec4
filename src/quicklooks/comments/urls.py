from django.urls import path

from quicklooks.comments import views

app_name = "comments"

urlpatterns = [
    path("story/<slug:slug>/post/", views.post, name="post"),
    path("story/<slug:slug>/more/", views.more, name="more"),
    path("story/<slug:slug>/policy/", views.policy, name="policy"),
    path("story/<slug:slug>/reader/", views.reader, name="reader"),
    path("<int:pk>/", views.thread, name="thread"),
    path("<int:pk>/reply/", views.reply, name="reply"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/react/", views.react, name="react"),
    path("<int:pk>/report/", views.report, name="report"),
    path("moderation/", views.queue, name="queue"),
    path("moderation/log/", views.action_log, name="log"),
    path("moderation/<int:pk>/", views.act, name="act"),
    path("moderation/sanction/<int:pk>/lift/", views.lift, name="lift"),
]
