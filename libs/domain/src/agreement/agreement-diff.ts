/** One difference between two agreement versions: a JSON path and the value on either side. */
export interface AgreementChange {
  /** Dotted path; array items of objects with an `id` (organisations, contacts) by that id. */
  path: string;
  before: unknown;
  after: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const keyed = (v: unknown): v is { id: string }[] =>
  Array.isArray(v) && v.every((x) => isObject(x) && typeof x['id'] === 'string');

/**
 * What a proposal changes against the version in force, for the partners to read before they sign.
 * Organisations and contacts are compared by id, so a contact added in the middle shows as one
 * addition, not as every later contact changed. `version` and `validFrom` are left out: they always
 * differ and are shown on their own.
 */
export function agreementDiff(before: unknown, after: unknown): AgreementChange[] {
  const out: AgreementChange[] = [];
  const walk = (a: unknown, b: unknown, path: string) => {
    if (JSON.stringify(a) === JSON.stringify(b)) return;
    if (isObject(a) && isObject(b)) {
      for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])]) {
        if (path === '' && (k === 'version' || k === 'validFrom')) continue;
        walk(a[k], b[k], path ? `${path}.${k}` : k);
      }
      return;
    }
    if (keyed(a) && keyed(b)) {
      const ids = [...new Set([...a.map((x) => x.id), ...b.map((x) => x.id)])];
      for (const id of ids)
        walk(
          a.find((x) => x.id === id),
          b.find((x) => x.id === id),
          `${path}[${id}]`,
        );
      return;
    }
    out.push({ path, before: a, after: b });
  };
  walk(before, after, '');
  return out;
}
