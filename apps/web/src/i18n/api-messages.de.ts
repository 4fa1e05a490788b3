import { ApiError } from '../api/api-error';

/** German wording for a refused field, by where the API says the problem is. */
const FIELD_MESSAGES: Record<string, string> = {
  'path.caseId':
    'Bitte eine pseudonyme Fall-Referenz angeben: 3 bis 64 Zeichen, nur Buchstaben, Ziffern und Bindestriche, kein Name.',
  'body.dangerKind': 'Bitte die Art der Gefährdung auswählen.',
  'body.urgency': 'Bitte die Dringlichkeit auswählen.',
  'body.reason': 'Bitte einen Grund angeben: mindestens 3, höchstens 500 Zeichen.',
  'path.crisisId': 'Diese Krise ist für den Fall nicht bekannt.',
  'body.location': 'Bitte den Ort mit 2 bis 200 Zeichen angeben oder das Feld leer lassen.',
  'body.note': 'Bitte die Notiz mit 2 bis 500 Zeichen fassen oder das Feld leer lassen.',
  'header.x-break-glass-reason': 'Bitte den Grund für den Notfallzugriff nennen: mindestens 10, höchstens 500 Zeichen.',
  'header.idempotency-key': 'Die Anfrage konnte nicht eindeutig zugeordnet werden. Bitte erneut senden.',
};

export function fieldMessage(field: string, reason: string): string {
  if (field === 'body' && reason.startsWith('unknown field')) {
    return 'Die Anfrage enthielt unerwartete Angaben. Bitte die Seite neu laden.';
  }
  return FIELD_MESSAGES[field] ?? `Ungültige Angabe (${field}).`;
}

/** Failures that may pass by themselves: the page can say what happens next. */
export const isTransient = (err: unknown): boolean =>
  !(err instanceof ApiError) || err.kind === 'network' || err.kind === 'server';

/** The one sentence to show for a failed call, in plain German. Never empty. */
export function errorMessage(err: unknown): string {
  if (!(err instanceof ApiError)) {
    return 'Es ist ein unerwarteter Fehler aufgetreten. Bitte die Seite neu laden.';
  }
  switch (err.kind) {
    case 'network':
      return typeof navigator !== 'undefined' && !navigator.onLine
        ? 'Keine Netzwerkverbindung: Dieses Gerät ist offline. Die Anzeige lädt neu, sobald die Verbindung zurück ist.'
        : 'Keine Verbindung zum Server. Bitte die Netzwerkverbindung prüfen.';
    case 'unauthorized':
      return 'Keine Berechtigung: Ihre Anmeldung ist abgelaufen oder ungültig. Bitte melden Sie sich erneut an.';
    case 'forbidden':
      return 'Keine Berechtigung: Ihre Rolle darf diese Aktion nicht ausführen. Wenden Sie sich an Ihre Fachaufsicht, wenn Sie Zugriff brauchen.';
    case 'not_found':
      return 'Nicht gefunden: Für diese Angaben gibt es keinen Eintrag.';
    case 'conflict':
      return 'Die Krise ist nicht mehr offen und kann nicht mehr abgebrochen werden.';
    case 'invalid':
      return err.status === 422
        ? 'Diese Anfrage wurde bereits mit anderen Angaben gesendet. Bitte das Formular neu absenden.'
        : 'Einige Angaben fehlen oder sind ungültig. Bitte die markierten Felder prüfen.';
    case 'server':
      return 'Der Server konnte die Anfrage gerade nicht bearbeiten. Bitte in einem Moment erneut versuchen.';
  }
}
