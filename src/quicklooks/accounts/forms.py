"""Forms for reader accounts: the extra signup field and account deletion."""

from __future__ import annotations

from django import forms
from django.db import IntegrityError, transaction

from quicklooks.accounts import names
from quicklooks.accounts.models import Profile, display_name_problem

DISPLAY_NAME_HELP = "Shown next to your comments. Your email address is never shown."


class SignupForm(forms.Form):
    """allauth calls ``signup`` after creating the user (ACCOUNT_SIGNUP_FORM_CLASS)."""

    display_name = forms.CharField(label="Display name", max_length=names.MAX_LENGTH, help_text=DISPLAY_NAME_HELP)

    def clean_display_name(self):
        name = names.tidy(self.cleaned_data["display_name"])
        problem = display_name_problem(name)
        if problem:
            raise forms.ValidationError(problem)
        return name

    def signup(self, request, user):
        profile, _ = Profile.objects.get_or_create(user=user)
        profile.display_name = self.cleaned_data["display_name"]
        try:
            with transaction.atomic():
                profile.save(update_fields=["display_name"])
        except IntegrityError:
            # Another sign-up took the name between our check and this save.
            # The account exists by now, so rather than fail it, number the
            # name; the reader can change it on their account page.
            taken = Profile.objects.filter(display_name_key__startswith=names.name_key(profile.display_name)[:40])
            profile.display_name = names.free_variant(profile.display_name, set(taken.values_list("display_name_key", flat=True)))
            profile.save(update_fields=["display_name"])


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = ["display_name"]
        help_texts = {"display_name": DISPLAY_NAME_HELP}

    def clean_display_name(self):
        # Whether the name is free is checked by Profile.clean (also in Django admin).
        name = names.tidy(self.cleaned_data["display_name"])
        if len(name) < 2:
            raise forms.ValidationError(names.TOO_SHORT)
        return name

    def save(self, commit=True):
        """Save, or report the name as taken if another reader took it a moment ago."""
        try:
            with transaction.atomic():
                return super().save(commit=commit)
        except IntegrityError:
            self.add_error("display_name", names.TAKEN)
            return None


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
