import type { Page } from '@playwright/test';
import { TEST_SIZES } from '../../scripts/app-session.mjs';
import { applySettings } from '../../scripts/experiment/drive.mjs';

export { TEST_SIZES };

/**
 * Types the test sizes (scripts/app-session.mjs: seconds a cycle on software WebGPU, a model too
 * small to learn, so no preset offers them) and `extra` into the Settings tab, as a user would,
 * and comes back to the labeling tab.
 */
export async function useTestSizes(page: Page, extra: Record<string, number | boolean | number[] | string> = {}): Promise<void> {
  await applySettings(page, { ...TEST_SIZES, ...extra });
  await page.getByTestId('tab-label').click();
}
