"""Adding a saved source on the desk: a feed, a page or a folder, checked before it is stored."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from django import forms

from quicklooks.ingest.models import Source


class SourceForm(forms.ModelForm):
    """What an editor sets on a new source. Reaching private addresses stays an admin's decision (Django admin)."""

    class Meta:
        model = Source
        fields = ["name", "kind", "url", "poll_interval", "section", "auto_publish"]
        labels = {"url": "Address", "poll_interval": "Poll every (minutes)", "auto_publish": "Publish automatically"}

    def clean_poll_interval(self):
        minutes = self.cleaned_data["poll_interval"]
        if not 1 <= minutes <= 10_080:
            raise forms.ValidationError("Poll every 1 to 10,080 minutes (a week).")
        return minutes

    def clean(self):
        data = super().clean()
        kind, url = data.get("kind"), (data.get("url") or "").strip()
        if not url:
            return data
        if kind == Source.Kind.FOLDER:
            if not Path(url).is_absolute() or not Path(url).is_dir():
                self.add_error("url", "Give the full path of an existing folder on this machine, e.g. /srv/wire/incoming.")
        else:
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                self.add_error("url", "Give an http:// or https:// address, e.g. https://example.org/news/rss.xml.")
        data["url"] = url
        return data
