import { useEffect, useRef, type ReactNode } from 'react';
import type { Session } from '../auth/session-store';
import { keepSessionFresh } from '../auth/token-refresh';
import { texts, useTexts } from '../i18n/language';
import { Link } from '../routing/link';
import { paths } from '../routing/routes';
import { ConnectionBanner } from './connection-banner';
import { OfflineNotices } from '../offline/offline-notices';
import { OfflineRuntime } from '../offline/offline-runtime';
import { QueueStatus } from '../offline/queue-status';
import { LanguageSwitch } from './language-switch';
import { SessionEndedBanner } from './session-ended-banner';
import { UserPanel } from './user-panel';

export type NavPage =
  | 'trigger'
  | 'register'
  | 'inbox'
  | 'timeline'
  | 'agreements'
  | 'break_glass_reviews'
  | 'quality_report'
  | 'interface_analysis'
  | 'network';

const T = texts(
  {
    skip: 'Zum Inhalt springen',
    tagline: 'Krisenkoordination',
    nav: 'Hauptnavigation',
    trigger: 'Krise auslösen',
    register: 'Fall anlegen',
    inbox: 'Aufgaben',
    timeline: 'Zeitleiste',
    agreements: 'Vereinbarungen',
    break_glass_reviews: 'Notfallzugriffe',
    quality_report: 'Qualitätsbericht',
    interface_analysis: 'Fehleranalyse',
    network: 'Netzwerk',
  },
  {
    skip: 'Skip to content',
    tagline: 'Crisis coordination',
    nav: 'Main navigation',
    trigger: 'Trigger a crisis',
    register: 'Register a case',
    inbox: 'Tasks',
    timeline: 'Timeline',
    agreements: 'Agreements',
    break_glass_reviews: 'Break-glass reviews',
    quality_report: 'Quality report',
    interface_analysis: 'Error analysis',
    network: 'Network',
  },
);

interface AppShellProps {
  session: Session;
  /** Which main navigation entry is current, if any. */
  current: NavPage | null;
  /** Which entries this user's roles can use. */
  nav: Record<NavPage, boolean>;
  /** The page's path: when it changes, focus moves to the new page's heading (not on query changes). */
  locationKey: string;
  children: ReactNode;
}

/**
 * Frame of every logged-in page: skip link, header with navigation, language and user, main content.
 * It keeps the session fresh (silent refresh) and, when the session ends, says so above the page
 * without unmounting it, so a form keeps what was typed.
 */
export function AppShell({ session, current, nav, locationKey, children }: AppShellProps) {
  const t = useTexts(T);
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  useEffect(() => keepSessionFresh(), []);

  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    mainRef.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [locationKey]);

  const navLink = (page: NavPage, to: string, label: string) =>
    nav[page] && (
      <Link to={to} className="nav__link" aria-current={current === page ? 'page' : undefined}>
        {label}
      </Link>
    );

  return (
    <>
      <a className="skip-link" href="#inhalt">
        {t.skip}
      </a>
      <header className="app-header">
        <div className="app-header__inner">
          <p className="brand">
            <Link to={paths.trigger()} className="brand__link">
              hilfenetz
            </Link>
            <span className="brand__tagline">{t.tagline}</span>
          </p>
          <nav aria-label={t.nav} className="nav">
            {navLink('trigger', paths.trigger(), t.trigger)}
            {navLink('register', paths.register(), t.register)}
            {navLink('inbox', paths.inbox(), t.inbox)}
            {navLink('timeline', paths.timeline(), t.timeline)}
            {navLink('agreements', paths.agreements(), t.agreements)}
            {navLink('break_glass_reviews', paths.breakGlassReviews(), t.break_glass_reviews)}
            {navLink('quality_report', paths.qualityReport(), t.quality_report)}
            {navLink('interface_analysis', paths.interfaceAnalysis(), t.interface_analysis)}
            {navLink('network', paths.network(), t.network)}
          </nav>
          <QueueStatus />
          <UserPanel session={session} />
          <LanguageSwitch />
        </div>
      </header>
      {session.ended && <SessionEndedBanner />}
      <ConnectionBanner />
      <OfflineNotices />
      <OfflineRuntime />
      <main id="inhalt" ref={mainRef} className="page">
        {children}
      </main>
    </>
  );
}
