"""Settings of `make run`: the embedded default (SQLite file, database task
queue) served like production, with DEBUG off, German error pages and static
files through WhiteNoise, but with local development secrets and hosts."""

from .base import *  # noqa: F403
from .base import SECRET_KEY, env_list

DEBUG = False
SECRET_KEY = SECRET_KEY or "embedded-only-not-secret"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
# WhiteNoise serves the static files straight from the apps' folders (no
# collectstatic step before the first start); production collects them.
WHITENOISE_USE_FINDERS = True
# Nothing is collected, so there is no STATIC_ROOT for WhiteNoise to watch.
STATIC_ROOT = None
