import { roles, type Principal, type Role } from '@hilfenetz/contracts';
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';

export class InvalidToken extends Error {}

/**
 * Verifies OpenID Connect bearer tokens against the issuer's published keys (JWKS), so any
 * standard IdP (Keycloak, AD FS) can be plugged in by configuration.
 */
export class JwksTokenVerifier {
  private readonly jwks: JWTVerifyGetKey;

  constructor(
    private readonly issuer: string,
    private readonly audience: string,
  ) {
    this.jwks = createRemoteJWKSet(new URL(`${issuer.replace(/\/$/, '')}/jwks`), { cooldownDuration: 5_000 });
  }

  async verify(token: string): Promise<Principal> {
    try {
      const { payload } = await jwtVerify(token, this.jwks, {
        issuer: this.issuer,
        audience: this.audience,
        algorithms: ['RS256', 'ES256'],
      });
      const claimed = Array.isArray(payload.roles) ? payload.roles : [];
      const known = claimed.filter((r): r is Role => (roles as readonly string[]).includes(String(r)));
      if (!payload.sub || typeof payload.org !== 'string' || known.length === 0) {
        throw new InvalidToken('token lacks sub, org or a known role');
      }
      return {
        id: payload.sub,
        roles: known,
        organisationId: payload.org,
        displayName: typeof payload.name === 'string' ? payload.name : payload.sub,
      };
    } catch (err) {
      if (err instanceof InvalidToken) throw err;
      throw new InvalidToken(err instanceof Error ? err.message : 'invalid token');
    }
  }
}
