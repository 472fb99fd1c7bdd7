"""A deactivated person is signed out on their next request, whatever backend
signed them in."""

from django.contrib.auth import logout


class ActiveUserMiddleware:
    """Log out a signed-in user whose account is no longer active.

    Every backend of ``signin`` already refuses inactive users in
    ``get_user`` (django-auth-ldap's and mozilla-django-oidc's own do not);
    this is the second line for a session made by any other backend, so a
    deactivation by the directory sync ends open sessions at once. Runs after
    ``AuthenticationMiddleware``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not user.is_active:
            logout(request)
        return self.get_response(request)
