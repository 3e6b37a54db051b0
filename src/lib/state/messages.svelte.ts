/** What an error says, in plain words, whatever was thrown. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The one place that sets and clears what the page tells the user: a notice (something worth
 * knowing that is not a problem, like a resumed cycle) and a problem (the last thing that went wrong).
 */
export class Messages {
  notice = $state<string | null>(null);
  problem = $state<string | null>(null);
  /** the problem came from training on this backend (a lost GPU, a crashed trainer): another backend may help */
  backendProblem = $state(false);

  /** Says something that went well (or null to say nothing); a problem shown stays. */
  note(text: string | null): void {
    this.notice = text;
  }

  /** Shows what went wrong with the data or a request: another backend would not help. */
  fail(text: string): void {
    this.problem = text;
    this.backendProblem = false;
  }

  /** Shows what went wrong while training on the current backend, with the offer of another. */
  failOnBackend(text: string): void {
    this.problem = text;
    this.backendProblem = true;
  }

  /** Something the user asked for worked: an older problem no longer applies. */
  succeeded(notice?: string | null): void {
    this.problem = null;
    this.backendProblem = false;
    if (notice !== undefined) this.notice = notice;
  }

  /** New work starts (a cycle, another project): what was said about the old one goes. */
  clear(): void {
    this.notice = null;
    this.problem = null;
    this.backendProblem = false;
  }
}
