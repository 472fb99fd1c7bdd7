"""How API clients prove who they are: a bearer token (other frontends, the
mobile app) or the session cookie (the rendered site). Tokens are Wagtail's
own ``APIToken`` (hashed, revocable, listed in the admin); they expire
``API_TOKEN_MAX_AGE_DAYS`` days after they were issued."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rest_framework import authentication, exceptions
from wagtail.models import APIToken

# Attribute of the Django request with the ``(user, token)`` already checked.
TOKEN_CACHE = "_intranet_api_token"


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Bearer <token>``."""

    keyword = "Bearer"

    def authenticate(self, request):
        """``(user, token)`` for a valid bearer token, None without a bearer
        header; ``AuthenticationFailed`` for a wrong or revoked token.

        The closed-intranet middleware checks the token first and keeps the
        answer on the Django request, so the API view does not ask again."""
        django_request = getattr(request, "_request", request)
        found = getattr(django_request, TOKEN_CACHE, None)
        if found is None:
            found = self._check(request)
            if found is not None:
                setattr(django_request, TOKEN_CACHE, found)
        return found

    def _check(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Ungültiger Authorization-Header. Erwartet: „Bearer <Token>“.")
            )
        try:
            raw = header[1].decode()
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed(
                _("Das Token enthält ungültige Zeichen.")
            ) from exc
        token = None
        if APIToken.validate_token_format(raw):
            tokens = APIToken.objects.select_related("user").filter(
                key_hash__in=APIToken.candidate_key_hashes(raw), revoked_at__isnull=True
            )
            max_age = settings.API_TOKEN_MAX_AGE_DAYS
            if max_age > 0:
                tokens = tokens.filter(created__gte=timezone.now() - timedelta(days=max_age))
            token = tokens.first()
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Das Token ist ungültig oder widerrufen."))
        self._touch(token)
        return token.user, token

    def _touch(self, token):
        interval = getattr(settings, "WAGTAILAPI_TOKEN_LAST_USED_INTERVAL", 60)
        now = timezone.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() >= interval:
            APIToken.objects.filter(pk=token.pk).update(last_used_at=now)

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'


class SessionAuthentication(authentication.SessionAuthentication):
    """The session cookie of the rendered site (with Django's CSRF check on writes)."""

    def authenticate_header(self, request):
        # A 401 (not 403) for a missing login, so clients know to authenticate.
        return 'Bearer realm="api"'
