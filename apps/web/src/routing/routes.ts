/** Every page of the app and how its URL looks. German paths: users see and share them. */
export type Route =
  | { page: 'trigger' }
  | { page: 'inbox' }
  | { page: 'crisis'; caseId: string; crisisId: string; outcome: string | null }
  | { page: 'timeline'; caseId: string | null }
  | { page: 'hilfeplanung'; caseId: string }
  | { page: 'callback' }
  | { page: 'not_found' };

const enc = encodeURIComponent;

export const paths = {
  trigger: () => '/',
  inbox: () => '/aufgaben',
  crisis: (caseId: string, crisisId: string, outcome?: 'neu' | 'bereits') =>
    `/faelle/${enc(caseId)}/krisen/${enc(crisisId)}${outcome ? `?ausgeloest=${outcome}` : ''}`,
  timeline: (caseId?: string) => (caseId ? `/zeitleiste?fall=${enc(caseId)}` : '/zeitleiste'),
  hilfeplanung: (caseId: string) => `/faelle/${enc(caseId)}/hilfeplanung`,
  callback: () => '/callback',
};

function decode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

export function matchRoute(pathWithQuery: string): Route {
  const url = new URL(pathWithQuery, 'http://app.invalid');
  const path = url.pathname.replace(/\/+$/, '') || '/';
  if (path === '/') return { page: 'trigger' };
  if (path === paths.callback()) return { page: 'callback' };
  if (path === paths.inbox()) return { page: 'inbox' };
  if (path === '/zeitleiste') return { page: 'timeline', caseId: url.searchParams.get('fall') || null };
  const planning = /^\/faelle\/([^/]+)\/hilfeplanung$/.exec(path);
  if (planning?.[1]) {
    const caseId = decode(planning[1]);
    if (caseId) return { page: 'hilfeplanung', caseId };
  }
  const crisis = /^\/faelle\/([^/]+)\/krisen\/([^/]+)$/.exec(path);
  if (crisis?.[1] && crisis[2]) {
    const caseId = decode(crisis[1]);
    const crisisId = decode(crisis[2]);
    if (caseId && crisisId) {
      return { page: 'crisis', caseId, crisisId, outcome: url.searchParams.get('ausgeloest') };
    }
  }
  return { page: 'not_found' };
}
