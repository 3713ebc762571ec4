"""Request hygiene every view relies on."""

from __future__ import annotations

NUL = "\x00"


class QueryNulMiddleware:
    """Drop NUL characters from query parameters before any view reads them.

    PostgreSQL refuses text containing NUL, so a filter such as
    ``?section=a%00b`` would fail inside the database with a server error.
    No stored text can hold a NUL (the story reader, the forms and the API
    all refuse one), so a parameter with one could never match anything: it
    is answered as the same parameter without it. Form posts are left to the
    forms, whose fields already reject NUL with a message naming the field.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if NUL in request.META.get("QUERY_STRING", "") or "%00" in request.META.get("QUERY_STRING", ""):
            cleaned = request.GET.copy()
            for key in list(cleaned.keys()):
                values = [value.replace(NUL, "") for value in cleaned.getlist(key)]
                del cleaned[key]
                cleaned.setlist(key.replace(NUL, ""), values)
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)
