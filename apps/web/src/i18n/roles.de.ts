import type { Role } from '@hilfenetz/contracts';

const ROLE_LABELS: Record<Role, string> = {
  caseworker: 'Fallführende Fachkraft',
  on_call: 'Bereitschaftsdienst',
  provider_staff: 'Träger',
  clinic_staff: 'Klinik (KJP)',
  ambulance_dispatch: 'Leitstelle',
  supervisor: 'Fachaufsicht',
  auditor: 'Revision',
  administrator: 'Administration',
};

/** German name of a role; an unknown role is shown as sent. */
export function roleLabel(role: string): string {
  if (role === 'system') return 'System';
  return Object.hasOwn(ROLE_LABELS, role) ? ROLE_LABELS[role as Role] : role;
}
