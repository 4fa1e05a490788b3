import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { apiClient } from '../../api/api-client';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { Button } from '../../components/button';
import {
  GuardianFields,
  guardianDetailsOf,
  guardianProblems,
  useGuardianProblemTexts,
  type GuardianDraft,
  type GuardianField,
} from '../../components/guardian-fields';
import { mapFieldErrors } from '../../forms/map-field-errors';
import { texts, useTexts } from '../../i18n/language';

const API_FIELDS: Record<string, GuardianField> = {
  'body.name': 'name',
  'body.relation': 'relation',
  'body.phone': 'phone',
  'body.email': 'email',
  'body.language': 'language',
  'body.preferredChannel': 'preferredChannel',
};

const T = texts(
  {
    cancel: 'Abbrechen',
    save: 'Speichern',
    saving: 'Wird gespeichert …',
    notSaved: 'Nicht gespeichert',
  },
  {
    cancel: 'Cancel',
    save: 'Save',
    saving: 'Saving …',
    notSaved: 'Not saved',
  },
);

interface GuardianFormProps {
  caseId: string;
  /** The guardian changed, or `null` for a new one. */
  guardianId: string | null;
  initial: GuardianDraft;
  heading: string;
  /** Saved (the case is reloaded first) or cancelled. */
  onClose: (saved: boolean) => void;
}

/** Adds a guardian to a case or changes one: checked before sending, the API's refusals at the field. */
export function GuardianForm({ caseId, guardianId, initial, heading, onClose }: GuardianFormProps) {
  const t = useTexts(T);
  const problemTexts = useGuardianProblemTexts();
  const queryClient = useQueryClient();
  const idPrefix = `guardian-${guardianId ?? 'new'}`;
  const [draft, setDraft] = useState(initial);
  const [missing, setMissing] = useState<ReturnType<typeof guardianProblems>>({});
  const save = useMutation({
    mutationFn: (d: GuardianDraft) =>
      guardianId
        ? apiClient.changeGuardian(caseId, guardianId, guardianDetailsOf(d))
        : apiClient.addGuardian(caseId, guardianDetailsOf(d)),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['case', caseId] });
      onClose(true);
    },
  });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const found = guardianProblems(draft);
    setMissing(found);
    if (Object.keys(found).length > 0) {
      const first = (['name', 'relation', 'phone', 'email'] as const).find((f) => found[f]);
      if (first) document.getElementById(`${idPrefix}-${first}`)?.focus();
      return;
    }
    save.mutate(draft);
  };
  const mapped = save.error ? mapFieldErrors(save.error, API_FIELDS) : null;
  const errors: Partial<Record<GuardianField, string>> = mapped
    ? mapped.byField
    : Object.fromEntries(Object.entries(missing).map(([f, k]) => [f, k ? problemTexts[k] : undefined]));
  return (
    <form className="form guardian" onSubmit={submit} noValidate aria-labelledby={`${idPrefix}-heading`}>
      <h3 id={`${idPrefix}-heading`}>{heading}</h3>
      {save.error && <ApiErrorAlert error={save.error} title={t.notSaved} details={mapped?.other ?? []} />}
      <GuardianFields idPrefix={idPrefix} value={draft} onChange={setDraft} errors={errors} disabled={save.isPending} />
      <div className="form__actions">
        <Button type="submit" variant="primary" isDisabled={save.isPending}>
          {save.isPending ? t.saving : t.save}
        </Button>
        <Button variant="quiet" onPress={() => onClose(false)}>
          {t.cancel}
        </Button>
      </div>
    </form>
  );
}
