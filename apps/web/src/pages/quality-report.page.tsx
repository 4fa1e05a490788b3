import type { InterfaceFigures, NetworkFigures, QualityCell, QualityReport } from '@hilfenetz/contracts';
import { useState, type FormEvent } from 'react';
import { requestBlob } from '../api/http-request';
import { ApiErrorAlert } from '../components/api-error-alert';
import { Button } from '../components/button';
import { useDownload } from '../hooks/use-download';
import { useOrganisations } from '../hooks/use-organisations';
import { usePageTitle } from '../hooks/use-page-title';
import { partyLabel } from '../i18n/parties';
import { Link } from '../routing/link';
import { paths } from '../routing/routes';
import { MonthChart, monthLabel } from './quality-report/month-chart';
import { INTERFACE_FIGURES, NETWORK_FIGURES } from './quality-report/quality-report-labels';
import { reportQuery, useQualityReport, type ReportPeriod } from './quality-report/use-quality-report';
import { WeaknessRegisterSection } from './quality-report/weakness-register-section';

/** The month running now in Berlin, and the one `back` months before it. */
function monthOf(back: number): string {
  const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit' })
    .format(new Date())
    .split('-')
    .map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 - back, 15));
  return d.toISOString().slice(0, 7);
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** Why a period cannot be reported, in German; null when it can. */
function periodProblem(from: string, to: string): string | null {
  if (!MONTH.test(from) || !MONTH.test(to)) return 'Bitte ganze Kalendermonate wählen (Monat und Jahr).';
  if (from > to) return '„Bis“ darf nicht vor „Von“ liegen.';
  if (to > monthOf(0)) return 'Der Zeitraum darf nicht nach dem laufenden Monat enden.';
  return null;
}

const cell = (v: QualityCell) => (typeof v === 'number' ? v.toLocaleString('de-DE') : '< 5');

/**
 * Qualitätsbericht für den Runden Tisch (issue 18 §3, docs/adr/0029): the anonymised report of the
 * user's agreement over whole months, per interface a table and the handoff latency per month as a
 * chart, the network's §4 KKG, §8a and Hilfeplanung figures, and the CSV for the meeting's papers.
 */
export function QualityReportPage({ organisationId, roles }: { organisationId: string; roles: readonly string[] }) {
  usePageTitle('Qualitätsbericht');
  const organisations = useOrganisations();
  const own = organisations.data?.organisations.find((o) => o.id === organisationId);
  const agreementId = own?.agreementId ?? null;
  // The lead office (the agreement's youth office) annotates its items and keeps the register.
  const leadOffice = own?.roles.includes('youth_office') === true;
  const keepsRegister = leadOffice && (roles.includes('supervisor') || roles.includes('caseworker'));
  const [draft, setDraft] = useState({ from: monthOf(5), to: monthOf(0) });
  const [chosen, setChosen] = useState(draft);
  const period: ReportPeriod | null = agreementId ? { agreementId, ...chosen } : null;
  const report = useQualityReport(period);
  const csv = useDownload();
  const pdf = useDownload();

  const [periodError, setPeriodError] = useState<string | null>(null);

  // Checked here too, so the user reads why in German at once; the API refuses the same (ADR 0029).
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problem = periodProblem(draft.from, draft.to);
    setPeriodError(problem);
    if (!problem) setChosen(draft);
  };
  return (
    <section aria-labelledby="qualitaetsbericht-titel" className="quality-report">
      <h1 id="qualitaetsbericht-titel" tabIndex={-1}>
        Qualitätsbericht für den Runden Tisch
      </h1>
      <p>
        Anonymisiert: keine Fälle, Personen, Freitexte oder Uhrzeiten, nur ganze Kalendermonate. Jede Zahl, die auf
        weniger als 5 Fällen beruht, wird als „&lt; 5“ ausgewiesen.
      </p>
      <form className="quality-report__period" onSubmit={submit}>
        <div className="field">
          <label className="field__label" htmlFor="bericht-von">
            Von (Monat)
          </label>
          <input
            id="bericht-von"
            className="field__input"
            type="month"
            value={draft.from}
            max={monthOf(0)}
            required
            onChange={(e) => setDraft({ ...draft, from: e.target.value })}
          />
        </div>
        <div className="field">
          <label className="field__label" htmlFor="bericht-bis">
            Bis (Monat)
          </label>
          <input
            id="bericht-bis"
            className="field__input"
            type="month"
            value={draft.to}
            max={monthOf(0)}
            required
            onChange={(e) => setDraft({ ...draft, to: e.target.value })}
          />
        </div>
        <Button variant="primary" type="submit">
          Bericht anzeigen
        </Button>
        {period && (
          <Button
            variant="secondary"
            isDisabled={csv.busy}
            onPress={() =>
              void csv.download(
                () => requestBlob(`/quality-reports/export?${reportQuery(period)}&format=csv`),
                () => `qualitaetsbericht-${period.from}-${period.to}.csv`,
              )
            }
          >
            {csv.busy ? 'Wird erstellt …' : 'Als CSV herunterladen'}
          </Button>
        )}
        {period && (
          <Button
            variant="secondary"
            isDisabled={pdf.busy}
            onPress={() =>
              void pdf.download(
                () => requestBlob(`/quality-reports/export?${reportQuery(period)}&format=pdf`),
                () => `qualitaetsbericht-${period.from}-${period.to}.pdf`,
              )
            }
          >
            {pdf.busy ? 'Wird erstellt …' : 'Als PDF herunterladen'}
          </Button>
        )}
      </form>
      {periodError && (
        <p className="field-error" role="alert">
          {periodError}
        </p>
      )}
      {csv.error !== null && <ApiErrorAlert error={csv.error} />}
      {pdf.error !== null && <ApiErrorAlert error={pdf.error} />}
      {keepsRegister && (
        <p>
          <Link to={paths.interfaceAnalysis()}>Fehleranalyse: Ursachen der eigenen Fälle erfassen</Link>
        </p>
      )}
      {organisations.isSuccess && !agreementId && <p>Ihre Organisation gehört zu keiner Vereinbarung in Kraft.</p>}
      {report.error && <ApiErrorAlert error={report.error} />}
      {report.isLoading && <p>Wird geladen …</p>}
      {report.data && <ReportView report={report.data} />}
      {agreementId && <WeaknessRegisterSection agreementId={agreementId} canChange={keepsRegister} />}
    </section>
  );
}

