import type { HilfeplanungLiveState } from '@hilfenetz/contracts';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { apiClient } from '../../api/api-client';
import { Button } from '../../components/button';
import { PlanningErrorAlert } from '../../components/planning-error-alert';
import { SelectField } from '../../components/select-field';
import { useOrganisations } from '../../hooks/use-organisations';
import { texts, useTexts } from '../../i18n/language';

const T = texts(
  {
    noPlanning: 'Keine laufende Hilfeplanung',
    noPlanningText:
      'Für diesen Fall läuft noch keine Hilfeplanung. Nach einer Krise beginnt sie mit der angekündigten Entlassung von selbst; für einen registrierten Fall können Sie sie hier beginnen.',
    notStarted: 'Hilfeplanung nicht begonnen',
    starting: 'Wird begonnen …',
    start: 'Hilfeplanung beginnen',
    clinic: 'Beteiligte Klinik (optional)',
    clinicHint: 'Nur die gewählte Klinik liest diese Hilfeplanung und gibt ihre Stellungnahme ab.',
    noClinic: 'Keine Klinik beteiligt',
  },
  {
    noPlanning: 'No help planning running',
    noPlanningText:
      'No help planning is running for this case yet. After a crisis it starts by itself with the announced discharge; for a registered case you can start it here.',
    notStarted: 'Help planning not started',
    starting: 'Starting …',
    start: 'Start help planning',
    clinic: 'Clinic taking part (optional)',
    clinicHint: 'Only the chosen clinic reads this help planning and submits its statement.',
    noClinic: 'No clinic taking part',
  },
);

/** The Select's key for "no clinic" (a list option cannot have an empty key). */
const NO_CLINIC = 'none';

/** No planning runs yet: the lead office may start one, naming the clinic that takes part. */
export function StartPlanning({
  caseId,
  mayAct,
  onStarted,
}: {
  caseId: string;
  mayAct: boolean;
  onStarted: (s: HilfeplanungLiveState) => void;
}) {
  const t = useTexts(T);
  const [clinic, setClinic] = useState<string>(NO_CLINIC);
  const organisations = useOrganisations(mayAct);
  const clinics = (organisations.data?.organisations ?? []).filter((o) => o.roles.includes('clinic'));
  const start = useMutation({
    mutationFn: () => apiClient.startHilfeplanung(caseId, clinic === NO_CLINIC ? undefined : clinic),
    onSuccess: onStarted,
  });
  return (
    <section className="card" aria-labelledby="start-heading">
      <h2 id="start-heading">{t.noPlanning}</h2>
      <p>{t.noPlanningText}</p>
      {start.error !== null && <PlanningErrorAlert error={start.error} title={t.notStarted} />}
      {mayAct && (
        <SelectField
          id="startClinic"
          label={t.clinic}
          hint={t.clinicHint}
          options={[{ value: NO_CLINIC, label: t.noClinic }, ...clinics.map((c) => ({ value: c.id, label: c.name }))]}
          value={clinic}
          onChange={setClinic}
        />
      )}
      {mayAct && (
        <div className="form__actions">
          <Button variant="primary" isDisabled={start.isPending} onPress={() => start.mutate()}>
            {start.isPending ? t.starting : t.start}
          </Button>
        </div>
      )}
    </section>
  );
}
