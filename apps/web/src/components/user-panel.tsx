import type { Session } from '../auth/session-store';
import { sessionStore } from '../auth/session-store';
import { navigate } from '../routing/navigation';
import { roleLabel } from '../i18n/roles.de';
import { Button } from './button';

/** Who is logged in (name, role, organisation) and the way out. */
export function UserPanel({ session }: { session: Session }) {
  const { name, roles, organisationId } = session.claims;
  const logout = () => {
    sessionStore.signOut();
    navigate('/', { replace: true });
  };
  return (
    <div className="user-panel">
      <p className="user-panel__who">
        <span className="visually-hidden">Angemeldet als </span>
        <strong>{name}</strong>
        <span className="user-panel__meta">
          {roles.map(roleLabel).join(', ') || 'keine Rolle'}
          {organisationId && <> · {organisationId}</>}
        </span>
      </p>
      <Button variant="quiet" onPress={logout}>
        Abmelden
      </Button>
    </div>
  );
}
