import type { GuardianView } from '@hilfenetz/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiClient } from '../../api/api-client';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { Button } from '../../components/button';
import { draftOf } from '../../components/guardian-fields';
import { formatDateTime } from '../../i18n/date-format';
import { channelLabel, languageLabel, relationLabel } from '../../i18n/guardians';
import { texts, useTexts } from '../../i18n/language';
import { GuardianForm } from './guardian-form';

const T = texts(
  {
    erased: 'gelöscht',
    erasedAt: (when: string) => ` am ${when} Uhr (personenbezogene Daten gelöscht)`,
    relation: 'Beziehung',
    phone: 'Telefon',
    email: 'E-Mail',
    language: 'Sprache',
    channel: 'Bevorzugter Weg',
    change: 'Ändern',
    remove: 'Entfernen …',
    confirmRemove: (name: string) => `${name} wirklich als sorgeberechtigt austragen?`,
    yesRemove: 'Ja, austragen',
    cancel: 'Abbrechen',
    notRemoved: 'Nicht ausgetragen',
  },
  {
    erased: 'erased',
    erasedAt: (when: string) => ` on ${when} (personal data erased)`,
    relation: 'Relation',
    phone: 'Phone',
    email: 'E-mail',
    language: 'Language',
    channel: 'Preferred channel',
    change: 'Change',
    remove: 'Remove …',
    confirmRemove: (name: string) => `Really remove ${name} as legal guardian?`,
    yesRemove: 'Yes, remove',
    cancel: 'Cancel',
    notRemoved: 'Not removed',
  },
);

interface GuardianItemProps {
  caseId: string;
  guardian: GuardianView;
  mayEdit: boolean;
  onDone: (what: 'saved' | 'removed') => void;
}

/** One guardian of the case: the details, changed in place, removed after a confirmation. */
export function GuardianItem({ caseId, guardian, mayEdit, onDone }: GuardianItemProps) {
  const t = useTexts(T);
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<'show' | 'edit' | 'remove'>('show');
  const remove = useMutation({
    mutationFn: () => apiClient.removeGuardian(caseId, guardian.guardianId),
    onSuccess: async () => {
      onDone('removed');
      await queryClient.invalidateQueries({ queryKey: ['case', caseId] });
    },
  });
  if (guardian.status === 'erased') {
    return (
      <li className="guardian-item">
        <span className="badge">{t.erased}</span>
        {t.erasedAt(formatDateTime(guardian.erasedAt))}
      </li>
    );
  }
  if (mode === 'edit') {
    return (
      <li className="guardian-item">
        <GuardianForm
          caseId={caseId}
          guardianId={guardian.guardianId}
          initial={draftOf(guardian)}
          heading={guardian.name}
          onClose={(saved) => {
            setMode('show');
            if (saved) onDone('saved');
          }}
        />
      </li>
    );
  }
  return (
    <li className="guardian-item">
      <h3 className="guardian-item__name">{guardian.name}</h3>
      <dl className="facts facts--compact">
        <div className="facts__row">
          <dt>{t.relation}</dt>
          <dd>{relationLabel(guardian.relation)}</dd>
        </div>
        {guardian.phone && (
          <div className="facts__row">
            <dt>{t.phone}</dt>
            <dd>
              <a href={`tel:${guardian.phone}`}>{guardian.phone}</a>
            </dd>
          </div>
        )}
        {guardian.email && (
          <div className="facts__row">
            <dt>{t.email}</dt>
            <dd>{guardian.email}</dd>
          </div>
        )}
        <div className="facts__row">
          <dt>{t.language}</dt>
          <dd>{languageLabel(guardian.language)}</dd>
        </div>
        <div className="facts__row">
          <dt>{t.channel}</dt>
          <dd>{channelLabel(guardian.preferredChannel)}</dd>
        </div>
      </dl>
      {remove.error && <ApiErrorAlert error={remove.error} title={t.notRemoved} />}
      {mayEdit && mode === 'show' && (
        <div className="form__actions">
          <Button variant="secondary" onPress={() => setMode('edit')}>
            {t.change}
          </Button>
          <Button variant="danger-outline" onPress={() => setMode('remove')}>
            {t.remove}
          </Button>
        </div>
      )}
      {mode === 'remove' && (
        <div className="confirm" role="group" aria-label={t.confirmRemove(guardian.name)}>
          <p>{t.confirmRemove(guardian.name)}</p>
          <div className="form__actions">
            <Button variant="danger" isDisabled={remove.isPending} onPress={() => remove.mutate()} autoFocus>
              {t.yesRemove}
            </Button>
            <Button variant="quiet" onPress={() => setMode('show')}>
              {t.cancel}
            </Button>
          </div>
        </div>
      )}
    </li>
  );
}
