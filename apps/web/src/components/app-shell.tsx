import { useEffect, useRef, type ReactNode } from 'react';
import type { Session } from '../auth/session-store';
import { Link } from '../routing/link';
import { paths } from '../routing/routes';
import { ConnectionBanner } from './connection-banner';
import { UserPanel } from './user-panel';

export type NavPage = 'trigger' | 'inbox' | 'timeline';

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

/** Frame of every logged-in page: skip link, header with navigation and user, main content. */
export function AppShell({ session, current, nav, locationKey, children }: AppShellProps) {
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

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
        Zum Inhalt springen
      </a>
      <header className="app-header">
        <div className="app-header__inner">
          <p className="brand">
            <Link to={paths.trigger()} className="brand__link">
              hilfenetz
            </Link>
            <span className="brand__tagline">Krisenkoordination</span>
          </p>
          <nav aria-label="Hauptnavigation" className="nav">
            {navLink('trigger', paths.trigger(), 'Krise auslösen')}
            {navLink('inbox', paths.inbox(), 'Aufgaben')}
            {navLink('timeline', paths.timeline(), 'Zeitleiste')}
          </nav>
          <UserPanel session={session} />
        </div>
      </header>
      <ConnectionBanner />
      <main id="inhalt" ref={mainRef} className="page">
        {children}
      </main>
    </>
  );
}
