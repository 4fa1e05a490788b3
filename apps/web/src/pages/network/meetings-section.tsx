import type { MeetingList, MeetingView, PartnerView } from '@hilfenetz/contracts';
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError } from '../../api/api-error';
import { meetingsApi } from '../../api/network-meetings-api';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { Button } from '../../components/button';
import { SelectField } from '../../components/select-field';
import { TextareaField } from '../../components/textarea-field';
import { TextField } from '../../components/text-field';
import { texts, useTexts } from '../../i18n/language';

const de = {
  title: 'Netzwerktreffen',
  series: 'Treffenreihe',
  seriesRule: (m: number, f: number, done: { meetings: number; fachtage: number }) =>
    `Regel: ${m} Treffen${f > 0 ? ` und ${f} Fachtag${f > 1 ? 'e' : ''}` : ''} im Jahr – dieses Jahr: ${done.meetings} Treffen, ${done.fachtage} Fachtag${done.fachtage === 1 ? '' : 'e'}`,
  newSeries: 'Treffenreihe anlegen',
  seriesName: 'Name der Reihe',
  meetingsPerYear: 'Treffen im Jahr',
  fachtagePerYear: 'Fachtage im Jahr',
  createSeries: 'Reihe anlegen',
  seriesCreated: 'Die Treffenreihe ist angelegt.',
  newMeeting: 'Treffen ansetzen',
  kind: 'Art',
  kinds: { sitzung: 'Netzwerktreffen', fachtag: 'Fachtag' },
  meetingTitle: 'Titel',
  startsAt: 'Beginn',
  endsAt: 'Ende',
  room: 'Raum (optional)',
  topicsDueAt: 'Themen vorschlagen bis',
  schedule: 'Treffen ansetzen und einladen',
  scheduled: 'Das Treffen ist angesetzt; die Einladungen gehen an alle Kontaktpersonen.',
  none: 'Noch keine Treffen.',
  when: (from: string, to: string) => `${from} bis ${to}`,
  topics: 'Themen',
  topicsUntil: (at: string) => `Vorschläge und Stimmen bis ${at}`,
  topicsClosed: 'Die Frist für Themen ist abgelaufen.',
  votes: (n: number) => `${n} Stimme${n === 1 ? '' : 'n'}`,
  vote: (title: string) => `Für „${title}“ stimmen`,
  voted: 'Ihre Stimme ist gezählt.',
  proposeLabel: 'Neues Thema',
  propose: 'Thema vorschlagen',
  proposed: 'Ihr Thema ist vorgeschlagen.',
  agenda: 'Tagesordnung',
  agendaEdit: 'Tagesordnungspunkte (einer je Zeile)',
  agendaSave: 'Tagesordnung speichern',
  agendaSaved: 'Die Tagesordnung ist gespeichert.',
  attendance: 'Anwesend',
  attendanceSave: 'Anwesenheit speichern',
  attendanceSaved: 'Die Anwesenheit ist gespeichert.',
  minuteTaker: 'Protokoll führt',
  chooseMinuteTaker: 'Protokollführung festlegen',
  minuteTakerSaved: 'Die Protokollführung ist festgelegt.',
  minutes: 'Protokoll',
  minutesDraft: 'Protokollentwurf',
  minutesSave: 'Entwurf speichern',
  minutesSaved: 'Der Entwurf ist gespeichert.',
  approve: 'Protokoll freigeben und versenden',
  approved: 'Das Protokoll ist freigegeben und wird an alle Partner versandt.',
  minutesDue: (at: string) => `Protokoll fällig bis ${at}`,
  minutesState: {
    none: 'Noch kein Protokoll',
    drafted: 'Entwurf liegt vor',
    approved: 'Freigegeben',
    sent: 'Versandt',
  },
  overdue: { no: '', reminded: 'Protokoll überfällig (erinnert)', escalated: 'Protokoll überfällig – eskaliert' },
  mail: 'Versand',
  mailPurpose: { invitation: 'Einladung', reminder: 'Erinnerung', minutes: 'Protokoll' },
  mailCount: (sent: number, notSent: number) => `${sent} versandt${notSent > 0 ? `, ${notSent} nicht zustellbar` : ''}`,
  erased: '(gelöscht)',
  invalid: 'Bitte prüfen Sie die markierten Felder.',
  confirmTitle: 'Kontaktdaten bestätigen',
  confirmIntro: 'Einmal im Jahr bitten wir Sie, Ihre Angaben als Kontaktperson zu bestätigen.',
  confirm: 'Meine Kontaktdaten sind aktuell',
  confirmed: 'Danke, Ihre Kontaktdaten sind bestätigt.',
  confirmStatus: {
    confirmed: 'bestätigt',
    requested: 'Bestätigung angefragt',
    unconfirmed: 'Kontaktdaten unbestätigt',
  },
  confirmedAt: (at: string) => `zuletzt bestätigt am ${at}`,
  confirmationsTitle: 'Kontaktdaten der Partner',
};
const T = texts(de, de);
type Texts = typeof de;

