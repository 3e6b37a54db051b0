import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';

/** Clicks the element with `testid` and returns the file it downloads: its suggested name and bytes. */
export async function download(page: Page, testid: string): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
  return { name: file.suggestedFilename(), bytes: await readFile((await file.path())!) };
}
