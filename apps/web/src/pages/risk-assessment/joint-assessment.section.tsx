import { useState } from 'react';
import { Button } from '../../components/button';
import { TextField } from '../../components/text-field';
import { TextareaField } from '../../components/textarea-field';
import { texts, useTexts } from '../../i18n/language';
import { riskAssessmentApi } from './risk-assessment-api';
import { instantOf, StepForm, type StepProps } from './step-form';

const T = texts(
  {
    title: 'Gemeinsame Gefährdungseinschätzung (§ 8a Abs. 1 SGB VIII)',
    intro: 'Mindestens zwei Fachkräfte schätzen das Gefährdungsrisiko gemeinsam ein.',
    professional: (n: number) => `Fachkraft ${n}: Kennung`,
    role: (n: number) => `Fachkraft ${n}: Funktion`,
    another: 'Weitere Fachkraft',
    at: 'Eingeschätzt am',
    assessment: 'Einschätzung',
    save: 'Einschätzung festhalten',
    failed: 'Einschätzung nicht festgehalten',
    missing: 'Bitte ausfüllen.',
  },
  {
    title: 'Joint risk assessment (§ 8a (1) SGB VIII)',
    intro: 'At least two professionals assess the risk together.',
    professional: (n: number) => `Professional ${n}: account`,
    role: (n: number) => `Professional ${n}: function`,
    another: 'Another professional',
    at: 'Assessed on',
    assessment: 'Assessment',
    save: 'Record assessment',
    failed: 'Assessment not recorded',
    missing: 'Please fill in.',
  },
);

interface Professional {
  professionalId: string;
  function: string;
}

/**
 * Who assessed together (their accounts and functions: pseudonymous ids, no names), when, and the
 * assessment itself (sealed). One professional only is refused by the API and named at the field.
 */
export function JointAssessmentStep({
  caseId,
  assessmentId,
  organisationId,
  onDone,
}: StepProps & { organisationId: string }) {
  const t = useTexts(T);
  const [people, setPeople] = useState<Professional[]>([
    { professionalId: '', function: '' },
    { professionalId: '', function: '' },
  ]);
  const [at, setAt] = useState('');
  const [assessment, setAssessment] = useState('');
  const [tried, setTried] = useState(false);
  const assessedAt = instantOf(at);
  const set = (i: number, patch: Partial<Professional>) =>
    setPeople((ps) => ps.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  return (
    <StepForm
      id="ra-joint"
      title={t.title}
      submitLabel={t.save}
      failedTitle={t.failed}
      send={(b) => riskAssessmentApi.recordJointAssessment(caseId, assessmentId, b)}
      body={() => {
        setTried(true);
        if (!assessedAt || assessment.trim().length < 3) return null;
        // Rows left empty are not sent: the API then names what is missing (two professionals).
        const named = people.filter((p) => p.professionalId.trim());
        return {
          professionals: named.map((p) => ({
            professionalId: p.professionalId.trim(),
            organisationId,
            function: p.function.trim() || '–',
          })),
          assessedAt,
          assessment,
        };
      }}
      onDone={onDone}
    >
      <p>{t.intro}</p>
      {people.map((p, i) => (
        <div key={i}>
          <TextField
            id={`raProfessional${i}`}
            label={t.professional(i + 1)}
            value={p.professionalId}
            onChange={(v) => set(i, { professionalId: v })}
            maxLength={128}
          />
          <TextField
            id={`raProfessionalRole${i}`}
            label={t.role(i + 1)}
            value={p.function}
            onChange={(v) => set(i, { function: v })}
            maxLength={100}
          />
        </div>
      ))}
      <Button variant="secondary" onPress={() => setPeople((ps) => [...ps, { professionalId: '', function: '' }])}>
        {t.another}
      </Button>
      <TextField
        id="raAssessedAt"
        label={t.at}
        type="datetime-local"
        value={at}
        onChange={setAt}
        required
        error={tried && !assessedAt ? t.missing : undefined}
      />
      <TextareaField
        id="raAssessment"
        label={t.assessment}
        value={assessment}
        onChange={setAssessment}
        rows={4}
        maxLength={20_000}
        required
        error={tried && assessment.trim().length < 3 ? t.missing : undefined}
      />
    </StepForm>
  );
}
