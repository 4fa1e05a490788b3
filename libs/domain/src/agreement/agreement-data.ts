import { cooperationAgreementSchema, type CooperationAgreement } from '@hilfenetz/contracts';
import { agreementProblems } from './agreement.validation';

/**
 * An agreement version shipped as data (`./data/<agreementId>.<version>.json`): checked against the
 * published schema (`cooperationAgreementSchema`, the same one `POST /agreements/:id/versions`
 * uses) and the engine's own rules (`agreementProblems`) when the module loads, so a broken seed
 * fails at start and in the unit tests, not in a running crisis. Pure: no file system, the JSON is
 * imported (and so bundled with the workflows).
 */
export function agreementFromData(raw: unknown, source: string): CooperationAgreement {
  const parsed = cooperationAgreementSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`agreement data ${source} does not match the schema: ${issues.join('; ')}`);
  }
  const problems = agreementProblems(parsed.data);
  if (problems.length > 0) throw new Error(`agreement data ${source} is not usable: ${problems.join('; ')}`);
  const expected = `${parsed.data.agreementId}.${parsed.data.version}.json`;
  if (!source.endsWith(expected)) throw new Error(`agreement data ${source} must be named ${expected}`);
  return parsed.data;
}
