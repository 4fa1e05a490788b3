import { logout } from '../auth/logout';
import type { Session } from '../auth/session-store';
import { texts, useTexts } from '../i18n/language';
import { roleLabel } from '../i18n/roles';
import { Button } from './button';

const T = texts(
  { loggedInAs: 'Angemeldet als ', noRole: 'keine Rolle', logout: 'Abmelden' },
  { loggedInAs: 'Logged in as ', noRole: 'no role', logout: 'Log out' },
);

/** Who is logged in (name, role, organisation) and the way out. */
export function UserPanel({ session }: { session: Session }) {
  const t = useTexts(T);
  const { name, roles, organisationId } = session.claims;
  return (
    <div className="user-panel">
      <p className="user-panel__who">
        <span className="visually-hidden">{t.loggedInAs}</span>
        <strong>{name}</strong>
        <span className="user-panel__meta">
          {roles.map(roleLabel).join(', ') || t.noRole}
          {organisationId && <> · {organisationId}</>}
        </span>
      </p>
      {/* Ends the session at the issuer too (RP-initiated logout), which comes back to the start page. */}
      <Button variant="quiet" onPress={() => void logout()}>
        {t.logout}
      </Button>
    </div>
  );
}
