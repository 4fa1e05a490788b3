import type { KkgFeedbackLiveState } from '@hilfenetz/contracts';
import { FactRow } from '../../components/fact-row';
import { formatDateTime } from '../../i18n/date-format';
import { texts, useTexts } from '../../i18n/language';
import { useKkgTerms } from './kkg-terms';

const T = texts(
  {
    heading: (at: string) => `Meldung vom ${at}`,
    reporter: 'Meldende Stelle',
    channel: 'Eingang',
    due: 'Rückmeldung fällig bis',
    status: 'Stand',
    confirmed: 'Anhaltspunkte bestätigt',
    acting: 'Jugendamt tätig',
    givenAt: 'Rückmeldung am',
  },
  {
    heading: (at: string) => `Report of ${at}`,
    reporter: 'Reporting service',
    channel: 'Received',
    due: 'Feedback due by',
    status: 'State',
    confirmed: 'Indications confirmed',
    acting: 'Youth office acting',
    givenAt: 'Feedback on',
  },
);

/** One report: who reported how, the deadline, and the feedback once given. */
export function ReportItem({ report }: { report: KkgFeedbackLiveState }) {
  const t = useTexts(T);
  const terms = useKkgTerms();
  const profession = terms.professions.find((p) => p.value === report.reporter.profession)?.label ?? '';
  const yesNo = (b: boolean) => (b ? terms.yes : terms.no);
  return (
    <>
      <h2 id={`kkg-${report.reportId}`}>{t.heading(formatDateTime(report.receivedAt))}</h2>
      <dl className="facts">
        <FactRow label={t.reporter}>{`${report.reporter.organisationId} (${profession})`}</FactRow>
        <FactRow label={t.channel}>{terms.channel[report.channel]}</FactRow>
        <FactRow label={t.due}>{formatDateTime(report.feedbackDueAt)}</FactRow>
        <FactRow label={t.status} alert={report.status === 'escalated'}>
          {terms.status[report.status]}
        </FactRow>
        {report.feedback && (
          <>
            <FactRow label={t.confirmed}>{yesNo(report.feedback.riskConfirmed)}</FactRow>
            <FactRow label={t.acting}>{yesNo(report.feedback.acting)}</FactRow>
            <FactRow label={t.givenAt}>{formatDateTime(report.feedback.givenAt)}</FactRow>
          </>
        )}
      </dl>
    </>
  );
}
