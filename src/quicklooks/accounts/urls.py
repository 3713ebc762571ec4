from django.urls import path

from quicklooks.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.settings_page, name="settings"),
    path("delete/", views.delete_account, name="delete"),
]
