"""The search page's filters, validated: a bad date says so instead of failing."""

from __future__ import annotations

from django import forms

from quicklooks.stories.models import Author, Section


class SearchForm(forms.Form):
    q = forms.CharField(label="Search stories", max_length=200, required=False, strip=True)
    section = forms.ModelChoiceField(
        Section.objects.all(), required=False, empty_label="All sections", to_field_name="slug", label="Section"
    )
    author = forms.ModelChoiceField(
        Author.objects.all(), required=False, empty_label="All authors", to_field_name="slug", label="Author"
    )
    date_from = forms.DateField(
        required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the start date as YYYY-MM-DD."},
    )
    date_to = forms.DateField(
        required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the end date as YYYY-MM-DD."},
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date is before the start date; swap them.")
        return data
