import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type KeyLike } from 'jose';
import { demoUsers, type DemoUser } from './demo-users';

export interface IdentityServerOptions {
  port: number;
  audience: string;
  /** Public base URL; defaults to http://127.0.0.1:<port>. */
  issuer?: string;
  tokenTtlSeconds?: number;
  /**
   * Opens `POST /test/tokens`, which signs tokens the issuer would never hand out (expired, without
   * `exp`, another `typ`), so that tests can show the API refuses them although the signature is
   * good. Only with NODE_ENV=test: this issuer is never deployed, but must not mint at will in a demo.
   */
  testMinting?: boolean;
}

export interface RunningIdentityServer {
  issuer: string;
  close(): Promise<void>;
}

interface PendingCode {
  user: DemoUser;
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  scope: string;
  nonce: string | null;
  expiresAt: number;
}

/** What `POST /test/tokens` accepts: a demo user's token, changed as the test asks. */
interface MintRequest {
  username: string;
  /** The protected header's `typ`; null leaves it out. Default: an access token's `at+jwt`. */
  typ?: string | null;
  /** Seconds until `exp`, negative for a token that has expired already. */
  expiresIn?: number;
  /** Claims to add or replace (e.g. `{ typ: 'ID' }`). */
  claims?: Record<string, unknown>;
  /** Claims to leave out (e.g. `['exp']`). */
  omit?: string[];
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/**
 * A small OpenID Connect issuer for local use: discovery, JWKS, the password grant (tests, CLI)
 * and the authorization-code grant with PKCE (the web app). Tokens are real RS256 JWTs; the API
 * verifies them exactly as it would those of a Landkreis's Keycloak.
 */
export async function startIdentityServer(opts: IdentityServerOptions): Promise<RunningIdentityServer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const kid = randomUUID();
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const codes = new Map<string, PendingCode>();
  const ttl = opts.tokenTtlSeconds ?? 3600;
  let issuer = opts.issuer ?? '';

  const issueToken = (user: DemoUser, clientId: string) =>
    signAccessToken(privateKey, kid, issuer, opts.audience, user, clientId, ttl);
  /**
   * The token response. An OpenID request (scope `openid`) also gets an ID token, as Keycloak
   * gives one: addressed to the client, meant for the client alone, never to be sent to the API.
   */
  const tokenResponse = async (user: DemoUser, clientId: string, scope: string, nonce: string | null) => ({
    access_token: await issueToken(user, clientId),
    ...(scope.split(' ').includes('openid')
      ? { id_token: await signIdToken(privateKey, kid, issuer, user, clientId, nonce, ttl) }
      : {}),
    token_type: 'Bearer',
    expires_in: ttl,
    scope,
  });

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => json(res, 500, { error: 'server_error', error_description: String(err) }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', issuer);
    if (req.method === 'GET' && url.pathname === '/.well-known/openid-configuration') {
      return json(res, 200, {
        issuer,
        jwks_uri: `${issuer}/jwks`,
        token_endpoint: `${issuer}/token`,
        authorization_endpoint: `${issuer}/authorize`,
        grant_types_supported: ['authorization_code', 'password'],
        response_types_supported: ['code'],
        code_challenge_methods_supported: ['S256'],
        id_token_signing_alg_values_supported: ['RS256'],
        subject_types_supported: ['public'],
      });
    }
    if (req.method === 'GET' && url.pathname === '/jwks') return json(res, 200, { keys: [jwk] });
    if (url.pathname === '/authorize') return authorize(req, res, url);
    if (req.method === 'POST' && url.pathname === '/token') {
      const form = new URLSearchParams(await readBody(req));
      const grant = form.get('grant_type');
      const clientId = form.get('client_id') ?? '';
      if (!clientId) return json(res, 400, { error: 'invalid_client', error_description: 'client_id is required' });
      if (grant === 'password') {
        const user = demoUsers.find((u) => u.username === form.get('username'));
        if (!user || user.password !== form.get('password')) {
          return json(res, 400, { error: 'invalid_grant', error_description: 'unknown user or wrong password' });
        }
        return json(res, 200, await tokenResponse(user, clientId, form.get('scope') ?? '', null));
      }
      if (grant === 'authorization_code') {
        const code = codes.get(form.get('code') ?? '');
        codes.delete(form.get('code') ?? '');
        const verifier = form.get('code_verifier') ?? '';
        const challenge = createHash('sha256').update(verifier).digest('base64url');
        if (
          !code ||
          code.expiresAt < Date.now() ||
          code.clientId !== clientId ||
          code.redirectUri !== form.get('redirect_uri') ||
          code.codeChallenge !== challenge
        ) {
          return json(res, 400, {
            error: 'invalid_grant',
            error_description: 'code invalid, expired or PKCE mismatch',
          });
        }
        return json(res, 200, await tokenResponse(code.user, clientId, code.scope, code.nonce));
      }
      return json(res, 400, { error: 'unsupported_grant_type' });
    }
    if (opts.testMinting && req.method === 'POST' && url.pathname === '/test/tokens') {
      const ask = JSON.parse(await readBody(req)) as MintRequest;
      const user = demoUsers.find((u) => u.username === ask.username);
      if (!user) return json(res, 400, { error: 'unknown user' });
      return json(res, 200, { token: await mint(privateKey, kid, issuer, opts.audience, user, ask, ttl) });
    }
    json(res, 404, { error: 'not_found' });
  }

