import { SelectField } from '../../components/select-field';
import { TextField } from '../../components/text-field';
import { useOrganisations } from '../../hooks/use-organisations';
import { texts, useTexts } from '../../i18n/language';
import { NO_PROVIDER, type DraftSectionProps } from './case-draft';

const T = texts(
  {
    caseSection: 'Fall',
    caseRef: 'Fall-Referenz',
    caseRefHint: 'Pseudonyme Kennung aus der Fallakte, z. B. F-2025-0142. Bitte keine Namen eingeben.',
    provider: 'Träger',
    providerHint:
      'Der Träger, der den jungen Menschen betreut. Seine Fachkräfte können dann für diesen Fall eine Krise auslösen.',
    noProvider: 'Kein Träger',
    providersUnavailable: 'Die Träger konnten nicht geladen werden.',
  },
  {
    caseSection: 'Case',
    caseRef: 'Case reference',
    caseRefHint: 'Pseudonymous ID from the case file, e.g. F-2025-0142. Please do not enter names.',
    provider: 'Care provider',
    providerHint:
      'The care provider looking after the young person. Its staff can then trigger a crisis for this case.',
    noProvider: 'No care provider',
    providersUnavailable: 'The care providers could not be loaded.',
  },
);

/** The case itself: its pseudonymous reference and the Träger (chosen from the network's providers). */
export function CaseSection({ draft, set, errors, disabled }: DraftSectionProps) {
  const t = useTexts(T);
  const organisations = useOrganisations();
  const providers = [
    ...new Map(
      (organisations.data?.organisations ?? []).filter((o) => o.roles.includes('provider')).map((o) => [o.id, o]),
    ).values(),
  ];
  return (
    <section className="card form-section" aria-labelledby="case-heading">
      <h2 id="case-heading">{t.caseSection}</h2>
      <TextField
        id="caseId"
        label={t.caseRef}
        hint={t.caseRefHint}
        value={draft.caseId}
        onChange={set('caseId')}
        error={errors.caseId}
        maxLength={64}
        autoComplete="off"
        autoCapitalize="off"
        spellCheck={false}
        required
        disabled={disabled}
      />
      <SelectField
        id="provider"
        label={t.provider}
        hint={organisations.error ? `${t.providerHint} ${t.providersUnavailable}` : t.providerHint}
        options={[
          { value: NO_PROVIDER, label: t.noProvider },
          ...providers.map((o) => ({ value: o.id, label: o.name })),
        ]}
        value={draft.provider}
        onChange={set('provider')}
        error={errors.provider}
        disabled={disabled}
      />
    </section>
  );
}
