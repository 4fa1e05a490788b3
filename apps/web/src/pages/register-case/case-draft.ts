import type { RegisterCaseRequest } from '@hilfenetz/contracts';
import {
  GUARDIAN_FIELDS,
  guardianDetailsOf,
  guardianProblems,
  MAX_GUARDIANS,
  type GuardianDraft,
  type GuardianField,
} from '../../components/guardian-fields';

/** The provider choice meaning "no Träger". */
export const NO_PROVIDER = 'kein-traeger';

type CaseField = 'caseId' | 'givenName' | 'familyName' | 'dateOfBirth' | 'address' | 'provider';
/** A guardian's field is named `g<index>.<field>`. */
export type Field = CaseField | `g${number}.${GuardianField}`;

/** Where the API's refusals of `POST /cases` point in the form. */
export const API_FIELDS: Record<string, Field> = {
  'body.caseId': 'caseId',
  'body.youngPerson.givenName': 'givenName',
  'body.youngPerson.familyName': 'familyName',
  'body.youngPerson.dateOfBirth': 'dateOfBirth',
  'body.youngPerson.address': 'address',
  'body.careProviderOrganisationId': 'provider',
};
for (let i = 0; i < MAX_GUARDIANS; i++) {
  for (const f of GUARDIAN_FIELDS) API_FIELDS[`body.guardians.${i}.${f}`] = `g${i}.${f}`;
}

const CASE_ID = /^[A-Za-z0-9][A-Za-z0-9-]{2,63}$/;

export type CaseProblem =
  'caseRefMissing' | 'givenNameMissing' | 'familyNameMissing' | 'dateOfBirthMissing' | 'dateOfBirthFuture';

/** A problem found before sending, kept as its key so it follows a language switch. */
export type Missing = Partial<Record<Field, CaseProblem | `guardian:${string}`>>;

/** A case as typed into 'Fall anlegen'. */
export interface Draft {
  caseId: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  address: string;
  provider: string;
  guardians: GuardianDraft[];
}

export const emptyDraft = (): Draft => ({
  caseId: '',
  givenName: '',
  familyName: '',
  dateOfBirth: '',
  address: '',
  provider: NO_PROVIDER,
  guardians: [],
});

/** One part of the form: the draft, a setter per field, the worded errors, disabled while sending. */
export interface DraftSectionProps {
  draft: Draft;
  set: <K extends keyof Draft>(key: K) => (v: Draft[K]) => void;
  errors: Partial<Record<Field, string>>;
  disabled: boolean;
}

export const today = () => new Date().toISOString().slice(0, 10);

/** What is obviously missing before sending, as keys (worded when shown); the API checks everything again. */
export function draftProblems(draft: Draft): Missing {
  const found: Missing = {};
  if (!CASE_ID.test(draft.caseId.trim())) found.caseId = 'caseRefMissing';
  if (!draft.givenName.trim()) found.givenName = 'givenNameMissing';
  if (!draft.familyName.trim()) found.familyName = 'familyNameMissing';
  if (!draft.dateOfBirth) found.dateOfBirth = 'dateOfBirthMissing';
  else if (draft.dateOfBirth > today()) found.dateOfBirth = 'dateOfBirthFuture';
  draft.guardians.forEach((g, i) => {
    for (const [field, key] of Object.entries(guardianProblems(g)))
      found[`g${i}.${field as GuardianField}`] = `guardian:${key}`;
  });
  return found;
}

/** The registration as the API takes it: trimmed, optional parts left out when empty. */
export function registrationOf(draft: Draft): RegisterCaseRequest {
  return {
    caseId: draft.caseId.trim(),
    youngPerson: {
      givenName: draft.givenName.trim(),
      familyName: draft.familyName.trim(),
      dateOfBirth: draft.dateOfBirth,
      ...(draft.address.trim() ? { address: draft.address.trim() } : {}),
    },
    ...(draft.provider !== NO_PROVIDER ? { careProviderOrganisationId: draft.provider } : {}),
    ...(draft.guardians.length ? { guardians: draft.guardians.map(guardianDetailsOf) } : {}),
  };
}
