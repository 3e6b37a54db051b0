import { HOW_TO_MAKE_ROOM, NO_ROOM_LEFT } from '../data/store/storageFull';

/** What an error says, in plain words, whatever was thrown. */
export function errorText(error: unknown): string {
  // A full disk met by a label, a class edit or a labels CSV arrives in the browser's own words
  // ("The quota has been exceeded."): say what it means and what to do, as an import does.
  if ((error as { name?: unknown } | null)?.name === 'QuotaExceededError') {
    return `${NO_ROOM_LEFT}, so this change was not saved; everything saved before it is as it was. ${HOW_TO_MAKE_ROOM}`;
  }
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

  /** the notice says that the last request worked (set by `succeeded`), rather than how things stand */
  private noticeIsSuccess = false;

  /** Says how things stand (or null to say nothing); a problem shown stays. */
  note(text: string | null): void {
    this.notice = text;
    this.noticeIsSuccess = false;
  }

  /** Shows what went wrong with the data or a request: another backend would not help. */
  fail(text: string): void {
    this.showProblem(text, false);
  }

  /** Shows what went wrong while training on the current backend, with the offer of another. */
  failOnBackend(text: string): void {
    this.showProblem(text, true);
  }

  /**
   * A new problem takes the place of a success notice: "Restored…" beside "could not be restored"
   * leaves a person guessing which one is true now. A notice that tells how things stand (a
   * resumed cycle, an import that left unreadable files out) stays beside the problem.
   */
  private showProblem(text: string, onBackend: boolean): void {
    if (this.noticeIsSuccess) this.notice = null;
    this.noticeIsSuccess = false;
    this.problem = text;
    this.backendProblem = onBackend;
  }

  /** Something the user asked for worked: an older problem no longer applies. */
  succeeded(notice?: string | null): void {
    this.problem = null;
    this.backendProblem = false;
    if (notice === undefined) return;
    this.notice = notice;
    this.noticeIsSuccess = notice !== null;
  }

  /** New work starts (a cycle, another project): what was said about the old one goes. */
  clear(): void {
    this.notice = null;
    this.noticeIsSuccess = false;
    this.problem = null;
    this.backendProblem = false;
  }
}
