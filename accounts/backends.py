"""The throttling backend, first in ``AUTHENTICATION_BACKENDS``."""

from axes.backends import AxesStandaloneBackend


class ThrottleBackend(AxesStandaloneBackend):
    """django-axes' check before any password is tried: a locked account or
    address gets no further. Calls without a request (management commands,
    the shell) come from no client and are not throttled."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        """Refuse a locked sign-in (``PermissionDenied``); otherwise None, so
        the next backend checks the password."""
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
