import type { GuardianView } from '@hilfenetz/contracts';
import { useRef, useState } from 'react';
import { Button } from '../../components/button';
import { emptyGuardian, MAX_GUARDIANS } from '../../components/guardian-fields';
import { texts, useTexts } from '../../i18n/language';
import { GuardianForm } from './guardian-form';
import { GuardianItem } from './guardian-item';

const T = texts(
  {
    guardians: 'Sorgeberechtigte',
    guardiansLead: 'In dieser Reihenfolge werden sie in einer Krise benachrichtigt.',
    noGuardians:
      'Keine Sorgeberechtigten eingetragen: In einer Krise kann niemand aus der Familie benachrichtigt werden.',
    add: 'Sorgeberechtigte Person hinzufügen',
    addHeading: 'Neue sorgeberechtigte Person',
    saved: 'Gespeichert.',
    removed: 'Ausgetragen.',
  },
  {
    guardians: 'Legal guardians',
    guardiansLead: 'They are notified in this order in a crisis.',
    noGuardians: 'No legal guardians recorded: nobody in the family can be notified in a crisis.',
    add: 'Add a legal guardian',
    addHeading: 'New legal guardian',
    saved: 'Saved.',
    removed: 'Removed.',
  },
);

interface GuardiansSectionProps {
  caseId: string;
  guardians: GuardianView[];
  /** False once the young person's data are erased: the list is then only shown. */
  mayEdit: boolean;
}

/** A case's guardians in the order they are notified, with adding one (up to four) and the notice of a change. */
export function GuardiansSection({ caseId, guardians, mayEdit }: GuardiansSectionProps) {
  const t = useTexts(T);
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState<'saved' | 'removed' | null>(null);
  const noticeRef = useRef<HTMLParagraphElement>(null);
  const done = (what: 'saved' | 'removed') => {
    setNotice(what);
    requestAnimationFrame(() => noticeRef.current?.focus());
  };
  const list = [...guardians].sort((a, b) => a.rank - b.rank);
  return (
    <section className="card" aria-labelledby="guardians-heading">
      <h2 id="guardians-heading">{t.guardians}</h2>
      <p ref={noticeRef} tabIndex={-1} role="status" className={notice ? 'notice-line' : 'visually-hidden'}>
        {notice ? t[notice] : ''}
      </p>
      {list.length === 0 ? (
        <p className="empty">{t.noGuardians}</p>
      ) : (
        <>
          <p className="muted">{t.guardiansLead}</p>
          <ol className="guardian-list">
            {list.map((g) => (
              <GuardianItem key={g.guardianId} caseId={caseId} guardian={g} mayEdit={mayEdit} onDone={done} />
            ))}
          </ol>
        </>
      )}
      {mayEdit && list.length < MAX_GUARDIANS && !adding && (
        <div className="form__actions">
          <Button variant="secondary" onPress={() => setAdding(true)}>
            {t.add}
          </Button>
        </div>
      )}
      {adding && (
        <GuardianForm
          caseId={caseId}
          guardianId={null}
          initial={emptyGuardian()}
          heading={t.addHeading}
          onClose={(saved) => {
            setAdding(false);
            if (saved) done('saved');
          }}
        />
      )}
    </section>
  );
}
