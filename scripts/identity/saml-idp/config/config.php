<?php
// SimpleSAMLphp as the SAML IdP of the sign-in tests and `make identity-demo`.
// Everything that differs per run comes from the environment that
// scripts/identity/saml-idp.sh sets (SSP_DIR, SSP_BASE_URL, SSP_SECRET).
$dir = getenv('SSP_DIR');
$config = [
    'baseurlpath' => rtrim(getenv('SSP_BASE_URL'), '/') . '/',
    'certdir' => "$dir/cert/",
    'metadatadir' => getenv('SSP_CONFIG_SOURCE') . '/metadata/',
    'loggingdir' => "$dir/log/",
    'datadir' => "$dir/data/",
    'tempdir' => "$dir/tmp/",
    'technicalcontact_name' => 'IT-Service',
    'technicalcontact_email' => 'it@stadt.example',
    'secretsalt' => getenv('SSP_SECRET'),
    'auth.adminpassword' => getenv('SSP_SECRET'),
    'admin.protectindexpage' => true,
    'admin.protectmetadata' => false,
    'timezone' => 'Europe/Berlin',
    'logging.level' => SimpleSAML\Logger::NOTICE,
    'logging.handler' => 'file',
    'logging.logfile' => 'simplesamlphp.log',
    'enable.saml20-idp' => true,
    'module.enable' => ['ldap' => true, 'core' => true, 'saml' => true, 'admin' => true, 'exampleauth' => false],
    'store.type' => 'phpsession',
    'session.cookie.secure' => false,
    'session.cookie.samesite' => 'Lax',
    'session.phpsession.savepath' => "$dir/tmp",
    'language.default' => 'de',
    'language.available' => ['de', 'en'],
];
