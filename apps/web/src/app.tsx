import { useSession } from './auth/use-session';
import { AppShell } from './components/app-shell';
import { CallbackPage } from './pages/callback.page';
import { CrisisPage } from './pages/crisis.page';
import { LoginPage } from './pages/login.page';
import { NotFoundPage } from './pages/not-found.page';
import { TimelinePage } from './pages/timeline.page';
import { TriggerCrisisPage } from './pages/trigger-crisis.page';
import { useLocationPath } from './routing/navigation';
import { matchRoute, type Route } from './routing/routes';

function pageFor(route: Route) {
  switch (route.page) {
    case 'trigger':
      return <TriggerCrisisPage />;
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
    default:
      return <NotFoundPage />;
  }
}

/** Picks the page for the URL; everything but the login callback needs a logged-in user. */
export function App() {
  const location = useLocationPath();
  const session = useSession();
  const route = matchRoute(location);

  if (route.page === 'callback') return <CallbackPage search={window.location.search} />;
  if (!session) return <LoginPage />;
  const current = route.page === 'trigger' || route.page === 'timeline' ? route.page : null;
  return (
    <AppShell session={session} current={current} locationKey={location.split('?')[0] ?? location}>
      {pageFor(route)}
    </AppShell>
  );
}
