"""Error pages that stay inside the site: a reader who hits one keeps the masthead and a way on."""

from __future__ import annotations

from django.shortcuts import render


def csrf_failure(request, reason: str = ""):
    """A refused form, explained, in the site's layout.

    Django's own view renders its template without the request, so the page
    would lose the site name and the reader's account links.
    """
    return render(request, "403_csrf.html", {"reason": reason}, status=403)
