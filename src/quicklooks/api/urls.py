from django.urls import path

from quicklooks.api.api import api

urlpatterns = [path("", api.urls)]
