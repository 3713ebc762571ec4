from django import template

from quicklooks.facts.presenting import story_facts as _story_facts

register = template.Library()

_CURRENCY_SIGNS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}


@register.simple_tag
def story_facts(story):
    """``{% story_facts story as facts %}``: the panels' data, worked out once per page."""
    return _story_facts(story)


@register.filter
def quoted(text: str) -> str:
    """A quote as a reader sees it inside <q>: the comma that led into "he said" is grammar, not speech."""
    return text.rstrip().rstrip(",")


@register.filter
def figure_amount(figure) -> str:
    """'$4,200,000', '45%', '200 km', '157': the number with its unit where the unit reads as part of it."""
    value = figure.display_value
    unit = figure.unit
    if not unit:
        return value
    if unit == "%":
        return f"{value}%"
    if unit in _CURRENCY_SIGNS:
        return f"{_CURRENCY_SIGNS[unit]}{value}"
    return f"{value} {unit}"
