/**
 * Thrown between steps when the work is cancelled; not an error to report. `ended`: the run was
 * ended for good (its resume point dropped), not merely stopped to go on elsewhere.
 */
export class TrainingCancelled extends Error {
  constructor(readonly ended = false) {
    super('Training was cancelled.');
    this.name = 'TrainingCancelled';
  }
}

/** A loss became NaN or infinite: the weights can no longer be trusted. */
export class NonFiniteLoss extends Error {
  constructor(epoch: number) {
    super(
      `Training diverged in epoch ${epoch + 1}: the loss became NaN or infinite. ` +
        'Your labels are safe. Try a smaller learning rate, or another backend if this repeats.',
    );
    this.name = 'NonFiniteLoss';
  }
}
