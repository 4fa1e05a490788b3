import type { RiskAssessmentLiveState, StartRiskAssessmentRequest } from '@hilfenetz/contracts';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { Button } from '../../components/button';
import { RadioGroup } from '../../components/radio-group';
import { TextField } from '../../components/text-field';
import { TextareaField } from '../../components/textarea-field';
import { texts, useTexts } from '../../i18n/language';
import { refusalDetails } from './refusal-messages';
import { riskAssessmentApi } from './risk-assessment-api';

type OriginKind = StartRiskAssessmentRequest['origin']['kind'];

const T = texts(
  {
    heading: 'Neue Gefährdungseinschätzung beginnen',
    intro:
      'Gewichtige Anhaltspunkte für eine Gefährdung festhalten. Der Text wird verschlüsselt gespeichert; die Fristen der Kooperationsvereinbarung beginnen mit dem Start.',
    origin: 'Anlass',
    originCase: 'Aus der Fallarbeit',
    originCrisis: 'Aus einer Krise',
    originReport: 'Meldung nach § 4 KKG',
    crisisId: 'Kennung der Krise',
    reportId: 'Kennung der Meldung',
    concern: 'Gewichtige Anhaltspunkte',
    concernHint: 'Was wurde beobachtet oder berichtet? Mindestens drei Zeichen.',
    concernMissing: 'Bitte die Anhaltspunkte beschreiben.',
    start: 'Gefährdungseinschätzung beginnen',
    starting: 'Wird begonnen …',
    failed: 'Gefährdungseinschätzung nicht begonnen',
  },
  {
    heading: 'Start a new risk assessment',
    intro:
      'Record the weighty indications of a risk. The text is stored encrypted; the agreement’s deadlines start with the start.',
    origin: 'Occasion',
    originCase: 'From case work',
    originCrisis: 'From a crisis',
    originReport: 'Report under § 4 KKG',
    crisisId: 'Crisis id',
    reportId: 'Report id',
    concern: 'Weighty indications',
    concernHint: 'What was observed or reported? At least three characters.',
    concernMissing: 'Please describe the indications.',
    start: 'Start risk assessment',
    starting: 'Starting …',
    failed: 'Risk assessment not started',
  },
);

/** Starts an assessment with the concern and its occasion (case, crisis or § 4 KKG report). */
export function StartAssessment({
  caseId,
  onStarted,
}: {
  caseId: string;
  onStarted: (s: RiskAssessmentLiveState) => void;
}) {
  const t = useTexts(T);
  // Opened from a crisis page (`?krise=<id>`): that crisis is the occasion, already filled in.
  const fromCrisis = new URLSearchParams(window.location.search).get('krise');
  const [origin, setOrigin] = useState<OriginKind>(fromCrisis ? 'crisis' : 'case');
  const [reference, setReference] = useState(fromCrisis ?? '');
  const [concern, setConcern] = useState('');
  const [missing, setMissing] = useState(false);
  const start = useMutation({
    mutationFn: (body: StartRiskAssessmentRequest) => riskAssessmentApi.start(caseId, body),
    onSuccess: (s) => {
      setConcern('');
      onStarted(s);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (concern.trim().length < 3) {
      setMissing(true);
      return;
    }
    setMissing(false);
    const from: StartRiskAssessmentRequest['origin'] =
      origin === 'crisis'
        ? { kind: 'crisis', crisisId: reference.trim() }
        : origin === 'kkg_report'
          ? { kind: 'kkg_report', reportId: reference.trim() }
          : { kind: 'case' };
    start.mutate({ origin: from, concern });
  };
  return (
    <section className="card" aria-labelledby="ra-start-heading">
      <h2 id="ra-start-heading">{t.heading}</h2>
      <p>{t.intro}</p>
      {start.error !== null && (
        <ApiErrorAlert error={start.error} title={t.failed} details={refusalDetails(start.error)} />
      )}
      <form className="form" noValidate onSubmit={submit}>
        <RadioGroup<OriginKind>
          name="raOrigin"
          legend={t.origin}
          options={[
            { value: 'case', label: t.originCase },
            { value: 'crisis', label: t.originCrisis },
            { value: 'kkg_report', label: t.originReport },
          ]}
          value={origin}
          onChange={setOrigin}
        />
        {origin !== 'case' && (
          <TextField
            id="raOriginReference"
            label={origin === 'crisis' ? t.crisisId : t.reportId}
            value={reference}
            onChange={setReference}
            maxLength={128}
            required
          />
        )}
        <TextareaField
          id="raConcern"
          label={t.concern}
          hint={t.concernHint}
          value={concern}
          onChange={setConcern}
          error={missing ? t.concernMissing : undefined}
          maxLength={20_000}
          rows={4}
          required
        />
        <div className="form__actions">
          <Button variant="primary" type="submit" isDisabled={start.isPending}>
            {start.isPending ? t.starting : t.start}
          </Button>
        </div>
      </form>
    </section>
  );
}
