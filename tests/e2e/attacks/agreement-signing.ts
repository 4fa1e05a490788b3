import type { AgreementVersionSummary, CooperationAgreement } from '@hilfenetz/contracts';
import { mintToken } from './attack-support';

/**
 * A real administrator's token for any organisation (signed with the run's test key): test-only
 * organisations (ids tagged per run) have no demo login, yet every one of them must sign.
 */
export function administratorOf(organisationId: string): Promise<string> {
  return mintToken({ username: 'admin', claims: { org: organisationId, sub: `u-admin-${organisationId}` } });
}

async function post(apiUrl: string, path: string, token: string, body?: unknown): Promise<Response> {
  return fetch(`${apiUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** Proposes a version (as an administrator of its first organisation unless `proposer` is given). */
export async function propose(apiUrl: string, agreement: CooperationAgreement, proposer?: string): Promise<Response> {
  const { agreementId, ...body } = agreement;
  const token = proposer ?? (await administratorOf(agreement.organisations[0]!.id));
  return post(apiUrl, `/agreements/${agreementId}/versions`, token, body);
}

export async function sign(apiUrl: string, agreement: CooperationAgreement, token: string): Promise<Response> {
  return post(apiUrl, `/agreements/${agreement.agreementId}/versions/${agreement.version}/signatures`, token);
}

export async function withdraw(apiUrl: string, agreement: CooperationAgreement, token: string): Promise<Response> {
  return post(apiUrl, `/agreements/${agreement.agreementId}/versions/${agreement.version}/withdrawals`, token);
}

/**
 * What a test needs when its point is a version in force, not how it got there: proposed, then
 * signed through the API by an administrator of every organisation it names (docs/adr/0015).
 */
export async function proposeSignedByAll(
  apiUrl: string,
  agreement: CooperationAgreement,
): Promise<AgreementVersionSummary> {
  const proposed = await propose(apiUrl, agreement);
  if (proposed.status !== 201) throw new Error(`propose: HTTP ${proposed.status} ${await proposed.text()}`);
  let last: AgreementVersionSummary | undefined;
  for (const o of agreement.organisations) {
    const res = await sign(apiUrl, agreement, await administratorOf(o.id));
    if (res.status !== 201) throw new Error(`sign for ${o.id}: HTTP ${res.status} ${await res.text()}`);
    last = (await res.json()) as AgreementVersionSummary;
  }
  return last!;
}
