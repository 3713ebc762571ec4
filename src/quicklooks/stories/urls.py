from django.urls import path

from quicklooks.stories import views

app_name = "stories"

urlpatterns = [
    path("", views.home, name="home"),
    path("story/<slug:slug>/", views.story_detail, name="story"),
    path("section/<slug:slug>/", views.section, name="section"),
    path("show/<slug:slug>/", views.show, name="show"),
    path("author/<slug:slug>/", views.author, name="author"),
    path("tag/<slug:slug>/", views.tag, name="tag"),
]
