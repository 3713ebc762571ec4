"""The site's own furniture: About and Privacy (pages editors edit), the corrections list, and the navigation's topics.

About and Privacy are ``django.contrib.flatpages`` pages, so editors change
them in the admin without a deploy; ``defaults`` writes the first versions.
The corrections page lists every correction the desk printed (``views``).
The masthead's running topics come from here (``templatetags.navigation``)
because ``stories`` stays upstream of ``topics`` and may not ask it.
"""
