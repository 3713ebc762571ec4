"""Keep pages rendered for a signed-in reader out of shared caches."""

from django.utils.cache import patch_cache_control, patch_vary_headers


class PrivateForReadersMiddleware:
    """Pages for a signed-in reader carry their name, forms and buttons: never share them.

    Anonymous pages are left alone so a page cache may store them (Django's
    session middleware already adds ``Vary: Cookie`` whenever a page looked at
    the session).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_vary_headers(response, ("Cookie",))
            patch_cache_control(response, private=True, no_cache=True)
        return response
