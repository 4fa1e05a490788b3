import { ApiError } from '../api/api-error';
import { pick, texts } from './language';

const T = texts(
  {
    /** Wording for a refused field, by where the API says the problem is. */
    fields: {
      'path.caseId':
        'Bitte eine pseudonyme Fall-Referenz angeben: 3 bis 64 Zeichen, nur Buchstaben, Ziffern und Bindestriche, kein Name.',
      'body.dangerKind': 'Bitte die Art der Gefährdung auswählen.',
      'body.urgency': 'Bitte die Dringlichkeit auswählen.',
      'body.reason': 'Bitte einen Grund angeben: mindestens 3, höchstens 500 Zeichen.',
      'path.crisisId': 'Diese Krise ist für den Fall nicht bekannt.',
      'body.location': 'Bitte den Ort mit 2 bis 200 Zeichen angeben oder das Feld leer lassen.',
      'body.note': 'Bitte die Notiz mit 2 bis 500 Zeichen fassen oder das Feld leer lassen.',
      'header.x-break-glass-reason':
        'Bitte den Grund für den Notfallzugriff nennen: mindestens 10, höchstens 500 Zeichen.',
      'header.idempotency-key': 'Die Anfrage konnte nicht eindeutig zugeordnet werden. Bitte erneut senden.',
      'body.caseId':
        'Bitte eine pseudonyme Fall-Referenz angeben: 3 bis 64 Zeichen, nur Buchstaben, Ziffern und Bindestriche, kein Name.',
      'body.caseId:already registered': 'Diese Fall-Referenz ist schon angelegt. Bitte eine andere wählen.',
      'body.youngPerson.givenName': 'Bitte den Vornamen angeben (höchstens 100 Zeichen).',
      'body.youngPerson.familyName': 'Bitte den Nachnamen angeben (höchstens 100 Zeichen).',
      'body.youngPerson.dateOfBirth': 'Bitte das Geburtsdatum angeben.',
      'body.youngPerson.address': 'Bitte die Anschrift mit höchstens 300 Zeichen angeben oder leer lassen.',
      'body.careProviderOrganisationId': 'Dieser Träger gehört nicht zur geltenden Kooperationsvereinbarung.',
      'body.guardians': 'Bitte höchstens vier Sorgeberechtigte angeben.',
      'guardian.name': 'Bitte den Namen angeben (2 bis 120 Zeichen).',
      'guardian.relation': 'Bitte die Beziehung zum jungen Menschen auswählen.',
      'guardian.phone':
        'Bitte die Nummer im internationalen Format angeben: + und Ländervorwahl, z. B. +49 151 12345678 (SMS und Anruf brauchen eine Nummer).',
      'guardian.email': 'Bitte eine gültige E-Mail-Adresse angeben (für den Weg „E-Mail“ nötig).',
      'guardian.language': 'Bitte eine Sprache auswählen.',
      'guardian.preferredChannel': 'Bitte den bevorzugten Weg auswählen.',
      'body.callbackPhone':
        'Bitte die Rückrufnummer im internationalen Format angeben: + und Ländervorwahl, z. B. +49 231 1234567.',
      'body.dispatchReference':
        'Bitte die Einsatznummer der Leitstelle angeben: 3 bis 40 Zeichen, Buchstaben, Ziffern und / . _ -.',
      'body.etaMinutes': 'Die voraussichtliche Ankunft muss innerhalb der nächsten 24 Stunden liegen.',
      'body.expectedArrivalAt': 'Bitte die voraussichtliche Ankunft als Uhrzeit angeben.',
      'body.code': 'Bitte den 6-stelligen Code aus der Nachricht eingeben.',
      'path.guardianId': 'Diese Person ist für den Fall nicht (mehr) eingetragen.',
      'path.taskId': 'Diese Aufgabe ist für die Krise nicht bekannt.',
    } as Record<string, string>,
    unknownField: 'Die Anfrage enthielt unerwartete Angaben. Bitte die Seite neu laden.',
    invalidField: (field: string) => `Ungültige Angabe (${field}).`,
    unexpected: 'Es ist ein unerwarteter Fehler aufgetreten. Bitte die Seite neu laden.',
    offline:
      'Keine Netzwerkverbindung: Dieses Gerät ist offline. Die Anzeige lädt neu, sobald die Verbindung zurück ist.',
    noServer: 'Keine Verbindung zum Server. Bitte die Netzwerkverbindung prüfen.',
    unauthorized: 'Keine Berechtigung: Ihre Anmeldung ist abgelaufen oder ungültig. Bitte melden Sie sich erneut an.',
    forbidden:
      'Keine Berechtigung: Ihre Rolle darf diese Aktion nicht ausführen. Wenden Sie sich an Ihre Fachaufsicht, wenn Sie Zugriff brauchen.',
    notFound: 'Nicht gefunden: Für diese Angaben gibt es keinen Eintrag.',
    conflict: 'Die Krise ist nicht mehr offen und kann nicht mehr abgebrochen werden.',
    replayed: 'Diese Anfrage wurde bereits mit anderen Angaben gesendet. Bitte das Formular neu absenden.',
    invalid: 'Einige Angaben fehlen oder sind ungültig. Bitte die markierten Felder prüfen.',
    server: 'Der Server konnte die Anfrage gerade nicht bearbeiten. Bitte in einem Moment erneut versuchen.',
  },
  {
    fields: {
      'path.caseId':
        'Please enter a pseudonymous case reference: 3 to 64 characters, only letters, digits and hyphens, no name.',
      'body.dangerKind': 'Please choose the kind of danger.',
      'body.urgency': 'Please choose the urgency.',
      'body.reason': 'Please give a reason: at least 3, at most 500 characters.',
      'path.crisisId': 'This crisis is not known for the case.',
      'body.location': 'Please give the location in 2 to 200 characters or leave the field empty.',
      'body.note': 'Please keep the note to 2 to 500 characters or leave the field empty.',
      'header.x-break-glass-reason':
        'Please state the reason for emergency access: at least 10, at most 500 characters.',
      'header.idempotency-key': 'The request could not be identified unambiguously. Please send it again.',
      'body.caseId':
        'Please enter a pseudonymous case reference: 3 to 64 characters, only letters, digits and hyphens, no name.',
      'body.caseId:already registered': 'This case reference is already registered. Please choose another one.',
      'body.youngPerson.givenName': 'Please enter the first name (at most 100 characters).',
      'body.youngPerson.familyName': 'Please enter the last name (at most 100 characters).',
      'body.youngPerson.dateOfBirth': 'Please enter the date of birth.',
      'body.youngPerson.address': 'Please keep the address to at most 300 characters or leave it empty.',
      'body.careProviderOrganisationId': 'This care provider is not part of the cooperation agreement in force.',
      'body.guardians': 'Please enter at most four legal guardians.',
      'guardian.name': 'Please enter the name (2 to 120 characters).',
      'guardian.relation': 'Please choose the relation to the young person.',
      'guardian.phone':
        'Please enter the number in international format: + and country code, e.g. +49 151 12345678 (SMS and calls need a number).',
      'guardian.email': 'Please enter a valid e-mail address (needed for the “e-mail” channel).',
      'guardian.language': 'Please choose a language.',
      'guardian.preferredChannel': 'Please choose the preferred channel.',
      'body.callbackPhone':
        'Please enter the callback number in international format: + and country code, e.g. +49 231 1234567.',
      'body.dispatchReference':
        'Please enter the dispatch centre’s operation number: 3 to 40 characters, letters, digits and / . _ -.',
      'body.etaMinutes': 'The expected arrival must be within the next 24 hours.',
      'body.expectedArrivalAt': 'Please enter the expected arrival as a time of day.',
      'body.code': 'Please enter the 6-digit code from the message.',
      'path.guardianId': 'This person is not (or no longer) recorded for the case.',
      'path.taskId': 'This task is not known for the crisis.',
    },
    unknownField: 'The request contained unexpected details. Please reload the page.',
    invalidField: (field: string) => `Invalid entry (${field}).`,
    unexpected: 'An unexpected error occurred. Please reload the page.',
    offline: 'No network connection: this device is offline. The page reloads as soon as the connection is back.',
    noServer: 'No connection to the server. Please check the network connection.',
    unauthorized: 'Not authorised: your login has expired or is invalid. Please log in again.',
    forbidden: 'Not authorised: your role may not perform this action. Contact your supervisor if you need access.',
    notFound: 'Not found: there is no entry for these details.',
    conflict: 'The crisis is no longer open and can no longer be cancelled.',
    replayed: 'This request was already sent with different details. Please submit the form again.',
    invalid: 'Some details are missing or invalid. Please check the marked fields.',
    server: 'The server could not handle the request just now. Please try again in a moment.',
  },
);

