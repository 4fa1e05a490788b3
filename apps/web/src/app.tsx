import { useSession } from './auth/use-session';
import { canReadTimeline, canTrigger, hasInbox } from './auth/permissions';
import { AppShell, type NavPage } from './components/app-shell';
import { CallbackPage } from './pages/callback.page';
import { CrisisPage } from './pages/crisis.page';
import { HilfeplanungPage } from './pages/hilfeplanung.page';
import { InboxPage } from './pages/inbox.page';
import { LoginPage } from './pages/login.page';
import { NotFoundPage } from './pages/not-found.page';
import { TimelinePage } from './pages/timeline.page';
import { TriggerCrisisPage } from './pages/trigger-crisis.page';
import { useLocationPath } from './routing/navigation';
import { matchRoute, type Route } from './routing/routes';

function pageFor(route: Route, roles: readonly string[]) {
  switch (route.page) {
    case 'trigger':
      // The start page is the one the role works with most: clinics and the Leitstelle their inbox.
      if (canTrigger(roles)) return <TriggerCrisisPage />;
      if (hasInbox(roles)) return <InboxPage />;
      return <TimelinePage caseId={null} />;
    case 'inbox':
      return <InboxPage />;
    case 'crisis':
      return (
        <CrisisPage
          key={`${route.caseId}/${route.crisisId}`}
          caseId={route.caseId}
          crisisId={route.crisisId}
          outcome={route.outcome}
        />
      );
    case 'timeline':
      return <TimelinePage caseId={route.caseId} />;
    case 'hilfeplanung':
      return <HilfeplanungPage key={route.caseId} caseId={route.caseId} roles={roles} />;
    default:
      return <NotFoundPage />;
  }
}

function currentNav(route: Route, roles: readonly string[]): NavPage | null {
  if (route.page === 'trigger') return canTrigger(roles) ? 'trigger' : hasInbox(roles) ? 'inbox' : 'timeline';
  if (route.page === 'inbox' || route.page === 'timeline') return route.page;
  return null;
}

/** Picks the page for the URL; everything but the login callback needs a logged-in user. */
export function App() {
  const location = useLocationPath();
  const session = useSession();
  const route = matchRoute(location);

  if (route.page === 'callback') return <CallbackPage search={window.location.search} />;
  if (!session) return <LoginPage />;
  const roles = session.claims.roles;
  return (
    <AppShell
      session={session}
      current={currentNav(route, roles)}
      nav={{ trigger: canTrigger(roles), inbox: hasInbox(roles), timeline: canReadTimeline(roles) }}
      locationKey={location.split('?')[0] ?? location}
    >
      {pageFor(route, roles)}
    </AppShell>
  );
}
