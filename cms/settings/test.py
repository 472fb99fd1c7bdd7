"""Test settings: the database comes from DATABASE_URL (make test starts a
real PostgreSQL), the search engine from ELASTICSEARCH_URL."""

import os

from .base import *  # noqa: F403
from .base import SECRET_KEY

DEBUG = False
SECRET_KEY = SECRET_KEY or "test-only-not-secret"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests run tasks at once; tests of the queue itself switch to the database backend.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# One folder per pytest-xdist worker (gw0, gw1, …), so parallel workers never
# share files; tests/conftest.py gives each test its own folder anyway.
MEDIA_ROOT = BASE_DIR / ".run" / "test-media" / os.environ.get("PYTEST_XDIST_WORKER", "main")  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# pytest-xdist workers never share an index name either (search tests take a
# unique prefix per test on top of this: tests/search/conftest.py).
if os.environ.get("PYTEST_XDIST_WORKER"):
    SEARCH_INDEX_PREFIX = f"{SEARCH_INDEX_PREFIX}-{os.environ['PYTEST_XDIST_WORKER']}"  # noqa: F405
# Search tests switch indexing on with the search_engine fixture.
SEARCH_INDEXING_ENABLED = False
# Query statistics are written with the search, not batched (search/stats.py).
SEARCH_QUERY_STATS_FLUSH_SECONDS = 0
# The admin's second factor for publishers and rights holders is switched
# on by the tests of accounts/ (tests/accounts/); the other suites use the
# admin with force_login and no factor.
MFA_REQUIRED_FOR_ADMIN = False
