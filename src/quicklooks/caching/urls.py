from django.urls import path

from quicklooks.caching import readers

app_name = "caching"

urlpatterns = [
    path("<slug:part>/", readers.fragment, name="fragment"),
]
