import {
  goalStatuses,
  proposalTargets,
  weaknessStatuses,
  type AnnualGoalView,
  type GoalStatus,
  type NetworkWeaknessEntry,
  type ProposalTarget,
  type WeaknessStatus,
} from '@hilfenetz/contracts';
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError } from '../../api/api-error';
import { cooperationApi } from '../../api/network-cooperation-api';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { Button } from '../../components/button';
import { SelectField } from '../../components/select-field';
import { TextareaField } from '../../components/textarea-field';
import { TextField } from '../../components/text-field';
import { useDownload } from '../../hooks/use-download';

const STATUS: Record<WeaknessStatus, string> = {
  open: 'offen',
  to_committee: 'an Gremium',
  adopted_in_agreement: 'in Vereinbarung übernommen',
  resolved: 'erledigt',
};
const TARGET: Record<ProposalTarget, string> = {
  jugendhilfeausschuss: 'Jugendhilfeausschuss',
  anderes_gremium: 'anderes Gremium',
  naechste_vereinbarung: 'nächste Fassung der Vereinbarung',
};
const GOAL: Record<GoalStatus, string> = {
  planned: 'geplant',
  in_progress: 'in Umsetzung',
  achieved: 'erreicht',
  not_achieved: 'nicht erreicht',
};

/** The server's reasons for a field, shown at the field. */
function atField(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const reasons = error.fieldErrors.filter((e) => e.field === field).map((e) => e.reason);
  return reasons.length > 0 ? `Der Text ${reasons.join('; ')}.` : undefined;
}

interface Props {
  networkId: string;
  onNotice: (notice: string) => void;
}

/**
 * The network's register of weaknesses and proposals, the annual goals and the annual report
 * (issue 17 part 7): everyone records; the coordinating office groups, proposes and moves on.
 */
export function RegisterSection({ networkId, onNotice }: Props) {
  const [entries, setEntries] = useState<NetworkWeaknessEntry[] | null>(null);
  const [goals, setGoals] = useState<AnnualGoalView[]>([]);
  const [coordinator, setCoordinator] = useState(false);
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const [what, setWhat] = useState('');
  const [where, setWhere] = useState('');
  const [example, setExample] = useState('');
  const [recordError, setRecordError] = useState<unknown>(null);
  const year = new Date().getFullYear();
  const pdf = useDownload();

  useEffect(() => {
    const abort = new AbortController();
    Promise.all([cooperationApi.register(networkId, abort.signal), cooperationApi.goals(networkId, abort.signal)]).then(
      ([r, g]) => {
        setEntries(r.entries);
        setCoordinator(r.callerIsCoordinator);
        setGoals(g.goals);
      },
      (err: unknown) => {
        if (!(err instanceof DOMException && err.name === 'AbortError')) setError(err);
      },
    );
    return () => abort.abort();
  }, [networkId, version]);

  const changed = (notice: string) => {
    onNotice(notice);
    setVersion((v) => v + 1);
  };
  const act = (run: () => Promise<unknown>, notice: string) => {
    run().then(
      () => changed(notice),
      (err: unknown) => setError(err),
    );
  };

  const record = async (e: FormEvent) => {
    e.preventDefault();
    setRecordError(null);
    try {
      await cooperationApi.recordWeakness(networkId, { what, where, example });
      setWhat('');
      setWhere('');
      setExample('');
      changed('Die Schwachstelle ist eingetragen. Das Register zeigt sie gleich.');
    } catch (err) {
      setRecordError(err);
    }
  };

  return (
    <section aria-labelledby="register-titel">
      <h2 id="register-titel">Register der Schwachstellen und Vorschläge</h2>
      <form className="form card" aria-label="Schwachstelle eintragen" onSubmit={(e) => void record(e)} noValidate>
        <h3>Schwachstelle eintragen</h3>
        <p className="muted">
          Beschreiben Sie, was an einer Schnittstelle nicht funktioniert – ohne Namen, Daten oder Aktenzeichen.
        </p>
        {recordError !== null && !(recordError instanceof ApiError && recordError.kind === 'invalid') && (
          <ApiErrorAlert error={recordError} />
        )}
        <TextField
          id="register-was"
          label="Was geht schief?"
          value={what}
          onChange={setWhat}
          error={atField(recordError, 'body.what')}
          required
        />
        <TextField
          id="register-wo"
          label="An welcher Schnittstelle?"
          hint="z. B. Geburtsklinik → Familienhebamme"
          value={where}
          onChange={setWhere}
          error={atField(recordError, 'body.where')}
          required
        />
        <TextareaField
          id="register-beispiel"
          label="Beispiel ohne Namen"
          value={example}
          onChange={setExample}
          error={atField(recordError, 'body.example')}
          rows={3}
          required
        />
        <div className="form__actions">
          <Button type="submit" variant="primary">
            Eintragen
          </Button>
        </div>
      </form>
      {error !== null && <ApiErrorAlert error={error} />}
      {entries?.length === 0 && <p>Noch keine Einträge.</p>}
      {entries?.map((e) => (
        <WeaknessCard
          key={`${e.weaknessId}/${version}`}
          networkId={networkId}
          entry={e}
          coordinator={coordinator}
          act={act}
        />
      ))}
      <h3>Jahresziele</h3>
      {goals.length === 0 && <p>Noch keine Jahresziele.</p>}
      <ul>
        {goals.map((g) => (
          <li key={g.goalId}>
            <strong>
              {g.year}: {g.title}
            </strong>{' '}
            – {GOAL[g.status]}
            <ol>
              {g.plan.map((p, i) => (
                <li key={i}>
                  {p.step}
                  {p.dueMonth ? ` (bis ${p.dueMonth})` : ''}
                </li>
              ))}
            </ol>
            {coordinator && (
              <SelectField
                id={`ziel-status-${g.goalId}`}
                label={`Stand von „${g.title}“`}
                options={goalStatuses.map((s) => ({ value: s, label: GOAL[s] }))}
                value={g.status}
                onChange={(s) =>
                  act(() => cooperationApi.goalStatus(networkId, g.goalId, s), 'Der Stand des Ziels ist gespeichert.')
                }
              />
            )}
          </li>
        ))}
      </ul>
      {coordinator && (
        <GoalForm networkId={networkId} year={year} onSet={() => changed('Das Jahresziel ist angelegt.')} />
      )}
      <h3>Jahresbericht für den Jugendhilfeausschuss</h3>
      <p className="muted">
        Nur Anzahlen: Konferenzen, Partner, Angebote, Fallberatungen, Vermittlungen und das Register.
      </p>
      <Button
        variant="secondary"
        isDisabled={pdf.busy}
        onPress={() =>
          void pdf.download(
            () => cooperationApi.annualReport(networkId, year),
            () => `jahresbericht-${year}.pdf`,
          )
        }
      >
        {pdf.busy ? 'Wird erstellt …' : `Jahresbericht ${year} als PDF herunterladen`}
      </Button>
      {pdf.error !== null && <ApiErrorAlert error={pdf.error} />}
    </section>
  );
}

