/**
 * Every change to the store from the page runs through one queue, one after another, in the order
 * the user asked for them: a click on "Draw" right after a preset change must see the new preset,
 * and an undo pressed while a label is being saved must revert that label, not the one before.
 *
 * A change must not wait on the queue from inside another change (it would wait for itself):
 * code that already runs in the queue calls the unqueued steps directly.
 */
export class WriteQueue {
  private tail: Promise<unknown> = Promise.resolve();

  /** Runs `write` once every write issued before it has settled; a failure does not stop the next. */
  run<T>(write: () => Promise<T>): Promise<T> {
    const next = this.tail.then(write, write);
    this.tail = next.catch(() => {});
    return next;
  }
}
