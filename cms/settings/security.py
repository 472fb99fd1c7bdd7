"""Sign-in security: who counts as inside, the second factor, login
throttling, session lifetimes and the audit log's retention. Every value can
be set from the environment (accounts/README.md lists them)."""

import os
from datetime import timedelta


def _list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _int(name, default):
    return int(os.environ.get(name, str(default)))


# --- networks ----------------------------------------------------------------
# Addresses inside the administration's network (CIDR). A sign-in from
# anywhere else needs a second factor.
INTERNAL_NETWORKS = _list("INTERNAL_NETWORKS", "127.0.0.0/8,::1/128")
# Reverse proxies (CIDR) whose X-Forwarded-For is believed. From any other
# address the header is ignored and the connecting address counts.
TRUSTED_PROXIES = _list("TRUSTED_PROXIES", "")

# --- second factor -------------------------------------------------------------
# The Wagtail admin (and /django-admin/) asks everyone who may publish or
# change rights for a second factor, from inside too.
MFA_REQUIRED_FOR_ADMIN = os.environ.get("MFA_REQUIRED_FOR_ADMIN", "1") == "1"
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Intranet Stadtverwaltung")
# Recovery codes handed out at a time.
MFA_RECOVERY_CODES = 10
# Passkeys: the relying party is the host the intranet answers to, unless
# set; allowed origins default to https://<that host>.
OTP_WEBAUTHN_RP_ID_CALLABLE = "accounts.webauthn.rp_id"
OTP_WEBAUTHN_RP_NAME = os.environ.get("OTP_WEBAUTHN_RP_NAME", "Intranet der Stadtverwaltung")
# Empty: the origin of the request (scheme and host Django accepted).
WEBAUTHN_ORIGINS = _list("WEBAUTHN_ORIGINS", "")
OTP_WEBAUTHN_ALLOWED_ORIGINS = WEBAUTHN_ORIGINS or ["https://localhost"]
OTP_WEBAUTHN_HELPER_CLASS = "accounts.webauthn.IntranetWebAuthnHelper"
# A passkey is a second factor here, never a sign-in on its own: sign-in
# always goes through a throttled password or SSO login.
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False

# --- throttling (django-axes, database handler: shared by all processes) -----
AUTHENTICATION_BACKENDS = [
    "accounts.backends.ThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = _int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=_int("LOGIN_COOLOFF_MINUTES", 15))
# Either limit locks: failures of one account (from anywhere) and failures
# from one address (for any account).
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "accounts.network.client_address_for_axes"
AXES_USERNAME_CALLABLE = "accounts.throttle.username_of"
AXES_LOCKOUT_CALLABLE = "accounts.throttle.lockout_response"
AXES_RESET_ON_SUCCESS = False
AXES_ENABLE_ADMIN = True
AXES_VERBOSE = False

# --- sessions ----------------------------------------------------------------
# Idle timeout and absolute lifetime of a signed-in session, in seconds.
SESSION_IDLE_TIMEOUT = _int("SESSION_IDLE_TIMEOUT", 2 * 60 * 60)
SESSION_MAX_AGE = _int("SESSION_MAX_AGE", 10 * 60 * 60)
SESSION_COOKIE_AGE = SESSION_MAX_AGE

# --- audit ---------------------------------------------------------------------
# Security entries of the audit log (intranet.*) older than this are purged
# by `manage.py purge_audit_log` (the clock runs it daily).
AUDIT_RETENTION_DAYS = _int("AUDIT_RETENTION_DAYS", 365)

# --- invitations ---------------------------------------------------------------
# Days an invitation code stays valid (the issuer may choose fewer, at most
# INVITATION_MAX_DAYS).
INVITATION_VALID_DAYS = _int("INVITATION_VALID_DAYS", 14)
INVITATION_MAX_DAYS = _int("INVITATION_MAX_DAYS", 30)
