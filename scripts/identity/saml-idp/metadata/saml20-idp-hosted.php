<?php
// The hosted IdP: signs its assertions, names people by the directory's
// stable id (persistent NameID), sends their groups as memberOf, and says
// "second factor" (AuthnContext MobileTwoFactorContract) for the people in
// SSP_MFA_USERS, a stand-in for a provider that asked them for one.
$id = getenv('LDAP_ID_ATTRIBUTE') ?: 'entryUUID';
$metadata[rtrim(getenv('SSP_BASE_URL'), '/') . '/saml2/idp/metadata.php'] = [
    'host' => '__DEFAULT__',
    'privatekey' => 'idp.key',
    'certificate' => 'idp.crt',
    'auth' => 'directory',
    'attributes.NameFormat' => 'urn:oasis:names:tc:SAML:2.0:attrname-format:basic',
    'NameIDFormat' => 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
    'sign.logout' => true,
    'authproc' => [
        10 => [
            'class' => 'saml:AttributeNameID',
            'attribute' => $id,
            'Format' => 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
        ],
        20 => [
            'class' => 'core:PHP',
            'code' => '
                $mfa = array_filter(array_map("trim", explode(",", (string) getenv("SSP_MFA_USERS"))));
                $uid = $attributes["uid"][0] ?? "";
                if ($uid !== "" && in_array($uid, $mfa, true)) {
                    $state["saml:AuthnContextClassRef"] = "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract";
                }
            ',
        ],
    ],
];
