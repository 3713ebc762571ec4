from django.urls import path

from quicklooks.newsletters import desk_views, views

app_name = "newsletters"

urlpatterns = [
    path("newsletters/subscribe/", views.subscribe, name="subscribe"),
    path("newsletters/account/", views.from_account, name="account"),
    path("newsletters/confirm/<str:token>/", views.confirm, name="confirm"),
    path("newsletters/manage/<str:token>/", views.manage, name="manage"),
    path("newsletters/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("newsletters/digest/<str:date>/", views.digest_archive, name="digest-archive"),
    path("show/<slug:slug>/newsletters/", views.archive_list, name="archive-list"),
    path("show/<slug:slug>/newsletters/<str:date>/", views.archive, name="archive"),
    path("desk/newsletters/", desk_views.index, name="desk"),
    path("desk/newsletters/<slug:slug>/", desk_views.preview, name="desk-preview"),
    path("desk/newsletters/<slug:slug>/email.html", desk_views.preview_html, name="desk-preview-html"),
    path("desk/newsletters/<slug:slug>/send/", desk_views.send_now, name="desk-send"),
    path("desk/newsletters/<slug:slug>/schedule/", desk_views.set_schedule, name="desk-schedule"),
]
