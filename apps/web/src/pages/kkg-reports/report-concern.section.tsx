import type { KkgFeedbackLiveState, KkgReporterProfession, ReportKkgConcernRequest } from '@hilfenetz/contracts';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { Button } from '../../components/button';
import { RadioGroup } from '../../components/radio-group';
import { TextField } from '../../components/text-field';
import { TextareaField } from '../../components/textarea-field';
import { texts, useTexts } from '../../i18n/language';
import { kkgReportsApi } from './kkg-reports-api';
import { useKkgTerms } from './kkg-terms';

const T = texts(
  {
    heading: 'Gewichtige Anhaltspunkte melden (§ 4 KKG)',
    intro:
      'Die Meldung wird verschlüsselt gespeichert. Das Jugendamt gibt Ihnen innerhalb der vereinbarten Frist Rückmeldung, ob es die Anhaltspunkte bestätigt sieht und ob es tätig ist.',
    profession: 'Meldende Berufsgruppe',
    concern: 'Beobachtete Anhaltspunkte',
    reporter: 'Kennung der meldenden Stelle (telefonische Meldung)',
    missing: 'Bitte ausfüllen.',
    send: 'Meldung absenden',
    failed: 'Meldung nicht gespeichert',
  },
  {
    heading: 'Report weighty indications (§ 4 KKG)',
    intro:
      'The report is stored encrypted. Within the agreed deadline the youth office tells you whether it sees the indications confirmed and whether it is acting.',
    profession: 'Reporting profession',
    concern: 'Indications observed',
    reporter: 'Id of the reporting service (report by phone)',
    missing: 'Please fill in.',
    send: 'Send report',
    failed: 'Report not saved',
  },
);

/** A professional's report, or the youth office's record of a phone call (naming the reporter). */
export function ReportConcern({
  caseId,
  byPhone,
  onReported,
}: {
  caseId: string;
  byPhone: boolean;
  onReported: (r: KkgFeedbackLiveState) => void;
}) {
  const t = useTexts(T);
  const terms = useKkgTerms();
  const [profession, setProfession] = useState<KkgReporterProfession | ''>('');
  const [concern, setConcern] = useState('');
  const [reporter, setReporter] = useState('');
  const [tried, setTried] = useState(false);
  const send = useMutation({
    mutationFn: (b: ReportKkgConcernRequest) => kkgReportsApi.report(caseId, b),
    onSuccess: (r) => {
      setConcern('');
      setTried(false);
      onReported(r);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (!profession || concern.trim().length < 3) return;
    send.mutate({
      profession,
      concern,
      ...(byPhone && reporter.trim() ? { reporterOrganisationId: reporter.trim() } : {}),
    });
  };
  return (
    <section className="card" aria-labelledby="kkg-report-heading">
      <h2 id="kkg-report-heading">{t.heading}</h2>
      <p>{t.intro}</p>
      {send.error !== null && <ApiErrorAlert error={send.error} title={t.failed} />}
      <form className="form" noValidate onSubmit={submit}>
        <RadioGroup<KkgReporterProfession>
          name="kkgProfession"
          legend={t.profession}
          options={terms.professions}
          value={profession}
          onChange={setProfession}
          error={tried && !profession ? t.missing : undefined}
        />
        {byPhone && (
          <TextField id="kkgReporter" label={t.reporter} value={reporter} onChange={setReporter} maxLength={128} />
        )}
        <TextareaField
          id="kkgConcern"
          label={t.concern}
          value={concern}
          onChange={setConcern}
          rows={4}
          maxLength={20_000}
          required
          error={tried && concern.trim().length < 3 ? t.missing : undefined}
        />
        <div className="form__actions">
          <Button variant="primary" type="submit" isDisabled={send.isPending}>
            {t.send}
          </Button>
        </div>
      </form>
    </section>
  );
}
