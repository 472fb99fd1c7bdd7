"""Settings shared by every environment. Everything that differs between
machines comes from environment variables (see design.md and the README)."""

import os
from pathlib import Path

from django.utils.translation import gettext_lazy as _

import dj_database_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_list(name, default=""):
    """A comma-separated environment variable as a list without blanks."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

INSTALLED_APPS = [
    "cms",
    "cms.permissions",
    "cms.rights",
    "cms.api",
    "home",
    "offices",
    "cms.notifications",
    "workspaces",
    "workspaces.documents",
    "workspaces.calendar",
    "workspaces.discussions",
    "workspaces.glossary",
    "search",
    "demo",
    "directory",
    "accounts",
    "signin",
    "djangosaml2",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Wagtail's admin uses humanize's naturaltime („vor 28 Sekunden“, workflow
    # status); its German catalogue only loads when the app is installed.
    "django.contrib.humanize",
    # Second factor (TOTP, recovery codes, passkeys) and login throttling:
    # accounts/README.md.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SessionLifetimeMiddleware",
    "signin.middleware.ActiveUserMiddleware",
    "djangosaml2.middleware.SamlSessionMiddleware",
    "cms.middleware.IntranetLoginRequiredMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "cms.admin_guard.AdminVisibilityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "cms.middleware.UniformNotFoundMiddleware",
    # Last: turns a throttled sign-in into the German lockout answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "cms.context_processors.navigation",
                "cms.notifications.context_processors.notification_badge",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

# SQLite for many threads and a worker at once: write-ahead logging (readers
# never wait for a writer), a busy timeout instead of "database is locked", and
# transactions that take the write lock when they begin (a deferred
# transaction that reads first and writes later cannot wait for the lock, it
# fails at once).
SQLITE_OPTIONS = {
    "init_command": (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=60000;"
    ),
    "transaction_mode": "IMMEDIATE",
    # Under load on two cores, writers queued for 20 s (a workspace creation
    # is a long transaction); gunicorn's own request timeout is 120 s.
    "timeout": 60,
}


def database_settings(url=None):
    """The default database: ``DATABASE_URL`` (or ``url``), else the SQLite
    file in the project folder; SQLite gets ``SQLITE_OPTIONS``."""
    config = dj_database_url.parse(
        url or os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {**config.get("OPTIONS", {}), **SQLITE_OPTIONS}
    return config


# The embedded default is a SQLite file in the project folder; DATABASE_URL
# switches to PostgreSQL (or any database Django supports).
DATABASES = {"default": database_settings()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in, second factor, throttling, sessions and audit: cms/settings/security.py.
from .security import *  # noqa: E402, F403

# Directory, OpenID Connect, SAML 2 and the authentication backends: cms/settings/signin.py.
from .signin import *  # noqa: E402, F403

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

# German first, English second (through wagtail-localize).
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch")), ("en", _("Englisch"))]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# locale/: the catalogues of our strings (German source, English for the
# English locale); locale-wagtail/: where Wagtail's German is missing or wrong.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale-wagtail"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static"))
STATIC_URL = "/static/"

# Uploaded files are never served straight from MEDIA_URL: documents and
# images go through views that check who may see them.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Wagtail ---------------------------------------------------------------
WAGTAIL_SITE_NAME = "Stadtverwaltung Intranet"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# vtt: captions of uploaded videos (required by cms.blocks.VideoBlock); webm: videos.
WAGTAILDOCS_EXTENSIONS = [
    *("pdf", "docx", "xlsx", "odt", "ods", "pptx", "txt", "csv", "mp4", "webm", "vtt", "zip")
]
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# The admin's document and image forms run the shared upload check (cms/uploads.py).
WAGTAILDOCS_DOCUMENT_FORM_BASE = "cms.forms.IntranetDocumentForm"
WAGTAILIMAGES_IMAGE_FORM_BASE = "cms.forms.IntranetImageForm"
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_MODERATION_ENABLED = True
# The banner links to Wagtail's English release notes and editor guide.
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAILAPI_LIMIT_MAX = 100
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL

# Search: without ELASTICSEARCH_URL, Wagtail's database backend.
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
SEARCH_BACKEND = os.environ.get("SEARCH_BACKEND", "")
SEARCH_INDEX_PREFIX = os.environ.get("SEARCH_INDEX_PREFIX", "intranet")
# Signal handlers enqueue indexing tasks only when this is on (off in tests).
SEARCH_INDEXING_ENABLED = True
# Query statistics are counted in memory and written in one batch this often
# (search/stats.py), not with every search.
SEARCH_QUERY_STATS_FLUSH_SECONDS = float(os.environ.get("SEARCH_QUERY_STATS_FLUSH_SECONDS", "5"))
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# --- background work ---------------------------------------------------------
# Notifications, indexing and imports are tasks on the database backend, so
# nothing is lost when a process or the search engine is down.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- API -------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "cms.api.authentication.BearerTokenAuthentication",
        "cms.api.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "EXCEPTION_HANDLER": "cms.api.views.api_exception_handler",
    # Bodies are checked while parsed (depth, characters, numbers): cms/api/validation.py.
    "DEFAULT_PARSER_CLASSES": [
        "cms.api.validation.SafeJSONParser",
        "cms.api.validation.SafeFormParser",
        "cms.api.validation.SafeMultiPartParser",
    ],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# A failed CSRF check answers JSON on the API and Django's page elsewhere.
CSRF_FAILURE_VIEW = "cms.api.errors.csrf_failure"
# Bearer tokens older than this many days are refused (0: no expiry).
API_TOKEN_MAX_AGE_DAYS = int(os.environ.get("API_TOKEN_MAX_AGE_DAYS", "90"))

# --- directory (LDAP / Active Directory) ---------------------------------------
# manage.py sync_directory reads people and groups from here (README: "Das
# Verzeichnis der Stadt anbinden"). Without LDAP_URL there is no directory and
# the clock of `make run` does not run the sync.
LDAP_URL = os.environ.get("LDAP_URL", "")
LDAP_BIND_DN = os.environ.get("LDAP_BIND_DN", "")
LDAP_BIND_PASSWORD = os.environ.get("LDAP_BIND_PASSWORD", "")
LDAP_START_TLS = os.environ.get("LDAP_START_TLS", "") in ("1", "true", "yes")
LDAP_USER_BASE = os.environ.get("LDAP_USER_BASE", "")
LDAP_GROUP_BASE = os.environ.get("LDAP_GROUP_BASE", "")
# "openldap" or "ad": the defaults of the next five (directory/config.py DIALECTS).
LDAP_DIALECT = os.environ.get("LDAP_DIALECT", "openldap")
LDAP_USER_FILTER = os.environ.get("LDAP_USER_FILTER", "")
LDAP_GROUP_FILTER = os.environ.get("LDAP_GROUP_FILTER", "")
LDAP_ID_ATTRIBUTE = os.environ.get("LDAP_ID_ATTRIBUTE", "")  # entryUUID / objectGUID
LDAP_CHANGE_ATTRIBUTE = os.environ.get("LDAP_CHANGE_ATTRIBUTE", "")  # modifyTimestamp / uSNChanged
LDAP_USERNAME_ATTRIBUTE = os.environ.get("LDAP_USERNAME_ATTRIBUTE", "")  # uid / sAMAccountName
# Other attribute names, "field=attribute,…" (fields: first_name, last_name,
# email, phone, room, title, employee_number, office, department, manager_dn).
LDAP_ATTRIBUTE_MAP = dict(
    item.split("=", 1) for item in env_list("LDAP_ATTRIBUTE_MAP") if "=" in item
)
LDAP_PAGE_SIZE = int(os.environ.get("LDAP_PAGE_SIZE", "500"))
LDAP_TIMEOUT = int(os.environ.get("LDAP_TIMEOUT", "10"))
# The mapping group → unit membership / role (default config/directory.yaml).
DIRECTORY_CONFIG = os.environ.get("DIRECTORY_CONFIG", "")
# A run that would deactivate more than this share of the active directory
# people is refused (a broken base DN must not lock out the city).
DIRECTORY_MAX_DEACTIVATE_PERCENT = float(os.environ.get("DIRECTORY_MAX_DEACTIVATE_PERCENT", "5"))

# --- mail ------------------------------------------------------------------
# Mail (Wagtail's workflow notifications included) is queued as a task and
# delivered in the background by the backend named in EMAIL_BACKEND, so a mail
# server outage loses nothing.
EMAIL_BACKEND = "home.tasks.TaskEmailBackend"
INTRANET_EMAIL_DELIVERY_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "intranet@stadt.example")
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False

# --- demo --------------------------------------------------------------------
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "demo")

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Custom media models: required alt text, extracted document text, and
# renditions served through a checked view.
WAGTAILIMAGES_IMAGE_MODEL = "cms.IntranetImage"
WAGTAILDOCS_DOCUMENT_MODEL = "cms.IntranetDocument"
