/** Every page of the app and how its URL looks. German paths: users see and share them. */
export type Route =
  | { page: 'trigger'; caseId: string | null }
  | { page: 'inbox' }
  | { page: 'task'; caseId: string; crisisId: string; taskId: string }
  | { page: 'register' }
  | { page: 'case'; caseId: string; registered: boolean }
  | { page: 'confirm' }
  | { page: 'crisis'; caseId: string; crisisId: string; outcome: string | null }
  | { page: 'lagebild'; caseId: string; crisisId: string; audience: string | null }
  | { page: 'timeline'; caseId: string | null }
  | { page: 'hilfeplanung'; caseId: string }
  | { page: 'risk_assessment'; caseId: string }
  | { page: 'kkg_reports'; caseId: string }
  | { page: 'agreements' }
  | { page: 'break_glass_reviews' }
  | { page: 'quality_report' }
  | { page: 'interface_analysis' }
  | { page: 'callback' }
  | { page: 'offers' }
  | { page: 'network'; networkId: string | null }
  | { page: 'not_found' };

const enc = encodeURIComponent;

export const paths = {
  trigger: (caseId?: string) => (caseId ? `/?fall=${enc(caseId)}` : '/'),
  inbox: () => '/aufgaben',
  task: (caseId: string, crisisId: string, taskId: string) =>
    `/aufgaben/${enc(caseId)}/${enc(crisisId)}/${enc(taskId)}`,
  register: () => '/faelle/neu',
  caseFile: (caseId: string, registered?: boolean) => `/faelle/${enc(caseId)}${registered ? '?angelegt=1' : ''}`,
  /** The guardian's code page, public: the SMS links to it. */
  confirm: () => '/bestaetigen',
  crisis: (caseId: string, crisisId: string, outcome?: 'neu' | 'bereits' | 'zugeordnet') =>
    `/faelle/${enc(caseId)}/krisen/${enc(crisisId)}${outcome ? `?ausgeloest=${outcome}` : ''}`,
  /** The crisis's situation report; `audience` (supervisor, leitstelle, clinic, runder_tisch) as `?fassung=`. */
  lagebild: (caseId: string, crisisId: string, audience?: string) =>
    `/faelle/${enc(caseId)}/krisen/${enc(crisisId)}/lagebild${audience ? `?fassung=${enc(audience)}` : ''}`,
  timeline: (caseId?: string) => (caseId ? `/zeitleiste?fall=${enc(caseId)}` : '/zeitleiste'),
  hilfeplanung: (caseId: string) => `/faelle/${enc(caseId)}/hilfeplanung`,
  /** The §8a risk assessments of a case (Gefährdungseinschätzung). */
  riskAssessment: (caseId: string) => `/faelle/${enc(caseId)}/gefaehrdungseinschaetzung`,
  /** The § 4 KKG reports of a case and their feedback. */
  kkgReports: (caseId: string) => `/faelle/${enc(caseId)}/kkg-meldungen`,
  agreements: () => '/vereinbarungen',
  breakGlassReviews: () => '/notfallzugriffe',
  /** The anonymised quality report for the Runder Tisch. */
  qualityReport: () => '/qualitaetsbericht',
  /** The lead office's error analysis at the interfaces (its own cases, not anonymous). */
  interfaceAnalysis: () => '/qualitaetsbericht/fehleranalyse',
  /** The public offer page of the networks' partners: no login (issue 17). */
  offers: () => '/angebote',
  /** The caller's network: their partner's contact entry and offers, the partner directory. */
  network: (networkId?: string) => (networkId ? `/netzwerk?netz=${enc(networkId)}` : '/netzwerk'),
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
  if (path === '/') return { page: 'trigger', caseId: url.searchParams.get('fall') || null };
  if (path === paths.callback()) return { page: 'callback' };
  if (path === paths.offers()) return { page: 'offers' };
  if (path === paths.network()) return { page: 'network', networkId: url.searchParams.get('netz') || null };
  if (path === paths.confirm()) return { page: 'confirm' };
  if (path === paths.inbox()) return { page: 'inbox' };
  if (path === paths.register()) return { page: 'register' };
  if (path === paths.agreements()) return { page: 'agreements' };
  if (path === paths.breakGlassReviews()) return { page: 'break_glass_reviews' };
  if (path === paths.qualityReport()) return { page: 'quality_report' };
  if (path === paths.interfaceAnalysis()) return { page: 'interface_analysis' };
  const task = /^\/aufgaben\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(path);
  if (task?.[1] && task[2] && task[3]) {
    const [caseId, crisisId, taskId] = [decode(task[1]), decode(task[2]), decode(task[3])];
    if (caseId && crisisId && taskId) return { page: 'task', caseId, crisisId, taskId };
  }
  const caseFile = /^\/faelle\/([^/]+)$/.exec(path);
  if (caseFile?.[1]) {
    const caseId = decode(caseFile[1]);
    if (caseId) return { page: 'case', caseId, registered: url.searchParams.get('angelegt') === '1' };
  }
  if (path === '/zeitleiste') return { page: 'timeline', caseId: url.searchParams.get('fall') || null };
  const planning = /^\/faelle\/([^/]+)\/hilfeplanung$/.exec(path);
  if (planning?.[1]) {
    const caseId = decode(planning[1]);
    if (caseId) return { page: 'hilfeplanung', caseId };
  }
  const kkgReports = /^\/faelle\/([^/]+)\/kkg-meldungen$/.exec(path);
  if (kkgReports?.[1]) {
    const caseId = decode(kkgReports[1]);
    if (caseId) return { page: 'kkg_reports', caseId };
  }
  const riskAssessment = /^\/faelle\/([^/]+)\/gefaehrdungseinschaetzung$/.exec(path);
  if (riskAssessment?.[1]) {
    const caseId = decode(riskAssessment[1]);
    if (caseId) return { page: 'risk_assessment', caseId };
  }
  const crisis = /^\/faelle\/([^/]+)\/krisen\/([^/]+)$/.exec(path);
  if (crisis?.[1] && crisis[2]) {
    const caseId = decode(crisis[1]);
    const crisisId = decode(crisis[2]);
    if (caseId && crisisId) {
      return { page: 'crisis', caseId, crisisId, outcome: url.searchParams.get('ausgeloest') };
    }
  }
  const lagebild = /^\/faelle\/([^/]+)\/krisen\/([^/]+)\/lagebild$/.exec(path);
  if (lagebild?.[1] && lagebild[2]) {
    const [caseId, crisisId] = [decode(lagebild[1]), decode(lagebild[2])];
    if (caseId && crisisId) return { page: 'lagebild', caseId, crisisId, audience: url.searchParams.get('fassung') };
  }
  return { page: 'not_found' };
}
