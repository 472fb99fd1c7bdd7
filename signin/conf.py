"""The settings of django-auth-ldap, built from the intranet's LDAP_* settings
(plain values, no Django imports, so cms/settings can call this)."""

# Per kind of directory: where people and groups are and how they are named.
DIALECT_DEFAULTS = {
    "openldap": {
        "LDAP_USER_FILTER": "(objectClass=inetOrgPerson)",
        "LDAP_GROUP_FILTER": "(|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames))",
        "LDAP_USERNAME_ATTRIBUTE": "uid",
        "LDAP_ID_ATTRIBUTE": "entryUUID",
        "LDAP_LOGIN_FILTER": "",
    },
    "ad": {
        "LDAP_USER_FILTER": "(&(objectCategory=person)(objectClass=user))",
        "LDAP_GROUP_FILTER": "(objectClass=group)",
        "LDAP_USERNAME_ATTRIBUTE": "sAMAccountName",
        "LDAP_ID_ATTRIBUTE": "objectGUID",
        # ACCOUNTDISABLE; AD refuses the bind as well, this keeps the search clean.
        "LDAP_LOGIN_FILTER": "(!(userAccountControl:1.2.840.113556.1.4.803:=2))",
    },
}


def resolved(values):
    """``values`` (a settings namespace) with every empty LDAP_* default of
    its dialect filled in."""
    dialect = DIALECT_DEFAULTS.get(values.get("LDAP_DIALECT") or "openldap")
    if dialect is None:
        raise ValueError(f"LDAP_DIALECT must be one of {', '.join(DIALECT_DEFAULTS)}")
    return {name: values.get(name) or default for name, default in dialect.items()}


def django_auth_ldap_settings(values):
    """The AUTH_LDAP_* settings (and the resolved LDAP_* names) for ``values``."""
    import ldap
    from django_auth_ldap.config import (
        LDAPSearch,
        NestedActiveDirectoryGroupType,
        NestedGroupOfNamesType,
    )

    names = resolved(values)
    user_filter = (
        f"(&{names['LDAP_USER_FILTER']}({names['LDAP_USERNAME_ATTRIBUTE']}=%(user)s)"
        f"{names['LDAP_LOGIN_FILTER']})"
    )
    result = {
        **names,
        "AUTH_LDAP_SERVER_URI": values["LDAP_URL"],
        "AUTH_LDAP_BIND_DN": values.get("LDAP_BIND_DN", ""),
        "AUTH_LDAP_BIND_PASSWORD": values.get("LDAP_BIND_PASSWORD", ""),
        "AUTH_LDAP_START_TLS": bool(values.get("LDAP_START_TLS")),
        # entryUUID is operational: it must be asked for by name.
        "AUTH_LDAP_USER_SEARCH": LDAPSearch(
            values["LDAP_USER_BASE"],
            ldap.SCOPE_SUBTREE,
            user_filter,
            ["*", names["LDAP_ID_ATTRIBUTE"]],
        ),
        "AUTH_LDAP_USER_ATTRLIST": ["*", names["LDAP_ID_ATTRIBUTE"]],
        "AUTH_LDAP_USER_ATTR_MAP": {"first_name": "givenName", "last_name": "sn", "email": "mail"},
        "AUTH_LDAP_ALWAYS_UPDATE_USER": True,
        "AUTH_LDAP_CACHE_TIMEOUT": 0,
        "AUTH_LDAP_CONNECTION_OPTIONS": {
            ldap.OPT_REFERRALS: 0,
            ldap.OPT_NETWORK_TIMEOUT: int(values.get("LDAP_TIMEOUT") or 10),
        },
    }
    if values.get("LDAP_GROUP_BASE"):
        result["AUTH_LDAP_GROUP_SEARCH"] = LDAPSearch(
            values["LDAP_GROUP_BASE"], ldap.SCOPE_SUBTREE, names["LDAP_GROUP_FILTER"]
        )
        result["AUTH_LDAP_GROUP_TYPE"] = (
            NestedActiveDirectoryGroupType()
            if values.get("LDAP_DIALECT") == "ad"
            else NestedGroupOfNamesType()
        )
    return result