const dateTime = (iso: string) => new Date(iso).toLocaleString('de-DE', { dateStyle: 'medium', timeStyle: 'short' });
const isoOf = (local: string) => (local ? new Date(local).toISOString() : '');

function fieldError(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const reasons = error.fieldErrors.filter((e) => e.field === field).map((e) => e.reason);
  return reasons.length > 0 ? reasons.join('; ') : undefined;
}

interface Props {
  networkId: string;
  coordinator: boolean;
  partners: PartnerView[];
  ownOrganisationId: string | null;
  onNotice: (notice: string) => void;
}

/** The network's meetings (issue 17 part 4) and the yearly contact confirmation (part 2). */
export function MeetingsSection({ networkId, coordinator, partners, ownOrganisationId, onNotice }: Props) {
  const t = useTexts(T);
  const [list, setList] = useState<MeetingList | null>(null);
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const reload = (notice: string) => {
    onNotice(notice);
    setVersion((v) => v + 1);
  };

  useEffect(() => {
    const abort = new AbortController();
    meetingsApi.list(networkId, abort.signal).then(setList, (err: unknown) => {
      if (!(err instanceof DOMException && err.name === 'AbortError')) setError(err);
    });
    return () => abort.abort();
  }, [networkId, version]);

  const nameOf = (organisationId: string) =>
    partners.find((p) => p.organisationId === organisationId)?.name ?? organisationId;

  return (
    <section aria-labelledby="treffen-titel">
      <h2 id="treffen-titel">{t.title}</h2>
      {error !== null && <ApiErrorAlert error={error} />}
      <ContactConfirmation
        key={`bestaetigung/${version}`}
        networkId={networkId}
        coordinator={coordinator}
        ownOrganisationId={ownOrganisationId}
        nameOf={nameOf}
        onChanged={reload}
        t={t}
      />
      {list?.series.map((s) => (
        <p key={s.seriesId}>
          <strong>{s.name}</strong> – {t.seriesRule(s.rule.meetingsPerYear, s.rule.fachtagePerYear, s.thisYear)}
        </p>
      ))}
      {coordinator && list && list.series.length > 0 && (
        <ScheduleForm networkId={networkId} series={list.series} onChanged={reload} t={t} />
      )}
      {coordinator && list && <SeriesForm networkId={networkId} onChanged={reload} t={t} />}
      {list?.meetings.length === 0 && <p>{t.none}</p>}
      {list?.meetings.map((m) => (
        <MeetingCard
          key={`${m.meetingId}/${version}`}
          networkId={networkId}
          meetingId={m.meetingId}
          partners={partners}
          nameOf={nameOf}
          onChanged={reload}
          t={t}
        />
      ))}
    </section>
  );
}

