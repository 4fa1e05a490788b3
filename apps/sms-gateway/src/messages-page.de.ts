import type { GatewayMessage } from './sms-gateway-server';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

const berlin = (iso: string | null) =>
  iso
    ? new Intl.DateTimeFormat('de-DE', {
        dateStyle: 'short',
        timeStyle: 'medium',
        timeZone: 'Europe/Berlin',
      }).format(new Date(iso))
    : '–';

const RECEIPT: Record<GatewayMessage['receipt']['status'], string> = {
  pending: 'unterwegs',
  delivered: 'zugestellt',
  failed: 'nicht zustellbar',
  switched_off: 'Gerät aus – keine Empfangsbestätigung',
};

function callbackText(m: GatewayMessage): string {
  const c = m.callback;
  switch (c.state) {
    case 'none':
      return m.callbackUrl ? 'keine (Gerät aus)' : 'keine Rückmeldeadresse angegeben';
    case 'pending':
      return c.attempts === 0
        ? 'wartet auf Zustellung'
        : `wird wiederholt (${c.attempts} Versuche${c.lastError ? `, zuletzt: ${c.lastError}` : ''})`;
    case 'posted':
      return `gemeldet ${berlin(c.postedAt)}${c.attempts > 1 ? ` (nach ${c.attempts} Versuchen)` : ''}`;
    case 'refused':
      return `von hilfenetz abgelehnt${c.lastError ? ` (${c.lastError})` : ''}`;
    case 'gave_up':
      return `aufgegeben nach ${c.attempts} Versuchen${c.lastError ? `: ${c.lastError}` : ''}`;
  }
}

/**
 * Every message the gateway took, newest first, for a person watching a crisis reach people.
 * Reloads itself every few seconds (plain HTML, no script), so it works in any browser.
 */
export function messagesPage(messages: GatewayMessage[]): string {
  const rows = messages
    .map(
      (m) => `<tr class="${m.receipt.status}">
  <td>${escapeHtml(berlin(m.acceptedAt))}</td>
  <td class="nr">${escapeHtml(m.to)}</td>
  <td>${m.mode === 'voice' ? 'Anruf' : 'SMS'}</td>
  <td class="text">${escapeHtml(m.text)}</td>
  <td class="ref">${escapeHtml(m.reference)}<br><small>${escapeHtml(m.messageId)}</small></td>
  <td class="status">${escapeHtml(RECEIPT[m.receipt.status])}</td>
  <td>${escapeHtml(berlin(m.receipt.at))}</td>
  <td>${escapeHtml(callbackText(m))}</td>
</tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="3">
<title>SMS- und Sprachnachrichten-Gateway (Entwicklung)</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #1b1b1b; }
  h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
  p { margin: .25rem 0 1rem; color: #444; max-width: 60rem; }
  table { border-collapse: collapse; width: 100%; font-size: .9rem; }
  th, td { border-bottom: 1px solid #ddd; padding: .4rem .5rem; text-align: left; vertical-align: top; }
  th { background: #f3f3f3; position: sticky; top: 0; }
  td.text { white-space: pre-wrap; max-width: 28rem; }
  td.nr, td.ref { font-family: ui-monospace, monospace; }
  small { color: #666; }
  tr.delivered td.status { color: #0a6b2d; font-weight: 600; }
  tr.failed td.status { color: #a3190f; font-weight: 600; }
  tr.switched_off td.status { color: #7a5a00; font-weight: 600; }
</style>
</head>
<body>
<h1>SMS- und Sprachnachrichten-Gateway (Entwicklung)</h1>
<p>Alle Nachrichten, die hilfenetz in dieser Sitzung per SMS oder Anruf verschickt hat, die neueste
oben. Kein echtes Telefon wird erreicht. Nummern auf <strong>0000</strong> sind nicht zustellbar,
Nummern auf <strong>0099</strong> gehören zu einem ausgeschalteten Gerät (keine Empfangsbestätigung);
alle anderen werden zugestellt. Die Seite lädt sich alle 3 Sekunden neu.</p>
<table>
<thead><tr>
  <th>Zeit</th><th>An</th><th>Art</th><th>Text</th><th>Referenz / Nachrichten-ID</th>
  <th>Empfangsstatus</th><th>Quittung um</th><th>Rückmeldung an hilfenetz</th>
</tr></thead>
<tbody>
${rows || '<tr><td colspan="8">Noch keine Nachrichten.</td></tr>'}
</tbody>
</table>
</body>
</html>
`;
}
