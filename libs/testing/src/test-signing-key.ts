import { exportJWK, importJWK, SignJWT, type JWK, type JWTPayload } from 'jose';
import { generateKeyPairSync } from 'node:crypto';
import { keycloakAdminCall, type KeycloakAdmin } from './keycloak-admin';

/**
 * A signing key the tests hold, published by the stack's Keycloak for one test run (docs/adr/0021).
 *
 * The attack suites need tokens no issuer hands out on request (expired, without `exp`, another
 * `typ`, users and organisations the realm does not hold), signed by a key the API trusts. The
 * tests make an RSA key pair, give the private key to the realm `hilfenetz` as an extra `rsa` key
 * provider (Keycloak derives the certificate and the key id from it) with a priority below the
 * realm's own key, so Keycloak keeps signing its tokens with its own key and only publishes ours
 * in its JWKS. The component is removed at the end of the run; a real realm never holds one.
 */
export interface TestSigningKey {
  /** The key id Keycloak publishes the public half under. */
  kid: string;
  /** The private half, as a JWK (handed to the test workers through the environment). */
  privateJwk: JWK;
  /** The key provider component in the realm, to remove at teardown. */
  componentId: string;
}

const KEY_PROVIDER = 'org.keycloak.keys.KeyProvider';
/** Component names start with this and end with the creation time, so stale ones can be found. */
const NAME_PREFIX = 'hilfenetz-tests-signing-key ';
/** A run that ended without its teardown (killed) leaves its key; after this long it is removed. */
const STALE_AFTER_MS = 6 * 60 * 60 * 1000;

interface ComponentRep {
  id: string;
  name: string;
}

/** Adds a fresh test key to `realm` and returns what signing needs. */
export async function addTestSigningKey(admin: KeycloakAdmin, realm: string): Promise<TestSigningKey> {
  await removeStaleTestSigningKeys(admin, realm);
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const { id: realmId } = (await (await keycloakAdminCall(admin, 'GET', `/${realm}`)).json()) as { id: string };
  const created = await keycloakAdminCall(admin, 'POST', `/${realm}/components`, {
    name: `${NAME_PREFIX}${new Date().toISOString()}`,
    providerId: 'rsa',
    providerType: KEY_PROVIDER,
    parentId: realmId,
    config: {
      privateKey: [privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()],
      // Below the realm's generated key (100): Keycloak signs with the highest priority.
      priority: ['-100'],
      active: ['true'],
      enabled: ['true'],
      algorithm: ['RS256'],
    },
  });
  const componentId = created.headers.get('location')?.split('/').pop();
  if (!componentId) throw new Error('Keycloak created the test key without a location');
  const keys = (await (await keycloakAdminCall(admin, 'GET', `/${realm}/keys`)).json()) as {
    keys: { kid: string; providerId: string }[];
  };
  const kid = keys.keys.find((k) => k.providerId === componentId)?.kid;
  if (!kid) throw new Error('the realm does not list the test key');
  return { kid, componentId, privateJwk: await exportJWK(privateKey) };
}

export async function removeTestSigningKey(admin: KeycloakAdmin, realm: string, componentId: string): Promise<void> {
  await keycloakAdminCall(admin, 'DELETE', `/${realm}/components/${componentId}`);
}

/** Removes test keys of runs that ended long ago without their teardown (never a running one's). */
async function removeStaleTestSigningKeys(admin: KeycloakAdmin, realm: string): Promise<void> {
  const components = (await (
    await keycloakAdminCall(admin, 'GET', `/${realm}/components?type=${encodeURIComponent(KEY_PROVIDER)}`)
  ).json()) as ComponentRep[];
  for (const c of components) {
    if (!c.name.startsWith(NAME_PREFIX)) continue;
    const made = Date.parse(c.name.slice(NAME_PREFIX.length));
    if (Number.isFinite(made) && Date.now() - made > STALE_AFTER_MS) {
      await removeTestSigningKey(admin, realm, c.id);
    }
  }
}

const ENV_NAME = 'HILFENETZ_TEST_SIGNING_KEY';

/** Hands the key to the test workers (they inherit the global setup's environment). */
export function shareTestSigningKey(key: TestSigningKey): void {
  process.env[ENV_NAME] = JSON.stringify(key);
}

export function sharedTestSigningKey(): TestSigningKey {
  const text = process.env[ENV_NAME];
  if (!text) throw new Error(`${ENV_NAME} missing: the global setup added no test signing key`);
  return JSON.parse(text) as TestSigningKey;
}

/**
 * Signs `claims` with the test key under its published key id. `typ`: the protected header's
 * (Keycloak's access tokens say `JWT`); null leaves it out.
 */
export async function signWithTestKey(key: TestSigningKey, claims: JWTPayload, typ: string | null): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: key.kid, ...(typ === null ? {} : { typ }) })
    .sign(await importJWK(key.privateJwk, 'RS256'));
}
