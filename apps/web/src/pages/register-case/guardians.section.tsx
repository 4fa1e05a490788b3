import { useRef, useState } from 'react';
import { Button } from '../../components/button';
import {
  emptyGuardian,
  GuardianFields,
  MAX_GUARDIANS,
  type GuardianDraft,
  type GuardianField,
} from '../../components/guardian-fields';
import { texts, useTexts } from '../../i18n/language';

const T = texts(
  {
    guardiansSection: 'Sorgeberechtigte',
    guardiansLead:
      'Bis zu vier Personen, in der Reihenfolge, in der sie in einer Krise benachrichtigt werden. Sie brauchen kein Konto: Sie erhalten eine SMS, einen Anruf oder eine E-Mail mit einem Bestätigungscode.',
    guardianHeading: (n: number) => `Sorgeberechtigte Person ${n}`,
    noGuardians: 'Noch keine Sorgeberechtigten eingetragen.',
    addGuardian: 'Sorgeberechtigte Person hinzufügen',
    removeGuardian: (n: number) => `Person ${n} entfernen`,
  },
  {
    guardiansSection: 'Legal guardians',
    guardiansLead:
      'Up to four people, in the order they are notified in a crisis. They need no account: they receive an SMS, a call or an e-mail with a confirmation code.',
    guardianHeading: (n: number) => `Legal guardian ${n}`,
    noGuardians: 'No legal guardians entered yet.',
    addGuardian: 'Add a legal guardian',
    removeGuardian: (n: number) => `Remove person ${n}`,
  },
);

interface GuardiansSectionProps {
  guardians: GuardianDraft[];
  /** Changes the list as it is when the change lands. */
  onChange: (update: (guardians: GuardianDraft[]) => GuardianDraft[]) => void;
  errorsOf: (index: number) => Partial<Record<GuardianField, string>>;
  /** A guardian was removed: problems found before point at the old positions. */
  onRemoved: () => void;
  disabled: boolean;
}

/** The guardians of a new case, in the order they are notified: add, fill in, remove, up to four. */
export function GuardiansSection({ guardians, onChange, errorsOf, onRemoved, disabled }: GuardiansSectionProps) {
  const t = useTexts(T);
  // Guardians keep a stable key while others are removed above them.
  const [keys, setKeys] = useState<number[]>([]);
  const nextKey = useRef(0);
  const addRef = useRef<HTMLButtonElement>(null);

  const setGuardian = (i: number) => (g: GuardianDraft) => onChange((gs) => gs.map((old, j) => (j === i ? g : old)));
  const addGuardian = () => {
    if (guardians.length >= MAX_GUARDIANS) return;
    const index = guardians.length;
    onChange((gs) => [...gs, emptyGuardian()]);
    setKeys((k) => [...k, nextKey.current++]);
    // The new person's first field takes the focus, so keyboard users continue there.
    requestAnimationFrame(() => document.getElementById(`guardian-${index}-name`)?.focus());
  };
  const removeGuardian = (i: number) => {
    onChange((gs) => gs.filter((_, j) => j !== i));
    setKeys((k) => k.filter((_, j) => j !== i));
    onRemoved();
    requestAnimationFrame(() => addRef.current?.focus());
  };

  return (
    <section className="card form-section" aria-labelledby="guardians-heading">
      <h2 id="guardians-heading">{t.guardiansSection}</h2>
      <p className="muted">{t.guardiansLead}</p>
      {guardians.length === 0 && <p className="empty">{t.noGuardians}</p>}
      {guardians.map((g, i) => (
        <fieldset key={keys[i]} className="guardian" aria-labelledby={`guardian-${i}-heading`}>
          <div className="guardian__head">
            <h3 id={`guardian-${i}-heading`}>{t.guardianHeading(i + 1)}</h3>
            <Button variant="quiet" onPress={() => removeGuardian(i)} isDisabled={disabled}>
              {t.removeGuardian(i + 1)}
            </Button>
          </div>
          <GuardianFields
            idPrefix={`guardian-${i}`}
            value={g}
            onChange={setGuardian(i)}
            errors={errorsOf(i)}
            disabled={disabled}
          />
        </fieldset>
      ))}
      {guardians.length < MAX_GUARDIANS && (
        <div className="form__actions">
          <Button variant="secondary" buttonRef={addRef} onPress={addGuardian} isDisabled={disabled}>
            {t.addGuardian}
          </Button>
        </div>
      )}
    </section>
  );
}
