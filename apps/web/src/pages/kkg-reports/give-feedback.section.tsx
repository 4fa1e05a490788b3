import type { GiveKkgFeedbackRequest, KkgFeedbackLiveState } from '@hilfenetz/contracts';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { Button } from '../../components/button';
import { RadioGroup } from '../../components/radio-group';
import { texts, useTexts } from '../../i18n/language';
import { kkgReportsApi } from './kkg-reports-api';
import { useKkgTerms } from './kkg-terms';

const T = texts(
  {
    heading: 'Rückmeldung an die meldende Stelle (§ 4 Abs. 4 KKG)',
    intro: 'Die Rückmeldung enthält nur diese zwei Antworten, keine weiteren Angaben zum Fall.',
    confirmed: 'Sieht das Jugendamt die gewichtigen Anhaltspunkte bestätigt?',
    acting: 'Ist das Jugendamt zum Schutz des Kindes tätig geworden und noch tätig?',
    missing: 'Bitte wählen.',
    send: 'Rückmeldung geben',
    failed: 'Rückmeldung nicht gegeben',
    conflict: 'Die Rückmeldung wurde bereits gegeben.',
  },
  {
    heading: 'Feedback to the reporter (§ 4 (4) KKG)',
    intro: 'The feedback holds only these two answers, no further detail of the case.',
    confirmed: 'Does the youth office see the weighty indications confirmed?',
    acting: 'Has the youth office acted to protect the child, and is it still acting?',
    missing: 'Please choose.',
    send: 'Give feedback',
    failed: 'Feedback not given',
    conflict: 'The feedback was given already.',
  },
);

type YesNo = 'yes' | 'no';

/** The youth office's two answers to one report. */
export function GiveFeedback({
  caseId,
  report,
  onGiven,
}: {
  caseId: string;
  report: KkgFeedbackLiveState;
  onGiven: (r: KkgFeedbackLiveState) => void;
}) {
  const t = useTexts(T);
  const terms = useKkgTerms();
  const [confirmed, setConfirmed] = useState<YesNo | ''>('');
  const [acting, setActing] = useState<YesNo | ''>('');
  const [tried, setTried] = useState(false);
  const give = useMutation({
    mutationFn: (b: GiveKkgFeedbackRequest) => kkgReportsApi.giveFeedback(caseId, report.reportId, b),
    onSuccess: onGiven,
  });
  const options = [
    { value: 'yes' as const, label: terms.yes },
    { value: 'no' as const, label: terms.no },
  ];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (!confirmed || !acting) return;
    give.mutate({ riskConfirmed: confirmed === 'yes', acting: acting === 'yes' });
  };
  const id = `kkg-feedback-${report.reportId}`;
  return (
    <section className="card" aria-labelledby={id}>
      <h3 id={id}>{t.heading}</h3>
      <p>{t.intro}</p>
      {give.error !== null && <ApiErrorAlert error={give.error} title={t.failed} conflictMessage={t.conflict} />}
      <form className="form" noValidate onSubmit={submit}>
        <RadioGroup<YesNo>
          name={`${id}-confirmed`}
          legend={t.confirmed}
          options={options}
          value={confirmed}
          onChange={setConfirmed}
          error={tried && !confirmed ? t.missing : undefined}
        />
        <RadioGroup<YesNo>
          name={`${id}-acting`}
          legend={t.acting}
          options={options}
          value={acting}
          onChange={setActing}
          error={tried && !acting ? t.missing : undefined}
        />
        <div className="form__actions">
          <Button variant="primary" type="submit" isDisabled={give.isPending}>
            {t.send}
          </Button>
        </div>
      </form>
    </section>
  );
}
