from __future__ import annotations

import uuid

from django import forms

from quicklooks.comments.models import MAX_LENGTH, Reaction, Report


class CommentForm(forms.Form):
    text = forms.CharField(
        label="Your comment",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=MAX_LENGTH,
        strip=False,
        help_text=f"Plain text, up to {MAX_LENGTH:,} characters. Leave a blank line between paragraphs; web addresses become links.",
        error_messages={
            "required": "Write something before posting: the comment is empty.",
            "max_length": f"Your comment is %(show_value)d characters long; the limit is {MAX_LENGTH:,}. Please shorten it.",
        },
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    # A fresh key per rendered form: posting the same form twice stores once.
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The textarea's maxlength would silently cut pasted text; the server
        # says how much is too much instead.
        self.fields["text"].widget.attrs.pop("maxlength", None)


class EditForm(forms.Form):
    text = CommentForm.base_fields["text"]


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label="Why should a moderator look at this?", choices=Report.Reason.choices, widget=forms.RadioSelect)
    note = forms.CharField(label="Anything else (optional)", max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReactForm(forms.Form):
    kind = forms.ChoiceField(choices=Reaction.Kind.choices)


class ModerationForm(forms.Form):
    ACTIONS = [
        ("approve", "Approve"),
        ("reject", "Reject"),
        ("feature", "Feature"),
        ("unfeature", "Unfeature"),
        ("suspend", "Suspend author"),
        ("ban", "Ban author"),
    ]
    action = forms.ChoiceField(choices=ACTIONS)
    reason = forms.CharField(label="Reason (logged)", max_length=300, required=False)
    days = forms.FloatField(label="Suspend for (days)", required=False, min_value=0.01, max_value=3650, initial=1)

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action in ("reject", "suspend", "ban") and not (data.get("reason") or "").strip():
            self.add_error("reason", f"Give a reason to {action}: it is logged and shown to other moderators.")
        if action == "suspend" and not data.get("days"):
            self.add_error("days", "Say for how many days to suspend.")
        return data
