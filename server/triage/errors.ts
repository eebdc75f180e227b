/** Why a triage model could not be trained; `code` is stable. */
export class TriageTrainingError extends Error {
  readonly code: 'NOT_ENOUGH_DATA' | 'INVALID_OPTIONS';

  constructor(code: TriageTrainingError['code'], message: string) {
    super(message);
    this.name = 'TriageTrainingError';
    this.code = code;
  }
}
