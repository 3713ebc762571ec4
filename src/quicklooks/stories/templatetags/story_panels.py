from django import template
from django.template.loader import get_template
from django.utils.safestring import mark_safe

from quicklooks.stories.panels import panels_for

register = template.Library()


@register.simple_tag(takes_context=True)
def story_panels(context, slot):
    """Render every panel registered for ``slot`` with the current page's context."""
    flat = context.flatten()
    request = context.get("request")
    # Each panel is a template, autoescaped when it rendered; joining them
    # must not escape their markup a second time.
    return mark_safe("".join(get_template(panel.template).render(flat, request) for panel in panels_for(slot)))
