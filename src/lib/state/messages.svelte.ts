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

  /** Says something that went well (or null to say nothing); a problem shown stays. */
  note(text: string | null): void {
    this.notice = text;
  }

  /** Shows what went wrong. */
  fail(text: string): void {
    this.problem = text;
  }

  /** Something the user asked for worked: an older problem no longer applies. */
  succeeded(notice?: string | null): void {
    this.problem = null;
    if (notice !== undefined) this.notice = notice;
  }

  /** New work starts (a cycle, another project): what was said about the old one goes. */
  clear(): void {
    this.notice = null;
    this.problem = null;
  }
}
