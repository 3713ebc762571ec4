"""Account pages allauth does not provide: display name and account deletion."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from quicklooks.accounts.forms import DeleteAccountForm, ProfileForm
from quicklooks.accounts.models import Profile
from quicklooks.accounts.signals import reader_leaving


@never_cache
@login_required
def settings_page(request):
    """Your account: display name, and links to email, password, sign out and deletion."""
    profile, _ = Profile.objects.get_or_create(user=request.user)
    # The form edits a copy, so a refused name is never shown as the saved one.
    form = ProfileForm(request.POST or None, instance=Profile.objects.get(pk=profile.pk))
    if request.method == "POST" and form.is_valid() and form.save() is not None:
        messages.success(request, "Your display name is saved.")
        return redirect("accounts:settings")
    return render(request, "account/settings.html", {"form": form, "profile": profile})


@never_cache
@login_required
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        remove = form.cleaned_data["comments"] == DeleteAccountForm.REMOVE
        with transaction.atomic():
            reader_leaving.send(sender=type(user), user=user, remove_comments=remove)
            logout(request)
            user.delete()
        messages.success(
            request,
            "Your account is deleted." + (" Your comments are removed." if remove else ' Your comments now show "deleted reader".'),
        )
        return redirect("stories:home")
    return render(request, "account/delete.html", {"form": form})
