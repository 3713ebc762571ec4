from django.contrib.flatpages import views as flatpages
from django.urls import path

from quicklooks.pages import views

app_name = "pages"

# Flat pages by name, so templates link to them with {% url %}; editors change
# their text in the admin (Flat pages), never their address.
urlpatterns = [
    path("about/", flatpages.flatpage, {"url": "/about/"}, name="about"),
    path("privacy/", flatpages.flatpage, {"url": "/privacy/"}, name="privacy"),
    path("corrections/", views.corrections, name="corrections"),
]
