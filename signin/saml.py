"""Single sign-on with SAML 2 (djangosaml2 on pysaml2, signatures checked by
the ``xmlsec1`` program): the service provider's configuration built from the
settings, the user matched by the persistent NameID or a configured stable-id
attribute (never the e-mail address), offices from the groups attribute, and
a second factor recognised from the AuthnContext."""

import threading
import time

from django.conf import settings

import saml2
from djangosaml2.backends import Saml2Backend
from saml2.config import SPConfig
from saml2.saml import NAMEID_FORMAT_PERSISTENT

from . import identity

_cache = {}
_lock = threading.Lock()
# The IdP's metadata is read when the configuration is built; build it once
# per base URL for this long instead of on every SAML request.
CONFIG_SECONDS = 600


def base_url(request=None):
    """The intranet's own URL as the IdP sees it: SAML_SP_BASE_URL, else the request's."""
    if settings.SAML_SP_BASE_URL:
        return settings.SAML_SP_BASE_URL.rstrip("/")
    return request.build_absolute_uri("/").rstrip("/") if request is not None else ""


def config_dict(base):
    """The pysaml2 SP configuration for the intranet at ``base``."""
    metadata = settings.SAML_IDP_METADATA
    source = (
        {"remote": [{"url": metadata}]}
        if metadata.startswith(("http://", "https://"))
        else {"local": [metadata]}
    )
    signing = bool(settings.SAML_SP_KEY_FILE and settings.SAML_SP_CERT_FILE)
    config = {
        "xmlsec_binary": settings.SAML_XMLSEC_BINARY,
        "entityid": settings.SAML_SP_ENTITY_ID or f"{base}/saml2/metadata/",
        "allow_unknown_attributes": True,
        "service": {
            "sp": {
                "name": "Intranet der Stadtverwaltung",
                "name_id_format": NAMEID_FORMAT_PERSISTENT,
                "endpoints": {
                    "assertion_consumer_service": [(f"{base}/saml2/acs/", saml2.BINDING_HTTP_POST)],
                    "single_logout_service": [
                        (f"{base}/saml2/ls/", saml2.BINDING_HTTP_REDIRECT),
                        (f"{base}/saml2/ls/post/", saml2.BINDING_HTTP_POST),
                    ],
                },
                "allow_unsolicited": False,
                "authn_requests_signed": signing,
                "logout_requests_signed": signing,
                "want_assertions_signed": True,
                "want_response_signed": False,
            }
        },
        "metadata": source,
    }
    if signing:
        config["key_file"] = settings.SAML_SP_KEY_FILE
        config["cert_file"] = settings.SAML_SP_CERT_FILE
        config["encryption_keypairs"] = [
            {"key_file": settings.SAML_SP_KEY_FILE, "cert_file": settings.SAML_SP_CERT_FILE}
        ]
    return config


def config_loader(request=None):
    """djangosaml2's SAML_CONFIG_LOADER: the SP configuration, cached per base URL."""
    base = base_url(request)
    key = (base, settings.SAML_IDP_METADATA)
    with _lock:
        found = _cache.get(key)
        if found and found[0] > time.monotonic():
            return found[1]
    config = SPConfig()
    config.load(config_dict(base))
    with _lock:
        _cache[key] = (time.monotonic() + CONFIG_SECONDS, config)
    return config


def says_mfa(session_info):
    """Whether the assertion's AuthnContext is one of SAML_MFA_AUTHN_CONTEXTS."""
    wanted = set(settings.SAML_MFA_AUTHN_CONTEXTS)
    return any(entry and entry[0] in wanted for entry in session_info.get("authn_info") or [])


def _first(attributes, name):
    values = attributes.get(name) or []
    return str(values[0]) if values else ""


class IntranetSaml2Backend(Saml2Backend):
    """djangosaml2 with the intranet's rules (see the module docstring);
    ``get_user`` is Django's, which refuses inactive users."""

    def authenticate(
        self,
        request,
        session_info=None,
        attribute_mapping=None,
        create_unknown_user=True,
        assertion_info=None,
        **kwargs,
    ):
        """The user of a verified SAML assertion (djangosaml2's ACS view
        checked the signature, audience and the outstanding request)."""
        if not session_info or "ava" not in session_info:
            return None
        attributes = session_info["ava"]
        if settings.SAML_STABLE_ID_ATTRIBUTE:
            stable_id = _first(attributes, settings.SAML_STABLE_ID_ATTRIBUTE)
        else:
            name_id = session_info.get("name_id")
            stable_id = getattr(name_id, "text", "") or ""
        if not stable_id:
            return None
        person = identity.Person(
            stable_id=stable_id,
            username=_first(attributes, settings.SAML_USERNAME_ATTRIBUTE),
            email=_first(attributes, "mail"),
            first_name=_first(attributes, "givenName"),
            last_name=_first(attributes, "sn"),
            groups=list(attributes.get(settings.SAML_GROUPS_ATTRIBUTE) or []),
            source="saml",
        )
        user = identity.sign_in(person)
        if user is not None:
            user.signin_mfa = says_mfa(session_info)
        return user
