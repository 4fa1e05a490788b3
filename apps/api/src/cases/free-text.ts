import {
  ERASED_TEXT_LABEL,
  isErasedText,
  isLegacyClearText,
  isSealedValue,
  type OpenedText,
  type SealedText,
} from '@hilfenetz/contracts';
import type { CaseFacts } from '@hilfenetz/domain';
import { DataSubjectErased, UnknownDataSubject, type PersonalDataVault } from '@hilfenetz/event-store';

/**
 * Free text a person writes into a case (reasons, notes) is personal data: it is sealed here,
 * before it reaches Temporal, the log or Kafka, and opened only for a reader the API already let
 * in (docs/adr/0018).
 */

/**
 * The key that seals free text of a case without a registration (a crisis on a bare reference):
 * such a case has no young person's key, and a decline or cancel reason is required by the
 * protocol, so the case gets a key of its own. Created on first use, never replaced.
 */
export const caseTextSubjectId = (caseId: string): string => `subj-case-${caseId}`;

/**
 * Seals `text` under the young person's key, or the case's own key for a bare reference. After
 * the young person's erasure there is no key: the text is not kept, the event records that
 * (`{ $erased: true }`) and every reader shows "gelöscht", as for text sealed before the erasure.
 */
export async function sealFreeText(vault: PersonalDataVault, facts: CaseFacts, text: string): Promise<SealedText> {
  const subjectId = facts.registration?.youngPersonSubjectId ?? caseTextSubjectId(facts.caseId);
  if (!facts.registration) await vault.registerSubject(subjectId, facts.caseId);
  try {
    return await vault.seal(subjectId, text);
  } catch (err) {
    if (err instanceof DataSubjectErased) return { $erased: true, subjectId };
    throw err;
  }
}

/** Seals an optional text; absent or blank stays absent. */
export async function sealOptionalText(
  vault: PersonalDataVault,
  facts: CaseFacts,
  text: string | undefined,
): Promise<SealedText | undefined> {
  return text === undefined || text.trim() === '' ? undefined : sealFreeText(vault, facts, text);
}

/**
 * A free-text field as stored (sealed, withheld, or a version 1 event's clear text) opened for a
 * reader. Legacy clear text is shown only while the case's subject is not erased (`caseErased`):
 * the rows cannot be rewritten, so every read path masks it (docs/adr/0018). Null when `value`
 * is not free text at all.
 */
export async function openFreeText(
  vault: PersonalDataVault,
  value: unknown,
  caseErased: boolean,
): Promise<OpenedText | null> {
  if (typeof value === 'string') return caseErased ? { status: 'erased' } : { status: 'available', text: value };
  if (isLegacyClearText(value)) return caseErased ? { status: 'erased' } : { status: 'available', text: value.text };
  if (isErasedText(value)) return { status: 'erased' };
  if (!isSealedValue(value)) return null;
  try {
    const opened = await vault.open<unknown>(value);
    if (opened.status === 'erased') return { status: 'erased' };
    return {
      status: 'available',
      text: typeof opened.value === 'string' ? opened.value : JSON.stringify(opened.value),
    };
  } catch (err) {
    // A key row that never existed cannot be opened either: nothing to show.
    if (err instanceof UnknownDataSubject) return { status: 'erased' };
    throw err;
  }
}

/** How a read path writes opened free text: the text, or "gelöscht". */
export function shownText(opened: OpenedText): string {
  return opened.status === 'available' ? opened.text : ERASED_TEXT_LABEL;
}

/** Opens and writes a free-text value in one step (`undefined` stays `undefined`). */
export async function showFreeText(
  vault: PersonalDataVault,
  value: unknown,
  caseErased: boolean,
): Promise<string | undefined> {
  if (value === undefined || value === null) return undefined;
  const opened = await openFreeText(vault, value, caseErased);
  return opened ? shownText(opened) : undefined;
}
