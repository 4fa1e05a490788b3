import type { KkgFeedbackLiveState, KkgReporterProfession } from '@hilfenetz/contracts';
import type { Option } from '../../i18n/crisis-terms';
import { texts, useTexts } from '../../i18n/language';

const T = texts(
  {
    professions: [
      { value: 'clinic', label: 'Klinik' },
      { value: 'doctor', label: 'Ärztin / Arzt' },
      { value: 'psychotherapist', label: 'Psychotherapeut*in' },
      { value: 'midwife', label: 'Hebamme / Entbindungspfleger' },
      { value: 'counsellor', label: 'Beratungsstelle' },
      { value: 'teacher', label: 'Schule' },
      { value: 'other', label: 'Andere Berufsgruppe' },
    ] as Option<KkgReporterProfession>[],
    status: {
      awaiting_feedback: 'Rückmeldung ausstehend',
      reminded: 'Rückmeldung ausstehend – erinnert',
      escalated: 'Rückmeldung überfällig – Leitung informiert',
      given: 'Rückmeldung gegeben',
    } satisfies Record<KkgFeedbackLiveState['status'], string>,
    channel: { app: 'in hilfenetz', phone: 'telefonisch' } satisfies Record<KkgFeedbackLiveState['channel'], string>,
    yes: 'Ja',
    no: 'Nein',
  },
  {
    professions: [
      { value: 'clinic', label: 'Clinic' },
      { value: 'doctor', label: 'Doctor' },
      { value: 'psychotherapist', label: 'Psychotherapist' },
      { value: 'midwife', label: 'Midwife' },
      { value: 'counsellor', label: 'Counselling service' },
      { value: 'teacher', label: 'School' },
      { value: 'other', label: 'Other profession' },
    ] as Option<KkgReporterProfession>[],
    status: {
      awaiting_feedback: 'Feedback pending',
      reminded: 'Feedback pending – reminded',
      escalated: 'Feedback overdue – supervisor informed',
      given: 'Feedback given',
    } satisfies Record<KkgFeedbackLiveState['status'], string>,
    channel: { app: 'in hilfenetz', phone: 'by phone' } satisfies Record<KkgFeedbackLiveState['channel'], string>,
    yes: 'Yes',
    no: 'No',
  },
);

export const useKkgTerms = () => useTexts(T);
