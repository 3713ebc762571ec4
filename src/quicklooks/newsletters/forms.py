from __future__ import annotations

from django import forms

from quicklooks.stories.models import Show


class ListsForm(forms.Form):
    shows = forms.ModelMultipleChoiceField(
        queryset=Show.objects.order_by("name"), required=False, widget=forms.CheckboxSelectMultiple,
        label="Shows", to_field_name="slug",
    )
    digest = forms.BooleanField(required=False, label="Daily digest: every story of the day, once a day")


class SubscribeForm(ListsForm):
    email = forms.EmailField(label="Your email address", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    field_order = ["email", "shows", "digest"]

    def clean(self):
        data = super().clean()
        if not data.get("shows") and not data.get("digest"):
            raise forms.ValidationError("Choose at least one show, or the daily digest.")
        return data


class ManageForm(ListsForm):
    pass


class ScheduleForm(forms.Form):
    send_at = forms.TimeField(required=False, label="Send each day at", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                              help_text="Local time. Leave empty to send only by hand.")
