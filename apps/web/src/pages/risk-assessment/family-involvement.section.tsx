import type { RecordFamilyInvolvementRequest } from '@hilfenetz/contracts';
import { useState } from 'react';
import { RadioGroup } from '../../components/radio-group';
import { TextField } from '../../components/text-field';
import { TextareaField } from '../../components/textarea-field';
import { texts, useTexts } from '../../i18n/language';
import { riskAssessmentApi } from './risk-assessment-api';
import { instantOf, StepForm, type StepProps } from './step-form';

const T = texts(
  {
    title: 'Beteiligung von Kind und Sorgeberechtigten',
    intro:
      'Kind und Sorgeberechtigte werden beteiligt, soweit dadurch der wirksame Schutz des Kindes nicht in Frage gestellt wird; sonst wird der Grund festgehalten.',
    youngPerson: 'Kind / Jugendliche*r beteiligt?',
    guardians: 'Sorgeberechtigte beteiligt?',
    yes: 'Ja',
    no: 'Nein – würde das Kind gefährden',
    at: 'Beteiligt am',
    reason: 'Grund, warum nicht beteiligt',
    save: 'Beteiligung festhalten',
    failed: 'Beteiligung nicht festgehalten',
    missing: 'Bitte ausfüllen.',
  },
  {
    title: 'Involvement of child and guardians',
    intro:
      'The child and the guardians are involved unless that would defeat the child’s protection; otherwise the reason is recorded.',
    youngPerson: 'Child involved?',
    guardians: 'Guardians involved?',
    yes: 'Yes',
    no: 'No – it would endanger the child',
    at: 'Involved on',
    reason: 'Why not involved',
    save: 'Record involvement',
    failed: 'Involvement not recorded',
    missing: 'Please fill in.',
  },
);

type Choice = 'yes' | 'no';
interface Involvement {
  choice: Choice | '';
  at: string;
  reason: string;
}
type Involved = RecordFamilyInvolvementRequest['youngPerson'];

function InvolvementFields({
  id,
  legend,
  value,
  onChange,
  tried,
}: {
  id: string;
  legend: string;
  value: Involvement;
  onChange: (v: Involvement) => void;
  tried: boolean;
}) {
  const t = useTexts(T);
  return (
    <>
      <RadioGroup<Choice>
        name={`${id}Choice`}
        legend={legend}
        options={[
          { value: 'yes', label: t.yes },
          { value: 'no', label: t.no },
        ]}
        value={value.choice}
        onChange={(choice) => onChange({ ...value, choice })}
        error={tried && !value.choice ? t.missing : undefined}
      />
      {value.choice === 'yes' && (
        <TextField
          id={`${id}At`}
          label={t.at}
          type="datetime-local"
          value={value.at}
          onChange={(at) => onChange({ ...value, at })}
          required
          error={tried && !value.at ? t.missing : undefined}
        />
      )}
      {value.choice === 'no' && (
        <TextareaField
          id={`${id}Reason`}
          label={t.reason}
          value={value.reason}
          rows={2}
          maxLength={2_000}
          onChange={(reason) => onChange({ ...value, reason })}
          required
          error={tried && value.reason.trim().length < 3 ? t.missing : undefined}
        />
      )}
    </>
  );
}

function toRequest(v: Involvement): Involved | null {
  if (v.choice === 'yes') {
    const at = instantOf(v.at);
    return at ? { involved: true, at } : null;
  }
  if (v.choice === 'no' && v.reason.trim().length >= 3) return { involved: false, reason: v.reason };
  return null;
}

/** How the child and the guardians were involved, or why not (the reason sealed). */
export function FamilyInvolvementStep({ caseId, assessmentId, onDone }: StepProps) {
  const t = useTexts(T);
  const empty: Involvement = { choice: '', at: '', reason: '' };
  const [child, setChild] = useState<Involvement>(empty);
  const [guardians, setGuardians] = useState<Involvement>(empty);
  const [tried, setTried] = useState(false);
  return (
    <StepForm
      id="ra-family"
      title={t.title}
      submitLabel={t.save}
      failedTitle={t.failed}
      send={(b) => riskAssessmentApi.recordFamilyInvolvement(caseId, assessmentId, b)}
      body={() => {
        setTried(true);
        const youngPerson = toRequest(child);
        const g = toRequest(guardians);
        return youngPerson && g ? { youngPerson, guardians: g } : null;
      }}
      onDone={onDone}
    >
      <p>{t.intro}</p>
      <InvolvementFields id="raChild" legend={t.youngPerson} value={child} onChange={setChild} tried={tried} />
      <InvolvementFields
        id="raGuardians"
        legend={t.guardians}
        value={guardians}
        onChange={setGuardians}
        tried={tried}
      />
    </StepForm>
  );
}