function ReportView({ report }: { report: QualityReport }) {
  return (
    <>
      <p className="quality-report__scope">
        Zeitraum {monthLabel(report.from)} bis {monthLabel(report.to)}, Vereinbarung {report.agreementId}.
      </p>
      <h2>Netzwerk</h2>
      <FigureTable
        caption="Kennzahlen des Netzwerks"
        rows={NETWORK_FIGURES}
        total={report.network.total}
        byMonth={report.network.byMonth}
      />
      <h2>Schnittstellen</h2>
      {report.interfaces.length === 0 && <p>Im Zeitraum gab es keine Krisenaufgaben.</p>}
      {report.interfaces.map((i) => {
        const title = `${partyLabel(i.party)} – ${i.organisationName}`;
        return (
          <article key={`${i.party}/${i.organisationId}`} className="card quality-report__interface">
            <h3>{title}</h3>
            <MonthChart
              title={`${title}: Auslösung → Bestätigung, Median je Monat`}
              unit="Sekunden"
              values={i.byMonth.map((m) => ({ month: m.month, value: m.latencyMedianSeconds }))}
            />
            <FigureTable caption={title} rows={INTERFACE_FIGURES} total={i.total} byMonth={i.byMonth} />
            {i.causes.length > 0 && (
              <div className="table-scroll">
                <table className="table">
                  <caption>{`Ursachen laut Fehleranalyse, ${monthLabel(report.from)} bis ${monthLabel(report.to)}`}</caption>
                  <thead>
                    <tr>
                      <th scope="col">Ursache</th>
                      <th scope="col">Ereignisse</th>
                    </tr>
                  </thead>
                  <tbody>
                    {i.causes.map((c) => (
                      <tr key={c.category}>
                        <th scope="row">{c.label}</th>
                        <td>{cell(c.items)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {i.declineReasons.length > 0 && (
              <div className="table-scroll">
                <table className="table">
                  <caption>{`Ablehnungen nach Grund, ${monthLabel(report.from)} bis ${monthLabel(report.to)}`}</caption>
                  <thead>
                    <tr>
                      <th scope="col">Grund der Ablehnung</th>
                      <th scope="col">Ablehnungen</th>
                    </tr>
                  </thead>
                  <tbody>
                    {i.declineReasons.map((d) => (
                      <tr key={d.category}>
                        <th scope="row">{d.label}</th>
                        <td>{cell(d.declines)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </article>
        );
      })}
    </>
  );
}

function FigureTable<F extends InterfaceFigures | NetworkFigures>({
  caption,
  rows,
  total,
  byMonth,
}: {
  caption: string;
  rows: [keyof F, string][];
  total: F;
  byMonth: (F & { month: string })[];
}) {
  return (
    <div className="table-scroll">
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Kennzahl</th>
            <th scope="col">Gesamt</th>
            {byMonth.map((m) => (
              <th scope="col" key={m.month}>
                {monthLabel(m.month)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(([key, label]) => (
            <tr key={String(key)}>
              <th scope="row">{label}</th>
              <td>{cell(total[key] as QualityCell)}</td>
              {byMonth.map((m) => (
                <td key={m.month}>{cell(m[key] as QualityCell)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
