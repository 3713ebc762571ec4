"""Story page parts rendered once per content generation, or taken from the fragment cache.

- ``{% story_panels "slot" %}``: every panel registered for a slot;
- ``{% shared_part "name" value… %}…{% endshared_part %}``: a stretch of the
  page itself that is the same for every reader (the story's header, Quick
  Looks box, Deep Look and the panels under them), stored as one fragment
  keyed by the content token, ``name`` and the values, so a page render after
  an approved comment reads it back instead of rendering it (and reading the
  story's blocks, Quick Looks, bylines and tags: ``views.StoryBody``).

A shared part renders like a ``SHARED`` panel, from the page context without
the request, the reader, their messages or CSRF token, whether or not it is
cached, so what the cache stores is what every render shows; a panel inside
it must be ``SHARED`` too. What a part needs of the request it is given as a
named value (``current_path=request.path``): varied on, like the others, and
the only part of the request it can see. The page template's name is in the
key too, so a ``{% block %}`` inside a part (the masthead's, in
``quicklooks/base.html``) may be overridden by the page, as it would be
outside one.
"""

from django import template
from django.core.exceptions import ImproperlyConfigured
from django.template import Context
from django.template.loader_tags import BLOCK_CONTEXT_KEY
from django.template.loader import get_template
from django.utils.safestring import mark_safe

from quicklooks.stories.panels import ANONYMOUS, PERSONAL_CONTEXT, SHARED, panels_for

register = template.Library()

# Set in the context a shared part renders with: panels inside it may not be personal.
_IN_SHARED_PART = "_quicklooks_shared_part"


def _shared_values(context) -> dict:
    # Without the request, nothing about the reader can reach the part: a
    # plain Context runs no context processors, so no CSRF token either.
    return {key: value for key, value in context.flatten().items() if key not in PERSONAL_CONTEXT}


def _load_story_body(context) -> None:
    """Before a part renders from the database: the story's related rows, in one query each (``views.StoryBody``)."""
    body = context.get("story_body")
    if body is not None:
        body.load()


def _render(panel, context) -> str:
    if panel.sharing == SHARED:
        # The panels that read the story's related rows (facts, metadata, related stories).
        _load_story_body(context)
        return get_template(panel.template).render(_shared_values(context))
    if context.get(_IN_SHARED_PART):
        raise ImproperlyConfigured(
            f"{panel.template} is a {panel.sharing} panel in a slot inside {{% shared_part {context[_IN_SHARED_PART]!r} %}}, "
            "which every reader shares: register it with sharing=panels.SHARED, or move its slot out of the shared part."
        )
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


class SharedPartNode(template.Node):
    def __init__(self, name, values, named, slots, nodelist):
        self.name, self.values, self.named, self.slots, self.nodelist = name, values, named, slots, nodelist

    def render(self, context):
        name = self.name.resolve(context)
        if any(panel.sharing != SHARED for slot in self.slots for panel in panels_for(slot)):
            # A panel in one of its slots is the reader's own (or shows comments):
            # then the part is not the same for everyone, and renders as the page does.
            return self.nodelist.render(context)
        named = {key: value.resolve(context) for key, value in self.named.items()}
        request = context.get("request")
        fragments = getattr(request, "page_fragments", None)
        key = None
        if fragments is not None:
            page = getattr(context.template, "name", None)
            values = [value.resolve(context) for value in self.values]
            key = fragments.key(SHARED, f"part:{name}", page, *values, *sorted(named.items()))
            found = fragments.get_many([key]) if key is not None else {}
            if key in found:
                return found[key]
        if self.slots:
            # A part with story panels in it is the story's own: its panels and
            # markup read the story's related rows.
            _load_story_body(context)
        shared = Context({**_shared_values(context), **named, _IN_SHARED_PART: name}, autoescape=context.autoescape)
        blocks = context.render_context.get(BLOCK_CONTEXT_KEY)
        if blocks is not None:
            # The page's overrides of blocks inside the part (a new Context starts without them).
            shared.render_context[BLOCK_CONTEXT_KEY] = blocks
        with shared.bind_template(context.template):
            html = mark_safe(self.nodelist.render(shared))
        if key is not None:
            fragments.set_many({key: html})
        return html


@register.tag("shared_part")
def shared_part(parser, token):
    """``{% shared_part "name" value… name=value… slots="slot …" %}…{% endshared_part %}``.

    The values are what the part varies on (the story's pk); a named value
    is varied on too, and is the part's to show under that name (what it
    needs of the request). ``slots`` names the story panel slots inside it,
    which must hold only ``SHARED`` panels for the part to be shared
    (otherwise it renders for each request, uncached).
    """
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError('{% shared_part "name" value… slots="…" %} needs a name, then what the part varies on.')
    slots: tuple[str, ...] = ()
    values, named = [], {}
    for bit in bits[2:]:
        if bit.startswith("slots="):
            slots = tuple(bit.split("=", 1)[1].strip("\"'").split())
        elif "=" in bit and bit.split("=", 1)[0].isidentifier():
            key, value = bit.split("=", 1)
            named[key] = parser.compile_filter(value)
        else:
            values.append(parser.compile_filter(bit))
    nodelist = parser.parse(("endshared_part",))
    parser.delete_first_token()
    return SharedPartNode(parser.compile_filter(bits[1]), values, named, slots, nodelist)
