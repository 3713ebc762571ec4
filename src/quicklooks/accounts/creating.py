"""Accounts made by admins and scripts (``quicklooks adduser``), already verified."""

from __future__ import annotations

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from quicklooks.accounts import names
from quicklooks.accounts.models import Profile, display_name_problem
from quicklooks.accounts.roles import ROLES


class AccountError(ValueError):
    """The account cannot be made; the message says what to change."""


def create_verified_account(email: str, password: str, *, name: str = "", roles: tuple[str, ...] = ()):
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise AccountError(f"{email!r} is not an email address.") from None
    unknown = [r for r in roles if r not in ROLES]
    if unknown:
        raise AccountError(f"unknown role(s) {', '.join(unknown)}; use one of: {', '.join(ROLES)}")
    User = get_user_model()
    from allauth.account.models import EmailAddress

    if User.objects.filter(email__iexact=email).exists() or EmailAddress.objects.filter(email__iexact=email).exists():
        raise AccountError(f"an account with {email} already exists.")
    name = names.tidy(name)
    if name:
        problem = display_name_problem(name, staff=bool(roles))
        if problem:
            raise AccountError(f"display name {name!r}: {problem}")
    candidate = User(username=email, email=email)
    try:
        password_validation.validate_password(password, candidate)
    except ValidationError as error:
        raise AccountError("the password is not accepted: " + " ".join(error.messages)) from None
    with transaction.atomic():
        user = User.objects.create_user(username=email[:150], email=email, password=password)
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
        profile, _ = Profile.objects.get_or_create(user=user)
        profile.display_name = name[: names.MAX_LENGTH]
        profile.save()
        for role in roles:
            user.groups.add(Group.objects.get_or_create(name=role)[0])
        if roles:
            # Staff roles work partly in Django admin (word lists, sanctions);
            # their group permissions decide what they see there.
            user.is_staff = True
            user.save(update_fields=["is_staff"])
    return user
