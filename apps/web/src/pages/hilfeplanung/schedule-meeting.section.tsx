import type { HilfeplanungLiveState } from '@hilfenetz/contracts';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { apiClient } from '../../api/api-client';
import { Alert } from '../../components/alert';
import { Button } from '../../components/button';
import { PlanningErrorAlert } from '../../components/planning-error-alert';
import {
  noFamilyChoice,
  notifyOf,
  PlanningFamilyChannels,
  type FamilyChoice,
} from '../../components/planning-messages';
import { TextField } from '../../components/text-field';
import { focusFirstInvalid } from '../../forms/map-field-errors';
import { instantToLocal, localToInstant, planningFieldErrors } from '../../i18n/hilfeplanung';
import { texts, useTexts } from '../../i18n/language';

const T = texts(
  {
    reschedule: 'Termin verschieben',
    schedule: 'Hilfeplangespräch terminieren',
    scheduleFailed: 'Termin nicht gespeichert',
    meetingAt: 'Datum und Uhrzeit des Gesprächs',
    meetingHint: 'Alle Beteiligten werden eingeladen; Klinik und Träger um ihre Stellungnahme gebeten.',
    saving: 'Wird gespeichert …',
    setDate: 'Termin festlegen',
    scheduled: 'Termin gespeichert. Die Beteiligten werden eingeladen.',
  },
  {
    reschedule: 'Reschedule meeting',
    schedule: 'Schedule the help planning meeting',
    scheduleFailed: 'Meeting not saved',
    meetingAt: 'Date and time of the meeting',
    meetingHint: 'All parties are invited; the clinic and the care provider are asked for their statements.',
    saving: 'Saving …',
    setDate: 'Set date',
    scheduled: 'Meeting saved. The parties are being invited.',
  },
);

/** Sets or moves the Hilfeplangespräch; the parties are invited, the family on the channels chosen. */
export function ScheduleMeeting({
  caseId,
  state,
  onScheduled,
}: {
  caseId: string;
  state: HilfeplanungLiveState;
  onScheduled: (s: HilfeplanungLiveState) => void;
}) {
  const t = useTexts(T);
  const [value, setValue] = useState(() => instantToLocal(state.meetingAt));
  const [family, setFamily] = useState<FamilyChoice>(noFamilyChoice);
  const formRef = useRef<HTMLFormElement>(null);
  const schedule = useMutation({
    mutationFn: (at: string) => apiClient.scheduleMeeting(caseId, at, notifyOf(family)),
    onSuccess: onScheduled,
    onError: () => requestAnimationFrame(() => focusFirstInvalid(formRef.current)),
  });
  const fieldError = planningFieldErrors(schedule.error)['body.meetingAt'];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    schedule.mutate(localToInstant(value));
  };
  const rescheduling = !!state.meetingAt;
  return (
    <section className="card" aria-labelledby="meeting-heading">
      <h2 id="meeting-heading">{rescheduling ? t.reschedule : t.schedule}</h2>
      <form ref={formRef} className="form" onSubmit={submit} noValidate>
        {schedule.error !== null && !fieldError && (
          <PlanningErrorAlert error={schedule.error} title={t.scheduleFailed} />
        )}
        <TextField
          id="meetingAt"
          type="datetime-local"
          label={t.meetingAt}
          hint={t.meetingHint}
          value={value}
          onChange={setValue}
          error={fieldError}
          required
        />
        <PlanningFamilyChannels value={family} onChange={setFamily} errors={planningFieldErrors(schedule.error)} />
        <div className="form__actions">
          <Button type="submit" variant="primary" isDisabled={schedule.isPending}>
            {schedule.isPending ? t.saving : rescheduling ? t.reschedule : t.setDate}
          </Button>
        </div>
        {schedule.isSuccess && (
          <Alert tone="success">
            <p>{t.scheduled}</p>
          </Alert>
        )}
      </form>
    </section>
  );
}
