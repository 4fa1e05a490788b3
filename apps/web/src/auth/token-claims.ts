import type { Role } from '@hilfenetz/contracts';

/** Every role of ours (a missing one fails the type check): other values in the claims are not shown. */
const KNOWN_ROLES: Record<Role, true> = {
  caseworker: true,
  on_call: true,
  provider_staff: true,
  clinic_staff: true,
  ambulance_dispatch: true,
  supervisor: true,
  auditor: true,
  administrator: true,
  data_protection_officer: true,
  network_coordinator: true,
  partner_contact: true,
};

const env = import.meta.env as unknown as Record<string, string | undefined>;
/** Where roles and organisation are in the token: the API's OIDC_ROLES_CLAIM / OIDC_ORGANISATION_CLAIM, set at build. */
const ROLES_CLAIMS = (env.HILFENETZ_OIDC_ROLES_CLAIM || 'roles,realm_access.roles')
  .split(',')
  .map((p) => p.trim())
  .filter(Boolean);
const ORGANISATION_CLAIM = env.HILFENETZ_OIDC_ORGANISATION_CLAIM || 'org';
/** OIDC_ORGANISATION_GROUP_PREFIX: the organisation is the group segment below it. */
const ORGANISATION_GROUP_PREFIX = env.HILFENETZ_OIDC_ORGANISATION_GROUP_PREFIX || '';

function claimAt(claims: Record<string, unknown>, dottedPath: string): unknown {
  let value: unknown = claims;
  for (const part of dottedPath.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** Our roles among the configured claims (a group path counts by its last segment), as the API reads them. */
export function rolesOf(claims: Record<string, unknown>, paths: readonly string[] = ROLES_CLAIMS): string[] {
  const found = new Set<string>();
  for (const p of paths) {
    const value = claimAt(claims, p);
    for (const v of Array.isArray(value) ? value : [value]) {
      if (typeof v !== 'string') continue;
      const name = v.startsWith('/') ? v.slice(v.lastIndexOf('/') + 1) : v;
      if (Object.hasOwn(KNOWN_ROLES, name)) found.add(name);
    }
  }
  return [...found];
}

/** The organisation as the API reads it: the claim's string, or the one group below the prefix. */
export function organisationOf(
  claims: Record<string, unknown>,
  path: string = ORGANISATION_CLAIM,
  groupPrefix: string = ORGANISATION_GROUP_PREFIX,
): string {
  const value = claimAt(claims, path);
  if (groupPrefix) {
    const found = new Set<string>();
    for (const v of Array.isArray(value) ? value : [value]) {
      if (typeof v !== 'string' || !v.startsWith(groupPrefix)) continue;
      const segment = v.slice(groupPrefix.length).split('/')[0]?.trim();
      if (segment) found.add(segment);
    }
    return found.size === 1 ? [...found][0]! : '';
  }
  const one = Array.isArray(value) && value.length === 1 ? value[0] : value;
  return typeof one === 'string' ? one : '';
}

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
  /** Issue time in epoch milliseconds, if the token says (with `expiresAt`: its lifetime). */
  issuedAt: number | null;
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
      roles: rolesOf(claims),
      organisationId: organisationOf(claims),
      expiresAt: typeof claims.exp === 'number' ? claims.exp * 1000 : null,
      issuedAt: typeof claims.iat === 'number' ? claims.iat * 1000 : null,
    };
  } catch {
    return null;
  }
}

/** A JWT's `exp` in epoch milliseconds without any other claim (Keycloak's refresh tokens); null if opaque. */
export function tokenExpiry(token: string): number | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const exp = (JSON.parse(decodeBase64Url(payload)) as Record<string, unknown>).exp;
    return typeof exp === 'number' && exp > 0 ? exp * 1000 : null;
  } catch {
    return null;
  }
}
