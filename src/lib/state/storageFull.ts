import { describeImportFailure } from '../data/transfer/importCommon';
import { errorText } from './messages.svelte';

/**
 * Whether an error means the browser's storage for this site is full. The store reports it as a
 * QuotaExceededError (thrown, or as the cause of another error); the importers turn it into their
 * own message (describeImportFailure), which is recognized by being exactly that message.
 */
export function isStorageFull(error: unknown): boolean {
  for (let cause = error, depth = 0; cause && depth < 10; cause = (cause as { cause?: unknown }).cause, depth++) {
    if ((cause as { name?: unknown }).name === 'QuotaExceededError') return true;
  }
  return errorText(error) === STORAGE_FULL_TEXT;
}

const STORAGE_FULL_TEXT = errorText(describeImportFailure(new DOMException('The quota has been exceeded.', 'QuotaExceededError')));
