// A real OpenID Connect provider for the sign-in tests and `make identity-demo`:
// node-oidc-provider (a certified OP library) with a small German login page that
// checks the password by an LDAP bind against the directory. It stands in for
// the city's identity provider (ADFS, Keycloak, Entra ID): code flow with PKCE
// required, the directory's stable id as `sub`, the groups in a `groups` claim,
// and `amr`/`acr` saying whether a second factor was used.
//
// Configuration (environment):
//   OP_PORT, OP_ISSUER            where it listens (127.0.0.1) and its issuer URL
//   OP_CLIENT_ID, OP_CLIENT_SECRET, OP_REDIRECT_URIS (comma-separated)
//   LDAP_URL, LDAP_BIND_DN, LDAP_BIND_PASSWORD, LDAP_USER_BASE
//   LDAP_USER_FILTER              e.g. (&(uid=%(user)s)(!(pwdAccountLockedTime=*)))
//   LDAP_STABLE_ID_ATTRIBUTE      the attribute that becomes `sub` (entryUUID)
//   OP_OTP_CODE                   the one-time code this test provider accepts as
//                                 a second factor (a stand-in for the real one)
import Provider from 'oidc-provider';
import { Client } from 'ldapts';
import { createServer } from 'node:http';
import { generateKeyPairSync, timingSafeEqual } from 'node:crypto';

const env = (name, fallback) => process.env[name] || fallback;
const PORT = Number(env('OP_PORT', '9099'));
const ISSUER = env('OP_ISSUER', `http://127.0.0.1:${PORT}`);
const LDAP_URL = env('LDAP_URL', 'ldap://127.0.0.1:389');
const BIND = [env('LDAP_BIND_DN', ''), env('LDAP_BIND_PASSWORD', '')];
const USER_BASE = env('LDAP_USER_BASE', 'ou=people,dc=stadt,dc=test');
const USER_FILTER = env('LDAP_USER_FILTER', '(uid=%(user)s)');
const STABLE_ID = env('LDAP_STABLE_ID_ATTRIBUTE', 'entryUUID');
const OTP_CODE = env('OP_OTP_CODE', '');
const ATTRIBUTES = ['uid', 'mail', 'givenName', 'sn', 'memberOf', STABLE_ID];

