"""Settings of the app under test: production settings plus the two extra
routes the comparisons need (stock Wagtail v2 API, the floor view). The
benchmark talks plain HTTP on 127.0.0.1, so cookies are not marked secure."""

from cms.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.city.urls"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
