import { ApplicationError } from '@hilfenetz/contracts';
import { findIdentifyingData } from '@hilfenetz/domain';

/**
 * Refuses free text of the quality loop that looks identifying (libs/domain `anonymity`): 400
 * problem+json naming each field and, in German, what looks identifying — before anything is
 * sealed or stored. The text itself is never echoed.
 */
export function refuseIdentifyingText(fields: Record<string, string | undefined>): void {
  const errors = Object.entries(fields).flatMap(([field, text]) =>
    text === undefined ? [] : findIdentifyingData(text).map((f) => ({ field, reason: f.reason })),
  );
  if (errors.length > 0) {
    throw new ApplicationError(
      'request.invalid',
      'Der Text muss anonym bleiben: bitte ohne Namen, Datum, Anschrift, Telefonnummer, E-Mail-Adresse oder Aktenzeichen.',
      errors,
    );
  }
}
