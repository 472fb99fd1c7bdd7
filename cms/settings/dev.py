"""Development settings: `make dev` and `manage.py`: the embedded default
with DEBUG on (Django's debug pages, static files from the apps)."""

from .base import *  # noqa: F403
from .base import SECRET_KEY, env_list

DEBUG = True
SECRET_KEY = SECRET_KEY or "dev-only-not-secret"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
