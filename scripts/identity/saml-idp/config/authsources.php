<?php
// People sign in with their directory password: the ldap:LDAP source finds
// them with the service account (filter: LDAP_LOGIN_FILTER, e.g. not
// disabled) and checks the password by binding as them.
$extra = getenv('LDAP_LOGIN_FILTER');
$config = [
    'admin' => ['core:AdminPassword'],
    'directory' => [
        'ldap:LDAP',
        'hostname' => getenv('LDAP_URL'),
        'enable_tls' => false,
        'timeout' => 5,
        'attributes' => ['uid', 'mail', 'givenName', 'sn', 'memberOf', getenv('LDAP_ID_ATTRIBUTE') ?: 'entryUUID'],
        'search.enable' => true,
        'search.base' => getenv('LDAP_USER_BASE'),
        'search.attributes' => [getenv('LDAP_USERNAME_ATTRIBUTE') ?: 'uid'],
        'search.filter' => $extra ?: null,
        'search.username' => getenv('LDAP_BIND_DN'),
        'search.password' => getenv('LDAP_BIND_PASSWORD'),
        'priv.read' => true,
        'priv.username' => getenv('LDAP_BIND_DN'),
        'priv.password' => getenv('LDAP_BIND_PASSWORD'),
    ],
];
