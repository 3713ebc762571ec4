"""The first About and Privacy pages: written once, then the editors' to change in the admin.

Used by this app's data migration with the historical models, and callable
again (``create_default_pages()``) on a database whose rows were flushed, as
the browser tests' live server does. A page that exists is never touched, so
an editor's text is never overwritten.
"""

from __future__ import annotations

from urllib.parse import urlsplit

ABOUT = """<p>{site} tells each story twice. The <strong>Quick Looks</strong> box at the top gives you the
whole story in a few lines; the <strong>Deep Look</strong> under it is the full report, with the quotes,
the figures and the background.</p>
<p>When the Quick Looks were written by software rather than by an editor, the page says so, and each
bullet links to the sentence of the Deep Look it came from. Editors review those bullets before they are
published, unless a page says otherwise.</p>
<p>Corrections are printed under the headline of the story they correct, with the date. To tell us
about an error, register and leave a comment under the story: editors read every report.</p>"""

PRIVACY = """<p>You can read every story on {site} without an account, and reading a story sets no cookie.</p>
<h2>What we keep when you register</h2>
<ul>
<li>Your email address, so you can log in and reset your password. It is never shown to other readers.</li>
<li>The display name you choose, shown beside your comments.</li>
<li>Your password, stored only as a salted hash.</li>
<li>Your comments and reactions, and reports you make about comments.</li>
</ul>
<h2>Cookies</h2>
<p>Logging in sets a session cookie, and forms set a cookie that protects them against forgery. There are
no advertising or tracking cookies, and no scripts from other companies.</p>
<h2>Newsletters</h2>
<p>If you subscribe to a newsletter we keep your address and which shows you chose. Every newsletter has a
one-click unsubscribe link.</p>
<h2>Leaving</h2>
<p>You can delete your account from your account page at any time, and choose whether your comments are
removed or kept without your name.</p>"""

PAGES = (
    ("/about/", "About {site}", ABOUT),
    ("/privacy/", "Privacy", PRIVACY),
)


def create_default_pages(flatpage_model=None, site_model=None) -> int:
    """Create the About and Privacy pages that do not exist yet; return how many were made."""
    from django.conf import settings

    if flatpage_model is None:
        from django.contrib.flatpages.models import FlatPage as flatpage_model
    if site_model is None:
        from django.contrib.sites.models import Site as site_model

    site = site_model.objects.filter(pk=settings.SITE_ID).first()
    if site is None:
        domain = urlsplit(settings.QUICKLOOKS_BASE_URL).netloc or "localhost"
        site = site_model.objects.create(pk=settings.SITE_ID, domain=domain, name=settings.QUICKLOOKS_SITE_NAME)
    made = 0
    for url, title, content in PAGES:
        if flatpage_model.objects.filter(url=url).exists():
            continue
        name = settings.QUICKLOOKS_SITE_NAME
        page = flatpage_model.objects.create(url=url, title=title.format(site=name), content=content.format(site=name))
        page.sites.add(site)
        made += 1
    return made