/** A guardian's field, at registration (`body.guardians.1.phone`) or on its own (`body.phone`). */
const GUARDIAN_FIELD = /^body\.(?:guardians\.\d+\.)?(name|relation|phone|email|language|preferredChannel)$/;

export function fieldMessage(field: string, reason: string): string {
  const t = pick(T);
  if (field === 'body' && reason.startsWith('unknown field')) return t.unknownField;
  const guardian = GUARDIAN_FIELD.exec(field)?.[1];
  return (
    t.fields[`${field}:${reason}`] ??
    t.fields[field] ??
    (guardian ? t.fields[`guardian.${guardian}`] : undefined) ??
    t.invalidField(field)
  );
}

/** Failures that may pass by themselves: the page can say what happens next. */
export const isTransient = (err: unknown): boolean =>
  !(err instanceof ApiError) || err.kind === 'network' || err.kind === 'server';

/** The one sentence to show for a failed call, in plain words. Never empty. */
export function errorMessage(err: unknown): string {
  const t = pick(T);
  if (!(err instanceof ApiError)) return t.unexpected;
  switch (err.kind) {
    case 'network':
      return typeof navigator !== 'undefined' && !navigator.onLine ? t.offline : t.noServer;
    case 'unauthorized':
      return t.unauthorized;
    case 'forbidden':
      return t.forbidden;
    case 'not_found':
      return t.notFound;
    case 'conflict':
      return t.conflict;
    case 'invalid':
      return err.status === 422 ? t.replayed : t.invalid;
    case 'server':
      return t.server;
  }
}