function ContactConfirmation(props: {
  networkId: string;
  coordinator: boolean;
  ownOrganisationId: string | null;
  nameOf: (id: string) => string;
  onChanged: (notice: string) => void;
  t: Texts;
}) {
  const { networkId, coordinator, ownOrganisationId, nameOf, onChanged, t } = props;
  const [statuses, setStatuses] = useState<Awaited<ReturnType<typeof meetingsApi.confirmations>> | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const abort = new AbortController();
    meetingsApi.confirmations(networkId, abort.signal).then(setStatuses, (err: unknown) => {
      if (!(err instanceof DOMException && err.name === 'AbortError')) setError(err);
    });
    return () => abort.abort();
  }, [networkId]);
  const own = statuses?.find((s) => s.organisationId === ownOrganisationId);
  return (
    <>
      {error !== null && <ApiErrorAlert error={error} />}
      {!coordinator && own && (
        <div className="card">
          <h3>{t.confirmTitle}</h3>
          <p>
            {t.confirmIntro} {t.confirmStatus[own.status]}, {t.confirmedAt(dateTime(own.lastConfirmedAt))}.
          </p>
          <Button
            variant="primary"
            onPress={() => {
              meetingsApi.confirmContact(networkId, own.organisationId).then(
                () => onChanged(t.confirmed),
                (err: unknown) => setError(err),
              );
            }}
          >
            {t.confirm}
          </Button>
        </div>
      )}
      {coordinator && statuses && statuses.length > 0 && (
        <>
          <h3>{t.confirmationsTitle}</h3>
          <ul>
            {statuses.map((s) => (
              <li key={s.contactId}>
                {nameOf(s.organisationId)}:{' '}
                {s.status === 'unconfirmed' ? (
                  <strong>{t.confirmStatus.unconfirmed}</strong>
                ) : (
                  t.confirmStatus[s.status]
                )}{' '}
                ({t.confirmedAt(dateTime(s.lastConfirmedAt))})
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

function SeriesForm({ networkId, onChanged, t }: { networkId: string; onChanged: (n: string) => void; t: Texts }) {
  const [name, setName] = useState('Netzwerktreffen');
  const [meetings, setMeetings] = useState('2');
  const [fachtage, setFachtage] = useState('0');
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await meetingsApi.createSeries(networkId, {
        name,
        rule: { meetingsPerYear: Number(meetings), fachtagePerYear: Number(fachtage) },
      });
      onChanged(t.seriesCreated);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form className="form card" aria-label={t.newSeries} onSubmit={(e) => void submit(e)} noValidate>
      <h3>{t.newSeries}</h3>
      {error !== null && <ApiErrorAlert error={error} />}
      <TextField id="reihe-name" label={t.seriesName} value={name} onChange={setName} required />
      <SelectField
        id="reihe-treffen"
        label={t.meetingsPerYear}
        options={['1', '2', '3', '4', '6'].map((v) => ({ value: v, label: v }))}
        value={meetings}
        onChange={setMeetings}
      />
      <SelectField
        id="reihe-fachtage"
        label={t.fachtagePerYear}
        options={['0', '1', '2'].map((v) => ({ value: v, label: v }))}
        value={fachtage}
        onChange={setFachtage}
      />
      <div className="form__actions">
        <Button type="submit" variant="primary">
          {t.createSeries}
        </Button>
      </div>
    </form>
  );
}

function ScheduleForm(props: {
  networkId: string;
  series: MeetingList['series'];
  onChanged: (n: string) => void;
  t: Texts;
}) {
  const { networkId, series, onChanged, t } = props;
  const [seriesId, setSeriesId] = useState(series[0]!.seriesId);
  const [kind, setKind] = useState<'sitzung' | 'fachtag'>('sitzung');
  const [title, setTitle] = useState('');
  const [startsAt, setStartsAt] = useState('');
  const [endsAt, setEndsAt] = useState('');
  const [room, setRoom] = useState('');
  const [topicsDueAt, setTopicsDueAt] = useState('');
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await meetingsApi.schedule(networkId, {
        seriesId,
        kind,
        title,
        startsAt: isoOf(startsAt),
        endsAt: isoOf(endsAt),
        ...(room.trim() ? { room } : {}),
        topicsDueAt: isoOf(topicsDueAt),
      });
      onChanged(t.scheduled);
    } catch (err) {
      setError(err);
    }
  };
  const at = (f: string) => fieldError(error, f);
  const known = ['body.title', 'body.startsAt', 'body.endsAt', 'body.topicsDueAt', 'body.room'].some((f) => at(f));
  return (
    <form className="form card" aria-label={t.newMeeting} onSubmit={(e) => void submit(e)} noValidate>
      <h3>{t.newMeeting}</h3>
      {error !== null && !known && <ApiErrorAlert error={error} />}
      {known && <p role="alert">{t.invalid}</p>}
      {series.length > 1 && (
        <SelectField
          id="treffen-reihe"
          label={t.series}
          options={series.map((x) => ({ value: x.seriesId, label: x.name }))}
          value={seriesId}
          onChange={setSeriesId}
        />
      )}
      <SelectField
        id="treffen-art"
        label={t.kind}
        options={[
          { value: 'sitzung', label: t.kinds.sitzung },
          { value: 'fachtag', label: t.kinds.fachtag },
        ]}
        value={kind}
        onChange={setKind}
      />
      <TextField
        id="treffen-titel-feld"
        label={t.meetingTitle}
        value={title}
        onChange={setTitle}
        error={at('body.title')}
        required
      />
      <TextField
        id="treffen-beginn"
        type="datetime-local"
        label={t.startsAt}
        value={startsAt}
        onChange={setStartsAt}
        error={at('body.startsAt')}
        required
      />
      <TextField
        id="treffen-ende"
        type="datetime-local"
        label={t.endsAt}
        value={endsAt}
        onChange={setEndsAt}
        error={at('body.endsAt')}
        required
      />
      <TextField id="treffen-raum" label={t.room} value={room} onChange={setRoom} error={at('body.room')} />
      <TextField
        id="treffen-themen-bis"
        type="datetime-local"
        label={t.topicsDueAt}
        value={topicsDueAt}
        onChange={setTopicsDueAt}
        error={at('body.topicsDueAt')}
        required
      />
      <div className="form__actions">
        <Button type="submit" variant="primary">
          {t.schedule}
        </Button>
      </div>
    </form>
  );
}

function MeetingCard(props: {
  networkId: string;
  meetingId: string;
  partners: PartnerView[];
  nameOf: (id: string) => string;
  onChanged: (notice: string) => void;
  t: Texts;
}) {
  const { networkId, meetingId, partners, nameOf, onChanged, t } = props;
  const [m, setM] = useState<MeetingView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [topic, setTopic] = useState('');
  const [agenda, setAgenda] = useState('');
  const [present, setPresent] = useState<string[]>([]);
  const [taker, setTaker] = useState('');
  const [minutes, setMinutes] = useState('');
  useEffect(() => {
    const abort = new AbortController();
    meetingsApi.view(networkId, meetingId, abort.signal).then(
      (v) => {
        setM(v);
        setAgenda(v.agenda.map((a) => a.title ?? '').join('\n'));
        setPresent(v.presentOrganisationIds);
        setTaker(v.minuteTakerOrganisationId ?? partners[0]?.organisationId ?? '');
        setMinutes(v.minutes?.text ?? '');
      },
      (err: unknown) => {
        if (!(err instanceof DOMException && err.name === 'AbortError')) setError(err);
      },
    );
    return () => abort.abort();
  }, [networkId, meetingId, partners]);
  if (!m) return error !== null ? <ApiErrorAlert error={error} /> : null;
  const act = (p: Promise<unknown>, notice: string) => {
    setError(null);
    p.then(
      () => onChanged(notice),
      (err: unknown) => setError(err),
    );
  };
  const held = Date.parse(m.startsAt) <= Date.now();
  const open = m.minutesStatus === 'none' || m.minutesStatus === 'drafted';
  const h = `treffen-${m.meetingId}`;
  return (
    <article className="card" aria-labelledby={h}>
      <h3 id={h}>
        {t.kinds[m.kind]}: {m.title}
      </h3>
      <p>
        {t.when(dateTime(m.startsAt), dateTime(m.endsAt))}
        {m.room ? ` · ${m.room}` : ''}
      </p>
      {error !== null && <ApiErrorAlert error={error} />}
      <p>
        {t.mail}:{' '}
        {m.mail
          .filter((x) => x.sent + x.notSent > 0)
          .map((x) => `${t.mailPurpose[x.purpose]} ${t.mailCount(x.sent, x.notSent)}`)
          .join(' · ') || '–'}
      </p>

      <h4>{t.topics}</h4>
      <p className="muted">{m.topicsOpen ? t.topicsUntil(dateTime(m.topicsDueAt)) : t.topicsClosed}</p>
      <ul>
        {m.topics.map((tp) => (
          <li key={tp.topicId}>
            {tp.title ?? t.erased} ({nameOf(tp.organisationId)}) – {t.votes(tp.votes)}{' '}
            {m.topicsOpen && !tp.votedByMe && (
              <Button
                variant="secondary"
                onPress={() => act(meetingsApi.vote(networkId, m.meetingId, tp.topicId), t.voted)}
              >
                {t.vote(tp.title ?? t.erased)}
              </Button>
            )}
          </li>
        ))}
      </ul>
      {m.topicsOpen && (
        <form
          className="form"
          aria-label={t.propose}
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            act(meetingsApi.propose(networkId, m.meetingId, topic), t.proposed);
          }}
        >
          <TextField
            id={`${h}-thema`}
            label={t.proposeLabel}
            value={topic}
            onChange={setTopic}
            error={fieldError(error, 'body.title')}
            required
          />
          <div className="form__actions">
            <Button type="submit" variant="secondary">
              {t.propose}
            </Button>
          </div>
        </form>
      )}

      <h4>{t.agenda}</h4>
      {m.agenda.length > 0 && (
        <ol>
          {m.agenda.map((a, i) => (
            <li key={i}>{a.title ?? t.erased}</li>
          ))}
        </ol>
      )}
      {m.mayManage && open && (
        <form
          className="form"
          aria-label={t.agendaSave}
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const items = agenda.split('\n').map((title) => {
              const match = m.topics.find((tp) => tp.title === title.trim());
              return { ...(match ? { topicId: match.topicId } : {}), title };
            });
            act(meetingsApi.setAgenda(networkId, m.meetingId, items), t.agendaSaved);
          }}
        >
          <TextareaField id={`${h}-tagesordnung`} label={t.agendaEdit} value={agenda} onChange={setAgenda} rows={4} />
          <div className="form__actions">
            <Button type="submit" variant="secondary">
              {t.agendaSave}
            </Button>
          </div>
        </form>
      )}

      {m.mayManage && held && open && (
        <>
          <fieldset>
            <legend>{t.attendance}</legend>
            {partners.map((p) => (
              <label key={p.organisationId} className="checkbox">
                <input
                  type="checkbox"
                  checked={present.includes(p.organisationId)}
                  onChange={(e) =>
                    setPresent((prev) =>
                      e.target.checked ? [...prev, p.organisationId] : prev.filter((x) => x !== p.organisationId),
                    )
                  }
                />{' '}
                {p.name}
              </label>
            ))}
            <Button
              variant="secondary"
              onPress={() => act(meetingsApi.attendance(networkId, m.meetingId, present), t.attendanceSaved)}
            >
              {t.attendanceSave}
            </Button>
          </fieldset>
          <SelectField
            id={`${h}-protokoll-fuehrt`}
            label={t.minuteTaker}
            options={partners.map((p) => ({ value: p.organisationId, label: p.name }))}
            value={taker}
            onChange={setTaker}
          />
          <Button
            variant="secondary"
            onPress={() => act(meetingsApi.minuteTaker(networkId, m.meetingId, taker), t.minuteTakerSaved)}
          >
            {t.chooseMinuteTaker}
          </Button>
        </>
      )}
      {!(m.mayManage && held && open) && m.presentOrganisationIds.length > 0 && (
        <p>
          {t.attendance}: {m.presentOrganisationIds.map(nameOf).join(', ')}
        </p>
      )}
      {m.minuteTakerOrganisationId && (
        <p>
          {t.minuteTaker}: {nameOf(m.minuteTakerOrganisationId)}
        </p>
      )}

      <h4>{t.minutes}</h4>
      <p>
        {t.minutesState[m.minutesStatus]} · {t.minutesDue(dateTime(m.minutesDueAt))}
        {m.minutesOverdue !== 'no' && (
          <>
            {' '}
            · <strong>{t.overdue[m.minutesOverdue]}</strong>
          </>
        )}
      </p>
      {m.mayDraftMinutes && held && open ? (
        <form
          className="form"
          aria-label={t.minutesSave}
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            act(meetingsApi.draftMinutes(networkId, m.meetingId, minutes), t.minutesSaved);
          }}
        >
          <TextareaField
            id={`${h}-protokoll`}
            label={t.minutesDraft}
            value={minutes}
            onChange={setMinutes}
            error={fieldError(error, 'body.text')}
            rows={8}
          />
          <div className="form__actions">
            <Button type="submit" variant="secondary">
              {t.minutesSave}
            </Button>
            {m.mayManage && m.minutesStatus === 'drafted' && (
              <Button
                variant="primary"
                onPress={() => act(meetingsApi.approveMinutes(networkId, m.meetingId), t.approved)}
              >
                {t.approve}
              </Button>
            )}
          </div>
        </form>
      ) : (
        m.minutes && <p className="network-meeting__minutes">{m.minutes.text ?? t.erased}</p>
      )}
    </article>
  );
}
