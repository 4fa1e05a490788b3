import type { Role } from '@hilfenetz/contracts';
import { pick, texts } from './language';

const ROLE_LABELS = texts<Record<Role | 'system', string>>(
  {
    caseworker: 'Fallführende Fachkraft',
    on_call: 'Bereitschaftsdienst',
    provider_staff: 'Träger',
    clinic_staff: 'Klinik (KJP)',
    ambulance_dispatch: 'Leitstelle',
    supervisor: 'Fachaufsicht',
    auditor: 'Revision',
    administrator: 'Administration',
    data_protection_officer: 'Datenschutzbeauftragte',
    network_coordinator: 'Netzwerkkoordination',
    partner_contact: 'Ansprechperson im Netzwerk',
    system: 'System',
  },
  {
    caseworker: 'Lead caseworker',
    on_call: 'On-call service',
    provider_staff: 'Care provider',
    clinic_staff: 'Clinic (child psychiatry)',
    ambulance_dispatch: 'Dispatch centre',
    supervisor: 'Supervisor',
    auditor: 'Audit',
    administrator: 'Administration',
    data_protection_officer: 'Data protection officer',
    network_coordinator: 'Network coordination',
    partner_contact: 'Network contact person',
    system: 'System',
  },
);

/** Name of a role in the current language; an unknown role is shown as sent. */
export function roleLabel(role: string): string {
  const labels = pick(ROLE_LABELS);
  return Object.hasOwn(labels, role) ? labels[role as Role] : role;
}
