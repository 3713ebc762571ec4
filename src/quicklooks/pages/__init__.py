"""The site's own furniture: the About and Privacy pages editors edit, and the navigation every page shows.

About and Privacy are ``django.contrib.flatpages`` pages, so editors change
them in the admin without a deploy; ``defaults`` writes the first versions.
The masthead's running topics come from here (``templatetags.navigation``)
because ``stories`` stays upstream of ``topics`` and may not ask it.
"""
