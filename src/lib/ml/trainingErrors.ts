/** Thrown between steps when the user cancels a cycle; not an error to report. */
export class TrainingCancelled extends Error {
  constructor() {
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
