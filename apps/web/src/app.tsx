import { useSession } from './auth/use-session';
import { AgreementsPage } from './pages/agreements.page';
import { BreakGlassReviewsPage } from './pages/break-glass-reviews.page';
import { InterfaceAnalysisPage } from './pages/interface-analysis.page';
import { QualityReportPage } from './pages/quality-report.page';
import {
  canReadAgreements,
  canAnnotateInterfaceItems,
  canReadQualityReport,
  canReadTimeline,
  canRegisterCase,
  canReviewBreakGlass,
  canTrigger,
  canUseNetwork,
  hasInbox,
} from './auth/permissions';
import { AppShell, type NavPage } from './components/app-shell';
import { CallbackPage } from './pages/callback.page';
import { CasePage } from './pages/case.page';
import { ConfirmGuardianPage } from './pages/confirm-guardian.page';
import { CrisisPage } from './pages/crisis.page';
import { HilfeplanungPage } from './pages/hilfeplanung.page';
import { RiskAssessmentPage } from './pages/risk-assessment.page';
import { KkgReportsPage } from './pages/kkg-reports.page';
import { InboxPage } from './pages/inbox.page';
import { LagebildPage } from './pages/lagebild.page';
import { LoginPage } from './pages/login.page';
import { NetworkPage } from './pages/network.page';
import { NotFoundPage } from './pages/not-found.page';
import { PublicOffersPage } from './pages/public-offers.page';
import { RegisterCasePage } from './pages/register-case.page';
import { TaskPage } from './pages/task.page';
import { TimelinePage } from './pages/timeline.page';
import { TriggerCrisisPage } from './pages/trigger-crisis.page';
import { useLocationPath } from './routing/navigation';
import { matchRoute, type Route } from './routing/routes';

function pageFor(route: Route, roles: readonly string[], organisationId: string) {
  switch (route.page) {
    case 'trigger':
      // The start page is the one the role works with most: clinics and the Leitstelle their inbox.
      if (canTrigger(roles)) return <TriggerCrisisPage key={route.caseId ?? ''} initialCaseId={route.caseId} />;
      if (hasInbox(roles)) return <InboxPage />;
      // Network coordination and partner contacts work in their network.
      if (canUseNetwork(roles) && !canReadTimeline(roles)) return <NetworkPage networkId={null} />;
      // The data protection officer's work is the break-glass reads judged unjustified or overdue.
      if (canReviewBreakGlass(roles) && !canReadTimeline(roles)) return <BreakGlassReviewsPage roles={roles} />;
      // An administrator's work is the agreements: proposing and signing versions.
      if (!canReadTimeline(roles) && canReadAgreements(roles))
        return <AgreementsPage roles={roles} organisationId={organisationId} />;
      return <TimelinePage caseId={null} />;
    case 'inbox':
      return <InboxPage />;
    case 'task':
      return (
        <TaskPage
          key={`${route.caseId}/${route.crisisId}/${route.taskId}`}
          caseId={route.caseId}
          crisisId={route.crisisId}
          taskId={route.taskId}
        />
      );
    case 'register':
      return <RegisterCasePage />;
    case 'case':
      return <CasePage key={route.caseId} caseId={route.caseId} registered={route.registered} />;
    case 'crisis':
      return (
        <CrisisPage
          key={`${route.caseId}/${route.crisisId}`}
          caseId={route.caseId}
          crisisId={route.crisisId}
          outcome={route.outcome}
        />
      );
    case 'lagebild':
      return <LagebildPage caseId={route.caseId} crisisId={route.crisisId} audience={route.audience} />;
    case 'timeline':
      return <TimelinePage caseId={route.caseId} />;
    case 'hilfeplanung':
      return <HilfeplanungPage key={route.caseId} caseId={route.caseId} roles={roles} />;
    case 'kkg_reports':
      return <KkgReportsPage key={route.caseId} caseId={route.caseId} roles={roles} />;
    case 'risk_assessment':
      return (
        <RiskAssessmentPage key={route.caseId} caseId={route.caseId} roles={roles} organisationId={organisationId} />
      );
    case 'network':
      return <NetworkPage key={route.networkId ?? ''} networkId={route.networkId} />;
    case 'agreements':
      return <AgreementsPage roles={roles} organisationId={organisationId} />;
    case 'break_glass_reviews':
      return <BreakGlassReviewsPage roles={roles} />;
    case 'quality_report':
      return <QualityReportPage organisationId={organisationId} roles={roles} />;
    case 'interface_analysis':
      return <InterfaceAnalysisPage organisationId={organisationId} />;
    default:
      return <NotFoundPage />;
  }
}

function currentNav(route: Route, roles: readonly string[]): NavPage | null {
  if (route.page === 'trigger') {
    if (canTrigger(roles)) return 'trigger';
    if (hasInbox(roles)) return 'inbox';
    if (canUseNetwork(roles) && !canReadTimeline(roles)) return 'network';
    if (canReviewBreakGlass(roles) && !canReadTimeline(roles)) return 'break_glass_reviews';
    return !canReadTimeline(roles) && canReadAgreements(roles) ? 'agreements' : 'timeline';
  }
  if (route.page === 'inbox' || route.page === 'timeline' || route.page === 'register' || route.page === 'agreements')
    return route.page;
  if (route.page === 'break_glass_reviews' || route.page === 'quality_report') return route.page;
  if (route.page === 'interface_analysis') return canAnnotateInterfaceItems(roles) ? 'interface_analysis' : null;
  if (route.page === 'network') return 'network';
  if (route.page === 'task') return 'inbox';
  return null;
}

/** Picks the page for the URL; everything but the login callback needs a logged-in user. */
export function App() {
  const location = useLocationPath();
  const session = useSession();
  const route = matchRoute(location);

  if (route.page === 'callback') return <CallbackPage search={window.location.search} />;
  // The guardian's code page is public: a parent opens it from an SMS, without an account.
  if (route.page === 'confirm') return <ConfirmGuardianPage />;
  // The networks' offer page is public: families find help there without an account (issue 17).
  if (route.page === 'offers') return <PublicOffersPage />;
  if (!session) return <LoginPage />;
  const roles = session.claims.roles;
  return (
    <AppShell
      session={session}
      current={currentNav(route, roles)}
      nav={{
        trigger: canTrigger(roles),
        register: canRegisterCase(roles),
        inbox: hasInbox(roles),
        timeline: canReadTimeline(roles),
        agreements: canReadAgreements(roles),
        break_glass_reviews: canReviewBreakGlass(roles),
        quality_report: canReadQualityReport(roles),
        interface_analysis: canAnnotateInterfaceItems(roles),
        network: canUseNetwork(roles),
      }}
      locationKey={location.split('?')[0] ?? location}
    >
      {pageFor(route, roles, session.claims.organisationId)}
    </AppShell>
  );
}
