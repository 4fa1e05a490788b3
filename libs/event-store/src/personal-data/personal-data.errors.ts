/** Erasure refused: the case is under a legal hold (§9b SGB VIII retention). Maps to HTTP 409. */
export class LegalHoldActive extends Error {
  constructor(readonly caseId: string) {
    super(`case ${caseId} is under a legal hold: its personal data cannot be erased`);
    this.name = 'LegalHoldActive';
  }
}

export class UnknownDataSubject extends Error {
  constructor(readonly subjectId: string) {
    super(`unknown data subject ${subjectId}`);
    this.name = 'UnknownDataSubject';
  }
}

/** Nothing can be sealed for a subject whose key was destroyed (erasure). */
export class DataSubjectErased extends Error {
  constructor(
    readonly subjectId: string,
    readonly erasedAt: string,
  ) {
    super(`data subject ${subjectId} was erased at ${erasedAt}: nothing can be sealed for them`);
    this.name = 'DataSubjectErased';
  }
}
