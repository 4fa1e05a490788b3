import { useState } from 'react';
import { TextField } from '../../components/text-field';
import { texts, useTexts } from '../../i18n/language';
import { riskAssessmentApi } from './risk-assessment-api';
import { instantOf, StepForm, type StepProps } from './step-form';

const T = texts(
  {
    title: 'Insoweit erfahrene Fachkraft hinzuziehen (§ 8a Abs. 4 SGB VIII)',
    name: 'Name der Fachkraft',
    organisation: 'Beratungsstelle',
    at: 'Beraten am',
    save: 'Beratung festhalten',
    failed: 'Beratung nicht festgehalten',
    missing: 'Bitte ausfüllen.',
  },
  {
    title: 'Consult the child-protection specialist (§ 8a (4) SGB VIII)',
    name: 'Name of the specialist',
    organisation: 'Counselling service',
    at: 'Consulted on',
    save: 'Record consultation',
    failed: 'Consultation not recorded',
    missing: 'Please fill in.',
  },
);

/** A Träger's assessment names the insoweit erfahrene Fachkraft it consulted (sealed). */
export function SpecialistStep({ caseId, assessmentId, onDone }: StepProps) {
  const t = useTexts(T);
  const [name, setName] = useState('');
  const [organisation, setOrganisation] = useState('');
  const [at, setAt] = useState('');
  const [tried, setTried] = useState(false);
  const consultedAt = instantOf(at);
  return (
    <StepForm
      id="ra-specialist"
      title={t.title}
      submitLabel={t.save}
      failedTitle={t.failed}
      send={(b) => riskAssessmentApi.consultSpecialist(caseId, assessmentId, b)}
      body={() => {
        setTried(true);
        if (!name.trim() || !organisation.trim() || !consultedAt) return null;
        return { specialistName: name, specialistOrganisation: organisation, consultedAt };
      }}
      onDone={onDone}
    >
      <TextField
        id="raSpecialistName"
        label={t.name}
        value={name}
        onChange={setName}
        maxLength={200}
        required
        error={tried && !name.trim() ? t.missing : undefined}
      />
      <TextField
        id="raSpecialistOrganisation"
        label={t.organisation}
        value={organisation}
        onChange={setOrganisation}
        maxLength={200}
        required
        error={tried && !organisation.trim() ? t.missing : undefined}
      />
      <TextField
        id="raSpecialistAt"
        label={t.at}
        type="datetime-local"
        value={at}
        onChange={setAt}
        required
        error={tried && !consultedAt ? t.missing : undefined}
      />
    </StepForm>
  );
}
