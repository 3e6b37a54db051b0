import type { RefusedDraft } from './settingDrafts.svelte';
import { MIN_LABELED_TEST } from '../data/store/schema';

/** What decides whether Train can start, as the training session sees it. */
export interface TrainConditions {
  /** the trainer worker has chosen its backend */
  backendReady: boolean;
  /** a cycle or a race round runs */
  running: boolean;
  racing: boolean;
  labeled: number;
  /** labeled test images: a cycle measures on them and cannot start with fewer than MIN_LABELED_TEST */
  labeledTest: number;
  /** images are drawn and waiting for labels */
  queryOpen: boolean;
  /** settings typed into the form that cannot be used */
  refusedSettings: readonly RefusedDraft[];
}

/**
 * Why Train is off and what to do about it, in plain words; null when it can start. The page
 * shows this next to the button, so a disabled Train is never a dead end. The first reason that
 * applies is given: the one to act on first.
 */
export function whyTrainIsOff(conditions: TrainConditions): string | null {
  const { backendReady, running, racing, labeled, labeledTest, queryOpen, refusedSettings } = conditions;
  if (racing) return 'The strategy race is running. Train comes back when it ends, or when you stop it.';
  if (running) return 'A cycle is running. Wait for it to end, or pause or cancel it above.';
  const refused = refusedSettingsReason(refusedSettings);
  if (refused !== null) return refused;
  if (!backendReady) return 'The trainer is still starting on this device; Train is ready in a moment.';
  // The test set comes first: the page offers to make it above everything else.
  if (labeledTest < MIN_LABELED_TEST) {
    const soFar = labeledTest === 1 ? 'only 1 of its images is labeled' : 'this project has none';
    return `Training needs a labeled test set to measure the model on, and ${soFar}. Draw images for the test set above and label them once.`;
  }
  if (labeled < 2) {
    const soFar = labeled === 1 ? '1 is labeled so far' : 'none is labeled yet';
    return queryOpen
      ? `Training needs at least 2 labeled images, and ${soFar}. Click an image and press its class key, or turn on the simulated oracle.`
      : 'Training needs at least 2 labeled images. Draw images to label first, in the Start panel.';
  }
  return null;
}

/**
 * Why nothing may train while a typed setting is refused, said alike beside Train and the race's
 * Start: either would otherwise run on the last valid values while the form shows another.
 * Null when no setting is refused.
 */
export function refusedSettingsReason(refusedSettings: readonly RefusedDraft[]): string | null {
  if (refusedSettings.length === 0) return null;
  const problems = refusedSettings.flatMap((draft) => draft.problems).join(' ');
  return `A setting cannot be used: ${problems} Fix it in the Settings tab (or choose a preset); nothing trains until then.`;
}
