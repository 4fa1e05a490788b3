import { roles, type Principal, type Role } from '@hilfenetz/contracts';
import { createRemoteJWKSet, jwtVerify, type JWTHeaderParameters, type JWTPayload, type JWTVerifyGetKey } from 'jose';

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
}

/**
 * Is this token meant for an API? The issuer signs access and ID tokens with the same key, and an
 * ID token names the client as its audience, which may equal ours. Accepted: the JWT profile for
 * access tokens (header `typ: at+jwt`, RFC 9068, as apps/identity issues) and Keycloak's access
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

  constructor(
    private readonly issuer: string,
    private readonly audience: string,
    options: TokenVerifierOptions = {},
    jwks?: JWTVerifyGetKey,
  ) {
    this.clockSkewSeconds = options.clockSkewSeconds ?? 30;
    this.jwks = jwks ?? createRemoteJWKSet(new URL(`${issuer.replace(/\/$/, '')}/jwks`), { cooldownDuration: 5_000 });
  }

  async verify(token: string): Promise<VerifiedToken> {
    try {
      const { payload, protectedHeader } = await jwtVerify(token, this.jwks, {
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
      const claimed = Array.isArray(payload.roles) ? payload.roles : [];
      const known = claimed.filter((r): r is Role => (roles as readonly string[]).includes(String(r)));
      if (!payload.sub || typeof payload.org !== 'string' || known.length === 0) {
        throw new InvalidToken('token lacks sub, org or a known role');
      }
      return {
        principal: {
          id: payload.sub,
          roles: known,
          organisationId: payload.org,
          displayName: typeof payload.name === 'string' ? payload.name : payload.sub,
        },
        validUntil: (payload.exp! + this.clockSkewSeconds) * 1000,
      };
    } catch (err) {
      if (err instanceof InvalidToken) throw err;
      throw new InvalidToken(err instanceof Error ? err.message : 'invalid token');
    }
  }
}
