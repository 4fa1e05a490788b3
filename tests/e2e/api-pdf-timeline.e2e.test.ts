import { eventually, lindenauCaseId, openDataSource, tokenFor } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { e2eStack } from './support/e2e-stack';

const stack = e2eStack();

/**
 * The text of an uncompressed PDF as pdfkit writes it: every `[<hex> kerning <hex> …] TJ` show
 * operator, hex strings decoded (WinAnsi; Latin-1 for the characters checked here). No PDF parser
 * is needed because the export writes its content streams uncompressed.
 */
function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const lines: string[] = [];
  for (const m of raw.matchAll(/\[([^\]]*)\]\s*TJ/g)) {
    const hex = [...(m[1] ?? '').matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1] ?? '').join('');
    lines.push(Buffer.from(hex, 'hex').toString('latin1'));
  }
  return lines.join('\n');
}

describe('timeline export as PDF for a court', () => {
  let supervisor: string;
  let ds: DataSource;
  let caseId: string;

  beforeAll(async () => {
    const caseworker = await tokenFor(stack.issuer, 'fachkraft');
    supervisor = await tokenFor(stack.issuer, 'leitung');
    ds = await openDataSource(stack.databaseUrl, 1);
    caseId = lindenauCaseId(`FALL-PDF-${randomUUID().slice(0, 8)}`);
    const youngPerson = { givenName: 'Lea', familyName: 'Brockhage', dateOfBirth: '2012-01-30' };
    const res = await fetch(`${stack.apiUrl}/cases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${caseworker}`, 'content-type': 'application/json' },
      body: JSON.stringify({ caseId, youngPerson }),
    });
    expect(res.status).toBe(201);
    await eventually(
      async () => {
        const rows: unknown[] = await ds.query('SELECT 1 FROM timeline_entries WHERE case_id = $1', [caseId]);
        return rows.length > 0 ? true : undefined;
      },
      { what: 'the case in the timeline', timeoutMs: 45_000 },
    );
  });

  afterAll(async () => {
    await ds.destroy();
  });

  it('serves a German PDF with the case id, event labels, exporter and chain check, and logs the read', async () => {
    const res = await fetch(`${stack.apiUrl}/cases/${caseId}/timeline/export?format=pdf`, {
      headers: { authorization: `Bearer ${supervisor}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/pdf/);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="timeline-${caseId}.pdf"`);
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(pdf);
    expect(text).toContain(`Zeitleiste Fall ${caseId}`);
    expect(text).toContain('Fall angelegt');
    expect(text).toContain('Hash-Kette geprüft: unversehrt');
    expect(text).toContain('Rolle supervisor');
    expect(text).toContain('[verschlüsselt]');
    expect(text).not.toContain('Brockhage');
    const logged: { resource: string; user_role: string }[] = await ds.query(
      `SELECT resource, user_role FROM case_access_log WHERE case_id = $1`,
      [caseId],
    );
    expect(logged).toContainEqual({ resource: 'timeline_export', user_role: 'supervisor' });
  });

  it('rejects an unknown format with a problem naming the field', async () => {
    const res = await fetch(`${stack.apiUrl}/cases/${caseId}/timeline/export?format=docx`, {
      headers: { authorization: `Bearer ${supervisor}` },
    });
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { errors?: { field: string }[] };
    expect(problem.errors?.map((e) => e.field)).toContain('query.format');
  });
});