// RFC 4515: a value inside a filter escapes these characters.
const escapeFilter = (value) => value.replace(/[*()\\\0]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
const list = (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

async function withDirectory(work) {
  const client = new Client({ url: LDAP_URL, timeout: 5000, connectTimeout: 5000 });
  try {
    if (BIND[0]) await client.bind(...BIND);
    return await work(client);
  } finally {
    await client.unbind().catch(() => {});
  }
}

async function search(filter) {
  return withDirectory(async (client) => {
    const { searchEntries } = await client.search(USER_BASE, { scope: 'sub', filter, attributes: ATTRIBUTES });
    return searchEntries.length === 1 ? searchEntries[0] : undefined;
  });
}

// The person with this login name, only if the directory still lets them in.
const byLogin = (login) => search(USER_FILTER.replaceAll('%(user)s', escapeFilter(login)));
// The person with this stable id (the `sub` of a token), under the same filter,
// so a person disabled since the login gets no further tokens.
const bySub = (sub) => search(`(&(${STABLE_ID}=${escapeFilter(sub)})${USER_FILTER.replaceAll('%(user)s', '*')})`);

async function passwordMatches(dn, password) {
  if (!password) return false;
  const client = new Client({ url: LDAP_URL, timeout: 5000, connectTimeout: 5000 });
  try {
    await client.bind(dn, password);
    return true;
  } catch {
    return false;
  } finally {
    await client.unbind().catch(() => {});
  }
}

function codeMatches(code) {
  if (!OTP_CODE || !code) return false;
  const a = Buffer.from(code), b = Buffer.from(OTP_CODE);
  return a.length === b.length && timingSafeEqual(a, b);
}

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

const provider = new Provider(ISSUER, {
  clients: [{
    client_id: env('OP_CLIENT_ID', 'intranet'),
    client_secret: env('OP_CLIENT_SECRET', 'intranet-secret'),
    redirect_uris: env('OP_REDIRECT_URIS', 'http://127.0.0.1:8000/oidc/callback/').split(',').map((u) => u.trim()).filter(Boolean),
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), use: 'sig', alg: 'RS256' }] },
  claims: {
    // acr and amr say how the person signed in; the intranet reads them from the ID token.
    openid: ['sub', 'acr', 'amr', 'auth_time'],
    email: ['email'],
    profile: ['given_name', 'family_name', 'preferred_username'],
    groups: ['groups'],
  },
  scopes: ['openid', 'email', 'profile', 'groups'],
  acrValues: ['urn:stadt:acr:pwd', 'urn:stadt:acr:mfa'],
  features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
  // Every client must use PKCE: a relying party that forgets it fails here.
  pkce: { required: () => true },
  ttl: { Session: 8 * 3600, Interaction: 600, Grant: 8 * 3600 },
  async findAccount(ctx, sub) {
    const entry = await bySub(sub);
    if (!entry) return undefined;
    return {
      accountId: sub,
      async claims() {
        return {
          sub,
          email: entry.mail,
          given_name: entry.givenName,
          family_name: entry.sn,
          preferred_username: entry.uid,
          // Full DNs, so the intranet's one mapping (DN rules) applies as for LDAP and SAML.
          groups: list(entry.memberOf).map(String),
        };
      },
    };
  },
  // The intranet is a first-party client: no consent page.
  async loadExistingGrant(ctx) {
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope([...(ctx.oidc.requestParamScopes || ['openid'])].join(' '));
    grant.addOIDCClaims(['email', 'given_name', 'family_name', 'preferred_username', 'groups']);
    await grant.save();
    return grant;
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
});
provider.proxy = false;

const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (uid, error = '', login = '') => `<!doctype html>
<html lang="de"><head><meta charset="utf-8"><title>Anmeldung – Identitätsdienst der Stadt</title></head>
<body><main><h1>Identitätsdienst der Stadt</h1>
${error ? `<p role="alert">${error}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<p><label for="login">Benutzername</label> <input id="login" name="login" autocomplete="username" value="${escapeHtml(login)}"></p>
<p><label for="password">Passwort</label> <input id="password" name="password" type="password" autocomplete="current-password"></p>
<p><label for="otp">Einmalcode (zweiter Faktor, optional)</label> <input id="otp" name="otp" inputmode="numeric" autocomplete="one-time-code"></p>
<p><button type="submit">Anmelden</button></p>
</form></main></body></html>`;

function readForm(req) {
  return new Promise((resolve, reject) => {
    let data = '';
    req.on('data', (chunk) => {
      data += chunk;
      if (data.length > 10_000) reject(new Error('form too large'));
    });
    req.on('end', () => resolve(Object.fromEntries(new URLSearchParams(data))));
    req.on('error', reject);
  });
}

const handle = provider.callback();
createServer(async (req, res) => {
  const match = req.url.match(/^\/interaction\/([^/?]+)(\/login)?$/);
  if (!match) return handle(req, res);
  const html = (status, body) => {
    res.statusCode = status;
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(body);
  };
  try {
    const details = await provider.interactionDetails(req, res);
    if (!match[2]) return html(200, page(details.uid));
    if (req.method !== 'POST') return html(405, 'Nur POST.');
    const { login = '', password = '', otp = '' } = await readForm(req);
    const entry = login ? await byLogin(login) : undefined;
    // One message for an unknown name, a wrong password and a disabled account.
    if (!entry || !(await passwordMatches(entry.dn, password))) {
      return html(200, page(details.uid, 'Benutzername oder Passwort ist falsch.', login));
    }
    const secondFactor = codeMatches(otp.trim());
    if (otp.trim() && !secondFactor) {
      return html(200, page(details.uid, 'Der Einmalcode ist falsch.', login));
    }
    const sub = list(entry[STABLE_ID])[0];
    await provider.interactionFinished(req, res, {
      login: {
        accountId: String(sub),
        amr: secondFactor ? ['pwd', 'otp', 'mfa'] : ['pwd'],
        acr: secondFactor ? 'urn:stadt:acr:mfa' : 'urn:stadt:acr:pwd',
      },
    }, { mergeWithLastSubmission: false });
  } catch (err) {
    console.error(err);
    html(400, 'Die Anmeldung ist abgelaufen oder ungültig. Bitte beginnen Sie erneut.');
  }
}).listen(PORT, '127.0.0.1', () => console.log(`OP ${ISSUER} ready`));
