import { TextField } from '../../components/text-field';
import { texts, useTexts } from '../../i18n/language';
import { today, type DraftSectionProps } from './case-draft';

const T = texts(
  {
    personSection: 'Junger Mensch',
    givenName: 'Vorname',
    familyName: 'Nachname',
    dateOfBirth: 'Geburtsdatum',
    address: 'Anschrift (optional)',
    addressHint: 'Wo der junge Mensch gemeldet ist oder lebt, z. B. die Wohngruppe.',
  },
  {
    personSection: 'Young person',
    givenName: 'First name',
    familyName: 'Last name',
    dateOfBirth: 'Date of birth',
    address: 'Address (optional)',
    addressHint: 'Where the young person is registered or lives, e.g. the residential group.',
  },
);

/** The young person of a new case: name, date of birth (not in the future), address. */
export function YoungPersonSection({ draft, set, errors, disabled }: DraftSectionProps) {
  const t = useTexts(T);
  return (
    <section className="card form-section" aria-labelledby="person-heading">
      <h2 id="person-heading">{t.personSection}</h2>
      <div className="form-grid">
        <TextField
          id="givenName"
          label={t.givenName}
          value={draft.givenName}
          onChange={set('givenName')}
          error={errors.givenName}
          maxLength={100}
          autoComplete="off"
          required
          disabled={disabled}
        />
        <TextField
          id="familyName"
          label={t.familyName}
          value={draft.familyName}
          onChange={set('familyName')}
          error={errors.familyName}
          maxLength={100}
          autoComplete="off"
          required
          disabled={disabled}
        />
      </div>
      <TextField
        id="dateOfBirth"
        type="date"
        label={t.dateOfBirth}
        value={draft.dateOfBirth}
        onChange={set('dateOfBirth')}
        error={errors.dateOfBirth}
        max={today()}
        required
        disabled={disabled}
      />
      <TextField
        id="address"
        label={t.address}
        hint={t.addressHint}
        value={draft.address}
        onChange={set('address')}
        error={errors.address}
        maxLength={300}
        autoComplete="off"
        disabled={disabled}
      />
    </section>
  );
}
