import { roles, type Principal, type Role } from '@hilfenetz/contracts';
import { createRemoteJWKSet, jwtVerify, type JWTHeaderParameters, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { VerifiedTokenCache, type KeptVerification } from './verified-token.cache';

export class InvalidToken extends Error {}

/** A verified bearer token: who calls, and until when the token may be used. */
export interface VerifiedToken {
  principal: Principal;
  /** `exp` plus the allowed clock skew, in epoch milliseconds: the last moment the API accepts it. */
  validUntil: number;
}

export interface TokenVerifierOptions {
  /** Seconds the issuer's clock may be off from ours (exp, nbf, iat). */
  clockSkewSeconds?: number;
  /**
   * Where the roles are, as dotted claim paths; every one found counts (default: our issuer's flat
   * `roles` and Keycloak's realm roles `realm_access.roles`). A group path (`/hilfenetz/caseworker`)
   * counts by its last segment, so a `groups` claim works too.
   */
  rolesClaims?: readonly string[];
  /** Where the organisation is, a dotted claim path (default `org`). A token without it is refused. */
  organisationClaim?: string;
  /**
   * When set (`/organisationen/`), the organisation claim holds group paths and the organisation is
   * the segment right below this prefix: IdPs that model organisations as groups issue no claim of
   * their own for it.
   */
  organisationGroupPrefix?: string;
  /** Discovery document and key set are fetched with this (tests replace it). */
  fetch?: typeof fetch;
}

export const DEFAULT_ROLES_CLAIMS = ['roles', 'realm_access.roles'] as const;
export const DEFAULT_ORGANISATION_CLAIM = 'org';

/** The value at a dotted path of the claims (`realm_access.roles`), or undefined. */
export function claimAt(payload: JWTPayload, dottedPath: string): unknown {
  let value: unknown = payload;
  for (const part of dottedPath.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** Our roles among the values of the configured claims (unknown ones are ignored). */
export function rolesFrom(payload: JWTPayload, paths: readonly string[]): Role[] {
  const found = new Set<Role>();
  for (const p of paths) {
    const value = claimAt(payload, p);
    const values = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
    for (const v of values) {
      if (typeof v !== 'string') continue;
      const name = v.startsWith('/') ? v.slice(v.lastIndexOf('/') + 1) : v;
      if ((roles as readonly string[]).includes(name)) found.add(name as Role);
    }
  }
  return roles.filter((r) => found.has(r));
}

/**
 * The organisation: a non-empty string, or a list holding exactly one. With a group prefix, the
 * segment below it in the group paths of the claim; a member of two organisations' groups gets
 * none, because picking one would let the IdP's ordering decide whose cases the person sees.
 */
export function organisationFrom(payload: JWTPayload, claimPath: string, groupPrefix?: string): string | null {
  const value = claimAt(payload, claimPath);
  if (groupPrefix) {
    const paths = Array.isArray(value) ? value : [value];
    const found = new Set<string>();
    for (const p of paths) {
      if (typeof p !== 'string' || !p.startsWith(groupPrefix)) continue;
      const segment = p.slice(groupPrefix.length).split('/')[0]?.trim();
      if (segment) found.add(segment);
    }
    return found.size === 1 ? [...found][0]! : null;
  }
  const one = Array.isArray(value) && value.length === 1 ? value[0] : value;
  return typeof one === 'string' && one.trim() !== '' ? one : null;
}

/**
 * The issuer's key set, found through its discovery document (`/.well-known/openid-configuration`,
 * `jwks_uri`): Keycloak publishes it at `/realms/<realm>/protocol/openid-connect/certs`, our local
 * issuer at `/jwks`. Fetched on the first token; a failed discovery is tried again on the next.
 * jose refetches the key set when a token names a key it does not know (a rotated key), at most
 * every 5 s, and after 5 min in any case, so a deleted key stops working then at the latest.
 */
export function discoveredJwks(issuer: string, fetchFn: typeof fetch = fetch): JWTVerifyGetKey {
  let keySet: Promise<JWTVerifyGetKey> | null = null;
  const discover = async (): Promise<JWTVerifyGetKey> => {
    const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    const res = await fetchFn(url, { signal: AbortSignal.timeout(5_000) });
    if (!res.ok) throw new Error(`discovery ${url} answered ${res.status}`);
    const doc = (await res.json()) as { issuer?: unknown; jwks_uri?: unknown };
    if (doc.issuer !== issuer) throw new Error(`discovery names issuer ${String(doc.issuer)}, not ${issuer}`);
    if (typeof doc.jwks_uri !== 'string') throw new Error(`discovery ${url} names no jwks_uri`);
    return createRemoteJWKSet(new URL(doc.jwks_uri), { cooldownDuration: 5_000, cacheMaxAge: 300_000 });
  };
  return async (header, token) => {
    keySet ??= discover().catch((err: unknown) => {
      keySet = null;
      throw err;
    });
    return (await keySet)(header, token);
  };
}

/**
 * Is this token meant for an API? The issuer signs access and ID tokens with the same key, and an
 * ID token names the client as its audience, which may equal ours. Accepted: the JWT profile for
 * access tokens (header `typ: at+jwt`, RFC 9068, as several IdPs issue them) and Keycloak's access
 * tokens (claim `typ: Bearer`, header `JWT` or none). Everything else is refused, Keycloak's ID
 * tokens (claim `typ: ID`) and tokens that carry no access-token mark at all among them.
 */
export function accessTokenMarkProblem(header: JWTHeaderParameters, payload: JWTPayload): string | null {
  const headerTyp = typeof header.typ === 'string' ? header.typ.toLowerCase().replace(/^application\//, '') : null;
  const claimTyp = payload.typ;
  if (claimTyp !== undefined && claimTyp !== 'Bearer') return `token type ${String(claimTyp)} is not an access token`;
  if (headerTyp === 'at+jwt') return null;
  if (claimTyp === 'Bearer' && (headerTyp === null || headerTyp === 'jwt')) return null;
  return 'not an access token (typ at+jwt or Bearer required)';
}

/**
 * Verifies OpenID Connect bearer tokens against the issuer's published keys (JWKS), so any
 * standard IdP (Keycloak, AD FS) can be plugged in by configuration.
 */
export class JwksTokenVerifier {
  private readonly jwks: JWTVerifyGetKey;
  private readonly clockSkewSeconds: number;
  private readonly rolesClaims: readonly string[];
  private readonly organisationClaim: string;
  private readonly organisationGroupPrefix: string | undefined;
  private readonly verified = new VerifiedTokenCache();

  constructor(
    private readonly issuer: string,
    private readonly audience: string,
    options: TokenVerifierOptions = {},
    jwks?: JWTVerifyGetKey,
  ) {
    this.clockSkewSeconds = options.clockSkewSeconds ?? 30;
    this.rolesClaims = options.rolesClaims?.length ? options.rolesClaims : DEFAULT_ROLES_CLAIMS;
    this.organisationClaim = options.organisationClaim ?? DEFAULT_ORGANISATION_CLAIM;
    this.organisationGroupPrefix = options.organisationGroupPrefix || undefined;
    this.jwks = jwks ?? discoveredJwks(issuer, options.fetch);
  }

  async verify(token: string): Promise<VerifiedToken> {
    const kept = this.verified.get(token, Date.now());
    if (kept && (await this.sameKeyPublished(kept))) return kept.verified;
    this.verified.delete(token);
    const fresh = await this.verifyFresh(token);
    this.verified.set(token, fresh);
    return fresh.verified;
  }

  /** Is the key a kept token was checked with still the one the issuer's key set gives? */
  private async sameKeyPublished(kept: KeptVerification): Promise<boolean> {
    try {
      return (await this.jwks(kept.header, { payload: '', signature: '' })) === kept.key;
    } catch {
      return false;
    }
  }

  private async verifyFresh(token: string): Promise<KeptVerification> {
    try {
      const { payload, protectedHeader, key } = await jwtVerify(token, this.jwks, {
        issuer: this.issuer,
        audience: this.audience,
        algorithms: ['RS256', 'ES256'],
        // A token without exp would open the API for ever once it leaked.
        requiredClaims: ['exp', 'sub'],
        clockTolerance: this.clockSkewSeconds,
      });
      const notAccess = accessTokenMarkProblem(protectedHeader, payload);
      if (notAccess) throw new InvalidToken(notAccess);
      // jose checks nbf with the tolerance but not an iat in the future; a token from tomorrow is forged or misissued.
      if (typeof payload.iat === 'number' && payload.iat > Date.now() / 1000 + this.clockSkewSeconds) {
        throw new InvalidToken('token issued in the future');
      }
      const organisationId = organisationFrom(payload, this.organisationClaim, this.organisationGroupPrefix);
      if (!organisationId) {
        throw new InvalidToken(
          this.organisationGroupPrefix
            ? `token names no single organisation group below ${this.organisationGroupPrefix} (${this.organisationClaim})`
            : `token lacks the organisation claim (${this.organisationClaim})`,
        );
      }
      const known = rolesFrom(payload, this.rolesClaims);
      if (!payload.sub || known.length === 0) throw new InvalidToken('token lacks sub or a known role');
      const verified: VerifiedToken = {
        principal: {
          id: payload.sub,
          roles: known,
          organisationId,
          displayName: typeof payload.name === 'string' ? payload.name : payload.sub,
        },
        validUntil: (payload.exp! + this.clockSkewSeconds) * 1000,
      };
      return { verified, header: protectedHeader, key };
    } catch (err) {
      if (err instanceof InvalidToken) throw err;
      throw new InvalidToken(err instanceof Error ? err.message : 'invalid token');
    }
  }
}