function WeaknessCard({
  networkId,
  entry: e,
  coordinator,
  act,
}: {
  networkId: string;
  entry: NetworkWeaknessEntry;
  coordinator: boolean;
  act: (run: () => Promise<unknown>, notice: string) => void;
}) {
  const [group, setGroup] = useState(e.group ?? '');
  const [target, setTarget] = useState<ProposalTarget>(e.proposal?.target ?? 'jugendhilfeausschuss');
  const [proposal, setProposal] = useState(e.proposal?.text ?? '');
  return (
    <article className="card" aria-labelledby={`schwachstelle-${e.weaknessId}`} data-weakness={e.weaknessId}>
      <h4 id={`schwachstelle-${e.weaknessId}`}>{e.what}</h4>
      <p className="muted">
        {e.where} · Status: {STATUS[e.status]} (seit {new Date(e.statusChangedAt).toLocaleDateString('de-DE')})
        {e.group && ` · Gruppe: ${e.group}`}
      </p>
      <p>{e.example}</p>
      {e.proposal && (
        <p>
          Vorschlag an {TARGET[e.proposal.target]}: {e.proposal.text}
        </p>
      )}
      {coordinator && (
        <div className="form">
          <TextField id={`gruppe-${e.weaknessId}`} label="Gruppe" value={group} onChange={setGroup} />
          <Button
            variant="secondary"
            onPress={() =>
              act(() => cooperationApi.groupWeaknesses(networkId, [e.weaknessId], group), 'Die Gruppe ist gespeichert.')
            }
          >
            Gruppe speichern
          </Button>
          <SelectField
            id={`ziel-${e.weaknessId}`}
            label="Vorschlag an"
            options={proposalTargets.map((t) => ({ value: t, label: TARGET[t] }))}
            value={target}
            onChange={setTarget}
          />
          <TextareaField
            id={`vorschlag-${e.weaknessId}`}
            label="Vorschlag"
            value={proposal}
            onChange={setProposal}
            rows={2}
          />
          <Button
            variant="secondary"
            onPress={() =>
              act(
                () => cooperationApi.proposeWeakness(networkId, e.weaknessId, { target, proposal }),
                'Der Vorschlag ist gespeichert.',
              )
            }
          >
            Vorschlag speichern
          </Button>
          <SelectField
            id={`status-${e.weaknessId}`}
            label="Status"
            options={weaknessStatuses.map((s) => ({ value: s, label: STATUS[s] }))}
            value={e.status}
            onChange={(s) =>
              act(() => cooperationApi.weaknessStatus(networkId, e.weaknessId, s), 'Der Status ist gespeichert.')
            }
          />
        </div>
      )}
    </article>
  );
}

function GoalForm({ networkId, year, onSet }: { networkId: string; year: number; onSet: () => void }) {
  const [title, setTitle] = useState('');
  const [steps, setSteps] = useState('');
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const plan = steps
        .split('\n')
        .map((s) => s.trim())
        .filter((s) => s.length > 0)
        .map((step) => ({ step }));
      await cooperationApi.setGoal(networkId, { year, title, plan });
      onSet();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form className="form card" aria-label="Jahresziel anlegen" onSubmit={(e) => void submit(e)} noValidate>
      <h4>Jahresziel {year} anlegen</h4>
      {error !== null && <ApiErrorAlert error={error} />}
      <TextField
        id="ziel-titel"
        label="Ziel"
        value={title}
        onChange={setTitle}
        error={atField(error, 'body.title')}
        required
      />
      <TextareaField
        id="ziel-plan"
        label="Umsetzungsplan (ein Schritt je Zeile)"
        value={steps}
        onChange={setSteps}
        rows={3}
        required
      />
      <div className="form__actions">
        <Button type="submit" variant="primary">
          Ziel anlegen
        </Button>
      </div>
    </form>
  );
}
