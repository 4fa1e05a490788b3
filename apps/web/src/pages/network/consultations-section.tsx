import {
  consultationSpecialties,
  type ConsultationSpecialty,
  type ConsultationView,
  type PartnerView,
} from '@hilfenetz/contracts';
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError } from '../../api/api-error';
import { cooperationApi } from '../../api/network-cooperation-api';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { Button } from '../../components/button';
import { SelectField } from '../../components/select-field';
import { TextareaField } from '../../components/textarea-field';
import { TextField } from '../../components/text-field';
import { useTexts, texts } from '../../i18n/language';

const SPECIALTY: Record<ConsultationSpecialty, string> = {
  insoweit_erfahrene_fachkraft: 'Insoweit erfahrene Fachkraft',
  kinder_jugendpsychiatrie: 'Kinder- und Jugendpsychiatrie',
  psychotherapie: 'Psychotherapie',
  hebamme: 'Hebamme',
  paediatrie: 'Kinderarztpraxis',
  sonstige: 'Andere Fachstelle',
};

const T = texts(
  {
    title: 'Fallberatung ohne Namen',
    intro:
      'Beschreiben Sie den Fall so, dass niemand die Familie erkennen kann: ohne Namen, Geburtsdatum, Anschrift, Telefonnummer oder Aktenzeichen.',
    ask: 'Beratung anfragen',
    to: 'An wen?',
    wholeNetwork: 'Das ganze Netzwerk',
    specialty: 'Fachrichtung',
    topic: 'Thema',
    topicHint: 'Kurz, z. B. „Säugling, Mutter psychisch belastet“.',
    question: 'Fallbeschreibung und Frage',
    send: 'Anfrage senden',
    sent: 'Ihre Anfrage ist gestellt.',
    none: 'Noch keine Fallberatungen.',
    asked: (org: string, at: string) => `Gefragt von ${org} am ${at}`,
    answers: 'Antworten',
    answer: 'Ihre Antwort',
    sendAnswer: 'Antwort speichern',
    answered: 'Ihre Antwort ist gespeichert.',
    caseExample: 'Fallbeispiel für eine Netzwerkkonferenz',
    markExample: 'Als Fallbeispiel vormerken',
    unmarkExample: 'Nicht mehr als Fallbeispiel',
    invalid: 'Bitte prüfen Sie die markierten Felder.',
  },
  {
    title: 'Case consultation without names',
    intro:
      'Describe the case so that nobody can recognise the family: no names, date of birth, address, phone number or case reference.',
    ask: 'Ask for advice',
    to: 'To whom?',
    wholeNetwork: 'The whole network',
    specialty: 'Specialty',
    topic: 'Topic',
    topicHint: 'Short, e.g. "Infant, mother under strain".',
    question: 'Case description and question',
    send: 'Send the question',
    sent: 'Your question is asked.',
    none: 'No consultations yet.',
    asked: (org: string, at: string) => `Asked by ${org} on ${at}`,
    answers: 'Answers',
    answer: 'Your answer',
    sendAnswer: 'Save the answer',
    answered: 'Your answer is saved.',
    caseExample: 'Case example for a network meeting',
    markExample: 'Mark as case example',
    unmarkExample: 'No longer a case example',
    invalid: 'Please check the marked fields.',
  },
);

/** The server's reasons for one field, shown at the field (the server's check is the one that counts). */
function atField(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const reasons = error.fieldErrors.filter((e) => e.field === field).map((e) => e.reason);
  return reasons.length > 0 ? `Der Text ${reasons.join('; ')}.` : undefined;
}

const dateOf = (iso: string) => new Date(iso).toLocaleDateString('de-DE');

interface Props {
  networkId: string;
  partners: PartnerView[];
  onNotice: (notice: string) => void;
}

