/** Thrown between steps when the user cancels a cycle; not an error to report. */
export class TrainingCancelled extends Error {
  constructor() {
    super('Training was cancelled.');
    this.name = 'TrainingCancelled';
  }
}
