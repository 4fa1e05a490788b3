import type { AdmissionDecision, InboxTask, NotAdmittedFollowUp } from '@hilfenetz/contracts';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { actionPaths, apiClient } from '../api/api-client';
import { KeptOfflineAlert } from '../offline/kept-offline-alert';
import { isKeptOffline, sendOrKeep } from '../offline/send-or-keep';
import { instantToLocal } from '../i18n/hilfeplanung';
import { texts, useTexts } from '../i18n/language';
import { admissionLabel, admissionOptions, followUpOptions } from '../i18n/parties';
import { Alert } from './alert';
import { ApiErrorAlert } from './api-error-alert';
import { Button } from './button';
import { RadioGroup } from './radio-group';
import { TextField } from './text-field';

const T = texts(
  {
    decisionMissing: 'Bitte die Entscheidung auswählen.',
    followUpMissing: 'Bitte den vereinbarten Anschlussweg wählen.',
    dischargeMissing: 'Bitte Datum und Uhrzeit der geplanten Entlassung angeben.',
    admission: 'Aufnahme',
    admissionRecorded: 'Aufnahmeentscheidung dokumentiert',
    admissionFailed: 'Entscheidung nicht gespeichert',
    admissionConflict: 'Für diese Krise ist die Aufnahme schon entschieden oder die Krise ist beendet.',
    decision: 'Entscheidung',
    followUp: 'Anschlussweg',
    saving: 'Wird gespeichert …',
    saveDecision: 'Entscheidung speichern',
    discharge: 'Entlassung',
    dischargeAnnounced: 'Entlassung angekündigt',
    dischargeInformed: 'Das Jugendamt ist informiert; die Hilfeplanung wird angestoßen.',
    dischargeFailed: 'Entlassung nicht angekündigt',
    dischargeConflict: 'Eine Entlassung kann erst nach der Aufnahme angekündigt werden.',
    plannedDischarge: 'Geplante Entlassung',
    announcing: 'Wird angekündigt …',
    announce: 'Entlassung ankündigen',
  },
  {
    decisionMissing: 'Please choose the decision.',
    followUpMissing: 'Please choose the agreed follow-up.',
    dischargeMissing: 'Please give the date and time of the planned discharge.',
    admission: 'Admission',
    admissionRecorded: 'Admission decision recorded',
    admissionFailed: 'Decision not saved',
    admissionConflict: 'The admission for this crisis has already been decided or the crisis has ended.',
    decision: 'Decision',
    followUp: 'Follow-up',
    saving: 'Saving …',
    saveDecision: 'Save decision',
    discharge: 'Discharge',
    dischargeAnnounced: 'Discharge announced',
    dischargeInformed: 'The youth welfare office is informed; the help planning is being started.',
    dischargeFailed: 'Discharge not announced',
    dischargeConflict: 'A discharge can only be announced after admission.',
    plannedDischarge: 'Planned discharge',
    announcing: 'Announcing …',
    announce: 'Announce discharge',
  },
);

/** The clinic's part once it took the task: the admission decision, later the discharge. */
export function ClinicActions({ task, idPrefix }: { task: InboxTask; idPrefix: string }) {
  const t = useTexts(T);
  const [decision, setDecision] = useState<AdmissionDecision | ''>('');
  const [followUp, setFollowUp] = useState<NotAdmittedFollowUp | ''>('');
  const [missing, setMissing] = useState<{ decision?: boolean; followUp?: boolean }>({});
  const [plannedFor, setPlannedFor] = useState(() =>
    instantToLocal(new Date(Date.now() + 24 * 3600_000).toISOString()),
  );
  const [plannedMissing, setPlannedMissing] = useState(false);

  const admission = useMutation({
    // Runs offline too: sendOrKeep keeps the action on the device (TanStack Query would pause it).
    networkMode: 'always',
    mutationFn: () =>
      sendOrKeep({
        kind: 'admission',
        caseId: task.caseId,
        path: `${actionPaths.crisis(task.caseId, task.crisisId)}/admission`,
        body: {
          decision: decision as AdmissionDecision,
          ...(decision === 'not_admitted' && followUp ? { followUp } : {}),
        },
      }),
  });
  const discharge = useMutation({
    mutationFn: (iso: string) => apiClient.announceDischarge(task.caseId, task.crisisId, { plannedFor: iso }),
  });

  const submitAdmission = (e: FormEvent) => {
    e.preventDefault();
    const errors: { decision?: boolean; followUp?: boolean } = {};
    if (!decision) errors.decision = true;
    if (decision === 'not_admitted' && !followUp) errors.followUp = true;
    setMissing(errors);
    if (Object.keys(errors).length) return;
    admission.mutate();
  };
  const submitDischarge = (e: FormEvent) => {
    e.preventDefault();
    const d = new Date(plannedFor);
    if (!plannedFor || Number.isNaN(d.getTime())) {
      setPlannedMissing(true);
      return;
    }
    setPlannedMissing(false);
    discharge.mutate(d.toISOString());
  };

  const admitted = admission.isSuccess;
  return (
    <div className="task__clinic">
      <h4>{t.admission}</h4>
      {admitted && isKeptOffline(admission.data) ? (
        <KeptOfflineAlert what={admissionLabel(decision)} />
      ) : admitted ? (
        <Alert tone="success" title={t.admissionRecorded}>
          <p>{admissionLabel(decision)}</p>
        </Alert>
      ) : (
        <form className="form" onSubmit={submitAdmission} noValidate>
          {admission.error && (
            <ApiErrorAlert error={admission.error} title={t.admissionFailed} conflictMessage={t.admissionConflict} />
          )}
          <RadioGroup
            name={`${idPrefix}-decision`}
            legend={t.decision}
            options={admissionOptions()}
            value={decision}
            onChange={setDecision}
            error={missing.decision ? t.decisionMissing : undefined}
          />
          {decision === 'not_admitted' && (
            <RadioGroup
              name={`${idPrefix}-followup`}
              legend={t.followUp}
              options={followUpOptions()}
              value={followUp}
              onChange={setFollowUp}
              error={missing.followUp ? t.followUpMissing : undefined}
            />
          )}
          <div className="form__actions">
            <Button type="submit" variant="primary" isDisabled={admission.isPending}>
              {admission.isPending ? t.saving : t.saveDecision}
            </Button>
          </div>
        </form>
      )}
      {decision !== 'not_admitted' && (
        <>
          <h4>{t.discharge}</h4>
          {discharge.isSuccess ? (
            <Alert tone="success" title={t.dischargeAnnounced}>
              <p>{t.dischargeInformed}</p>
            </Alert>
          ) : (
            <form className="form form--inline" onSubmit={submitDischarge} noValidate>
              {discharge.error && (
                <ApiErrorAlert
                  error={discharge.error}
                  title={t.dischargeFailed}
                  conflictMessage={t.dischargeConflict}
                />
              )}
              <TextField
                id={`${idPrefix}-discharge`}
                type="datetime-local"
                label={t.plannedDischarge}
                value={plannedFor}
                onChange={setPlannedFor}
                error={plannedMissing ? t.dischargeMissing : undefined}
                required
              />
              <Button type="submit" variant="secondary" isDisabled={discharge.isPending}>
                {discharge.isPending ? t.announcing : t.announce}
              </Button>
            </form>
          )}
        </>
      )}
    </div>
  );
}
