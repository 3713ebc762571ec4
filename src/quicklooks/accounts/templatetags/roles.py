from django import template

from quicklooks.accounts.roles import has_role as _has_role

register = template.Library()


@register.filter
def has_role(user, roles):
    """``{% if user|has_role:"moderator,editor" %}``"""
    return _has_role(user, *[role.strip() for role in roles.split(",") if role.strip()])