/** Anonymous case consultations (issue 17 part 5): ask, read answers, answer, pick case examples. */
export function ConsultationsSection({ networkId, partners, onNotice }: Props) {
  const t = useTexts(T);
  const [list, setList] = useState<ConsultationView[] | null>(null);
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const [to, setTo] = useState<string>('network');
  const [specialty, setSpecialty] = useState<ConsultationSpecialty>('insoweit_erfahrene_fachkraft');
  const [topic, setTopic] = useState('');
  const [question, setQuestion] = useState('');
  const [askError, setAskError] = useState<unknown>(null);

  useEffect(() => {
    const abort = new AbortController();
    cooperationApi.consultations(networkId, abort.signal).then(
      (r) => setList(r.consultations),
      (err: unknown) => {
        if (!(err instanceof DOMException && err.name === 'AbortError')) setError(err);
      },
    );
    return () => abort.abort();
  }, [networkId, version]);

  const nameOf = (organisationId: string) =>
    partners.find((p) => p.organisationId === organisationId)?.name ?? organisationId;

  const ask = async (e: FormEvent) => {
    e.preventDefault();
    setAskError(null);
    try {
      await cooperationApi.ask(networkId, {
        addressedTo: to === 'network' ? { kind: 'network' } : { kind: 'specialist', organisationId: to, specialty },
        topic,
        question,
      });
      setTopic('');
      setQuestion('');
      onNotice(t.sent);
      setVersion((v) => v + 1);
    } catch (err) {
      setAskError(err);
    }
  };

  const topicError = atField(askError, 'body.topic');
  const questionError = atField(askError, 'body.question');
  return (
    <section aria-labelledby="beratung-titel">
      <h2 id="beratung-titel">{t.title}</h2>
      <form className="form card" aria-label={t.ask} onSubmit={(e) => void ask(e)} noValidate>
        <h3>{t.ask}</h3>
        <p className="muted">{t.intro}</p>
        {askError !== null && !topicError && !questionError && <ApiErrorAlert error={askError} />}
        {(topicError ?? questionError) && <p role="alert">{t.invalid}</p>}
        <SelectField
          id="beratung-an"
          label={t.to}
          options={[
            { value: 'network', label: t.wholeNetwork },
            ...partners.map((p) => ({ value: p.organisationId, label: p.name })),
          ]}
          value={to}
          onChange={setTo}
        />
        {to !== 'network' && (
          <SelectField
            id="beratung-fachrichtung"
            label={t.specialty}
            options={consultationSpecialties.map((s) => ({ value: s, label: SPECIALTY[s] }))}
            value={specialty}
            onChange={setSpecialty}
          />
        )}
        <TextField
          id="beratung-thema"
          label={t.topic}
          hint={t.topicHint}
          value={topic}
          onChange={setTopic}
          error={topicError}
          required
        />
        <TextareaField
          id="beratung-frage"
          label={t.question}
          value={question}
          onChange={setQuestion}
          error={questionError}
          rows={6}
          required
        />
        <div className="form__actions">
          <Button type="submit" variant="primary">
            {t.send}
          </Button>
        </div>
      </form>
      {error !== null && <ApiErrorAlert error={error} />}
      {list?.length === 0 && <p>{t.none}</p>}
      {list?.map((c) => (
        <ConsultationCard
          key={`${c.consultationId}/${version}`}
          networkId={networkId}
          consultation={c}
          nameOf={nameOf}
          onChanged={(notice) => {
            onNotice(notice);
            setVersion((v) => v + 1);
          }}
        />
      ))}
    </section>
  );
}

function ConsultationCard({
  networkId,
  consultation: c,
  nameOf,
  onChanged,
}: {
  networkId: string;
  consultation: ConsultationView;
  nameOf: (organisationId: string) => string;
  onChanged: (notice: string) => void;
}) {
  const t = useTexts(T);
  const [answer, setAnswer] = useState('');
  const [error, setError] = useState<unknown>(null);
  const answerError = atField(error, 'body.answer');
  const send = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await cooperationApi.answer(networkId, c.consultationId, answer);
      onChanged(t.answered);
    } catch (err) {
      setError(err);
    }
  };
  const mark = async () => {
    try {
      await cooperationApi.markCaseExample(networkId, c.consultationId, !c.caseExample);
      onChanged(c.caseExample ? t.unmarkExample : t.caseExample);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <article className="card" aria-labelledby={`beratung-${c.consultationId}`} data-consultation={c.consultationId}>
      <h3 id={`beratung-${c.consultationId}`}>{c.topic}</h3>
      <p className="muted">
        {t.asked(nameOf(c.askedBy.organisationId), dateOf(c.askedAt))}
        {c.addressedTo.kind === 'specialist'
          ? ` · ${SPECIALTY[c.addressedTo.specialty]} (${nameOf(c.addressedTo.organisationId)})`
          : ` · ${t.wholeNetwork}`}
        {c.caseExample && ` · ${t.caseExample}`}
      </p>
      <p>{c.question}</p>
      {c.answers.length > 0 && (
        <>
          <h4>{t.answers}</h4>
          <ul>
            {c.answers.map((a) => (
              <li key={a.answerId}>
                {a.answer}{' '}
                <span className="muted">
                  ({nameOf(a.answeredBy.organisationId)}, {dateOf(a.answeredAt)})
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      {error !== null && !answerError && <ApiErrorAlert error={error} />}
      {c.callerMay.answer && (
        <form className="form" aria-label={t.answer} onSubmit={(e) => void send(e)} noValidate>
          <TextareaField
            id={`antwort-${c.consultationId}`}
            label={t.answer}
            value={answer}
            onChange={setAnswer}
            error={answerError}
            rows={3}
            required
          />
          <div className="form__actions">
            <Button type="submit" variant="primary">
              {t.sendAnswer}
            </Button>
          </div>
        </form>
      )}
      {c.callerMay.markCaseExample && (
        <Button type="button" variant="secondary" onPress={() => void mark()}>
          {c.caseExample ? t.unmarkExample : t.markExample}
        </Button>
      )}
    </article>
  );
}
