import type { TimelineSla } from '@hilfenetz/contracts';
import { formatDuration } from '../../i18n/date-format';
import { texts, useTexts } from '../../i18n/language';
import { partyLabel } from '../../i18n/parties';

const T = texts(
  {
    slaHeading: 'Zeit bis zur Bestätigung',
    party: 'Beteiligte',
    tasks: 'Aufgaben',
    acknowledged: 'Bestätigt',
    escalations: 'Eskalationen',
    longest: 'Längste Zeit bis Bestätigung',
    ofTasks: (done: number, all: number) => `${done} von ${all}`,
    stillOpen: 'noch offen',
  },
  {
    slaHeading: 'Time to acknowledge',
    party: 'Party',
    tasks: 'Tasks',
    acknowledged: 'Acknowledged',
    escalations: 'Escalations',
    longest: 'Longest time to acknowledge',
    ofTasks: (done: number, all: number) => `${done} of ${all}`,
    stillOpen: 'still open',
  },
);

/** Time to acknowledge per party, escalations highlighted; nothing before the first task. */
export function SlaTable({ sla }: { sla: TimelineSla }) {
  const t = useTexts(T);
  if (sla.parties.length === 0) return null;
  return (
    <section className="card" aria-labelledby="sla-heading">
      <h3 id="sla-heading">{t.slaHeading}</h3>
      <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t.party}</th>
              <th scope="col">{t.tasks}</th>
              <th scope="col">{t.acknowledged}</th>
              <th scope="col">{t.escalations}</th>
              <th scope="col">{t.longest}</th>
            </tr>
          </thead>
          <tbody>
            {sla.parties.map((p) => (
              <tr key={p.party} className={p.escalations > 0 ? 'row--alert' : undefined}>
                <th scope="row">{partyLabel(p.party)}</th>
                <td>{p.tasks}</td>
                <td>{t.ofTasks(p.acknowledged, p.tasks)}</td>
                <td>{p.escalations > 0 ? <strong>{p.escalations}</strong> : 0}</td>
                <td>{p.maxSecondsToAcknowledge === null ? t.stillOpen : formatDuration(p.maxSecondsToAcknowledge)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
