/**
 * The claims the UI shows (name, roles, organisation). Read from the access token without
 * checking its signature: the API verifies every token; the browser only displays.
 */
export interface TokenClaims {
  subject: string;
  name: string;
  roles: string[];
  organisationId: string;
  /** Expiry in epoch milliseconds, if the token has one. */
  expiresAt: number | null;
}

function decodeBase64Url(segment: string): string {
  const base64 = segment
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(segment.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

export function decodeTokenClaims(token: string): TokenClaims | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const claims = JSON.parse(decodeBase64Url(payload)) as Record<string, unknown>;
    const subject = typeof claims.sub === 'string' ? claims.sub : '';
    if (!subject) return null;
    return {
      subject,
      name: typeof claims.name === 'string' ? claims.name : subject,
      roles: Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === 'string') : [],
      organisationId: typeof claims.org === 'string' ? claims.org : '',
      expiresAt: typeof claims.exp === 'number' ? claims.exp * 1000 : null,
    };
  } catch {
    return null;
  }
}
