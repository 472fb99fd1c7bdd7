<?php
// The intranet as service provider, at SP_BASE_URL (one or more, comma-separated).
foreach (array_filter(array_map('trim', explode(',', (string) getenv('SP_BASE_URLS')))) as $base) {
    $base = rtrim($base, '/');
    $metadata["$base/saml2/metadata/"] = [
        'AssertionConsumerService' => "$base/saml2/acs/",
        'SingleLogoutService' => "$base/saml2/ls/",
        'NameIDFormat' => 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
        'validate.authnrequest' => false,
    ];
}
