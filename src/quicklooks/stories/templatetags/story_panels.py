"""``{% story_panels "slot" %}``: every panel registered for a slot, rendered or taken from the fragment cache."""

from django import template
from django.template.loader import get_template
from django.utils.safestring import mark_safe

from quicklooks.stories.panels import ANONYMOUS, PERSONAL_CONTEXT, SHARED, panels_for

register = template.Library()


def _render(panel, context) -> str:
    if panel.sharing == SHARED:
        # Without the request, nothing about the reader can reach the panel:
        # a plain Context runs no context processors, so no CSRF token either.
        shared = {key: value for key, value in context.flatten().items() if key not in PERSONAL_CONTEXT}
        return get_template(panel.template).render(shared)
    # As {% include %} does: the page's own context, so the context
    # processors do not run again for every panel.
    compiled = context.template.engine.get_template(panel.template)
    with context.push():
        return compiled.render(context)


def _keys(panels, fragments, request, story) -> dict:
    """Where each cacheable panel's copy for this request is kept."""
    keys = {}
    for panel in panels:
        if panel.sharing in (SHARED, ANONYMOUS):
            vary = [request.GET.get(name, "") for name in panel.vary_on]
            key = fragments.key(panel.sharing, panel.template, story.pk, *vary)
            if key is not None:
                keys[panel] = key
    return keys


@register.simple_tag(takes_context=True)
def story_panels(context, slot):
    """Render every panel registered for ``slot`` with the current page's context.

    With the page cache on (``request.page_fragments``, set by
    ``quicklooks.caching``), panels that may be shared come from the
    fragment cache in one read per slot, and only the missing ones render.
    """
    request = context.get("request")
    story = context.get("story")
    panels = panels_for(slot)
    fragments = getattr(request, "page_fragments", None)
    keys = _keys(panels, fragments, request, story) if fragments is not None and getattr(story, "pk", None) else {}
    found = fragments.get_many(list(keys.values())) if keys else {}
    rendered, fresh = [], {}
    for panel in panels:
        key = keys.get(panel)
        if key is not None and key in found:
            rendered.append(found[key])
            continue
        html = _render(panel, context)
        rendered.append(html)
        if key is not None and not (panel.sharing == ANONYMOUS and fragments.csrf_token_used(request)):
            fresh[key] = html
    if fresh:
        fragments.set_many(fresh)
    # Each panel is a template, autoescaped when it rendered; joining them
    # must not escape their markup a second time.
    return mark_safe("".join(rendered))
