"""Forms for reader accounts: the extra signup field and account deletion."""

from __future__ import annotations

from django import forms

from quicklooks.accounts.models import Profile

DISPLAY_NAME_HELP = "Shown next to your comments. Your email address is never shown."


class SignupForm(forms.Form):
    """allauth calls ``signup`` after creating the user (ACCOUNT_SIGNUP_FORM_CLASS)."""

    display_name = forms.CharField(label="Display name", max_length=60, help_text=DISPLAY_NAME_HELP)

    def clean_display_name(self):
        name = " ".join(self.cleaned_data["display_name"].split())
        if len(name) < 2:
            raise forms.ValidationError("Choose a display name of at least 2 characters.")
        return name

    def signup(self, request, user):
        profile, _ = Profile.objects.get_or_create(user=user)
        profile.display_name = self.cleaned_data["display_name"]
        profile.save(update_fields=["display_name"])


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = ["display_name"]
        help_texts = {"display_name": DISPLAY_NAME_HELP}

    def clean_display_name(self):
        name = " ".join(self.cleaned_data["display_name"].split())
        if len(name) < 2:
            raise forms.ValidationError("Choose a display name of at least 2 characters.")
        return name


class DeleteAccountForm(forms.Form):
    KEEP = "keep"
    REMOVE = "remove"
    comments = forms.ChoiceField(
        label="Your comments",
        choices=[
            (KEEP, 'Keep them, shown as written by "deleted reader"'),
            (REMOVE, "Remove them"),
        ],
        widget=forms.RadioSelect,
        initial=KEEP,
    )
    password = forms.CharField(
        label="Your password",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="To make sure it is you.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password. Nothing was deleted.")
        return password