  async function authorize(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const params = req.method === 'POST' ? new URLSearchParams(await readBody(req)) : url.searchParams;
    const clientId = params.get('client_id') ?? '';
    const redirectUri = params.get('redirect_uri') ?? '';
    const state = params.get('state') ?? '';
    const challenge = params.get('code_challenge') ?? '';
    if (!clientId || !redirectUri || !challenge || params.get('code_challenge_method') !== 'S256') {
      return json(res, 400, {
        error: 'invalid_request',
        error_description: 'client_id, redirect_uri and an S256 code_challenge are required',
      });
    }
    let error = '';
    if (req.method === 'POST') {
      const user = demoUsers.find((u) => u.username === params.get('username'));
      if (user && user.password === params.get('password')) {
        const code = randomBytes(24).toString('base64url');
        codes.set(code, {
          user,
          clientId,
          redirectUri,
          codeChallenge: challenge,
          scope: params.get('scope') ?? '',
          nonce: params.get('nonce'),
          expiresAt: Date.now() + 60_000,
        });
        const to = new URL(redirectUri);
        to.searchParams.set('code', code);
        if (state) to.searchParams.set('state', state);
        res.writeHead(302, { location: to.toString() }).end();
        return;
      }
      error = 'Benutzername oder Passwort ist falsch.';
    }
    const hidden = ['client_id', 'redirect_uri', 'state', 'code_challenge', 'code_challenge_method', 'scope', 'nonce']
      .map((k) => `<input type="hidden" name="${k}" value="${escapeHtml(params.get(k) ?? '')}">`)
      .join('');
    const options = demoUsers.map((u) => `<li><code>${u.username}</code> – ${escapeHtml(u.name)}</li>`).join('');
    res.writeHead(error ? 401 : 200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Anmeldung – hilfenetz</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#1a1a1a}
label{display:block;margin-top:1rem}input[type=text],input[type=password]{width:100%;padding:.6rem;font-size:1rem}
button{margin-top:1.5rem;padding:.7rem 1.4rem;font-size:1rem;background:#0b4f8a;color:#fff;border:0;border-radius:4px}
.err{color:#9b1c1c}</style></head><body>
<h1>Anmeldung bei hilfenetz</h1><p>Lokaler Anmeldedienst (Demo, Landkreis Lindenau).</p>
${error ? `<p class="err" role="alert">${error}</p>` : ''}
<form method="post" action="/authorize">${hidden}
<label for="username">Benutzername</label><input id="username" name="username" type="text" autocomplete="username" required autofocus>
<label for="password">Passwort</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Anmelden</button></form>
<details><summary>Demo-Zugänge (Passwort: demo)</summary><ul>${options}</ul></details></body></html>`);
  }

  await new Promise<void>((resolve) => server.listen(opts.port, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  issuer = opts.issuer ?? `http://127.0.0.1:${port}`;
  return {
    issuer,
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}

/**
 * An access token in the JWT profile of RFC 9068: header `typ: at+jwt`, which tells it apart from
 * an ID token signed by the same key (the API refuses anything else).
 */
async function signAccessToken(
  key: KeyLike,
  kid: string,
  issuer: string,
  audience: string,
  user: DemoUser,
  clientId: string,
  ttl: number,
): Promise<string> {
  return new SignJWT({ roles: user.roles, org: user.org, name: user.name, azp: clientId, client_id: clientId })
    .setProtectedHeader({ alg: 'RS256', kid, typ: 'at+jwt' })
    .setIssuer(issuer)
    .setAudience(audience)
    .setSubject(user.sub)
    .setIssuedAt()
    .setJti(randomUUID())
    .setExpirationTime(`${ttl}s`)
    .sign(key);
}

/**
 * An ID token as Keycloak shapes it (claim `typ: ID`, header `typ: JWT`), with the same role and
 * organisation claims a mapper would add: only its type may keep it from opening the API.
 */
async function signIdToken(
  key: KeyLike,
  kid: string,
  issuer: string,
  user: DemoUser,
  clientId: string,
  nonce: string | null,
  ttl: number,
): Promise<string> {
  return new SignJWT({
    typ: 'ID',
    roles: user.roles,
    org: user.org,
    name: user.name,
    azp: clientId,
    ...(nonce ? { nonce } : {}),
  })
    .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
    .setIssuer(issuer)
    .setAudience(clientId)
    .setSubject(user.sub)
    .setIssuedAt()
    .setJti(randomUUID())
    .setExpirationTime(`${ttl}s`)
    .sign(key);
}

/** A test's token: the access token's claims, changed as asked, signed with the issuer's key. */
async function mint(
  key: KeyLike,
  kid: string,
  issuer: string,
  audience: string,
  user: DemoUser,
  ask: MintRequest,
  ttl: number,
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = {
    iss: issuer,
    aud: audience,
    sub: user.sub,
    iat: now,
    exp: now + (ask.expiresIn ?? ttl),
    jti: randomUUID(),
    roles: user.roles,
    org: user.org,
    name: user.name,
    azp: 'hilfenetz-tests',
    client_id: 'hilfenetz-tests',
    ...ask.claims,
  };
  for (const name of ask.omit ?? []) delete claims[name];
  const typ = ask.typ === undefined ? 'at+jwt' : ask.typ;
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid, ...(typ === null ? {} : { typ }) }).sign(key);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      data += c;
      if (data.length > 64 * 1024) req.destroy(new Error('body too large'));
    });
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}
