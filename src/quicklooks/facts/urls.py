from django.urls import path

from quicklooks.facts import views

app_name = "facts"

urlpatterns = [
    path("people/<slug:slug>/", views.person, name="person"),
    path("places/<slug:slug>/", views.place, name="place"),
]
