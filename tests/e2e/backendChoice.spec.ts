import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';

/**
 * Which backend a fresh profile starts on, and that a backend the user picks is remembered in this
 * browser across reloads, below `?backend=` and above the automatic choice, with a way back.
 */

const badge = (page: Page) => page.getByTestId('backend');

/** The WebGPU adapter's kind, read in the page as the app reads it. */
async function webGpuIsSoftware(page: Page): Promise<boolean> {
  return page.evaluate(async () => {
    const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<{ info: { architecture: string; isFallbackAdapter?: boolean } } | null> } }).gpu;
    const adapter = await gpu?.requestAdapter();
    return adapter ? adapter.info.isFallbackAdapter === true || /swiftshader/i.test(adapter.info.architecture) : false;
  });
}

async function openFresh(page: Page, path: string): Promise<void> {
  await page.goto(path);
  // The demo set is stored before any switch reloads the page, so that no reload cuts it short.
  await expect(page.getByTestId('draw-initial')).toBeVisible({ timeout: 120_000 });
  await expect(badge(page)).not.toHaveAttribute('data-backend', '', { timeout: 60_000 });
}

test('without a GPU a fresh profile starts on WebAssembly, says why, and WebGPU is one click away', async ({ page }, testInfo) => {
  await openFresh(page, '/');
  test.skip(!(await webGpuIsSoftware(page)), 'This machine has a real GPU adapter: WebGPU stays first there.');

  await expect(badge(page)).toHaveAttribute('data-backend', 'wasm');
  await expect(badge(page)).toHaveAttribute('data-source', 'automatic');
  await expect(badge(page)).toContainText('WebAssembly: the only WebGPU here is a software renderer (SwiftShader)');
  await page.locator('header').screenshot({ path: testInfo.outputPath('header-fresh-profile.png') });

  await page.getByTestId('backend-offer').click();
  await expect(page).toHaveURL(/\/$/);
  await expect(badge(page)).toHaveAttribute('data-backend', 'webgpu', { timeout: 120_000 });
  await expect(badge(page)).toHaveAttribute('data-source', 'remembered');
  await expect(badge(page)).toContainText('webgpu');

  // Remembered across a reload, with a way back to the automatic choice.
  await page.reload();
  await expect(badge(page)).toHaveAttribute('data-backend', 'webgpu', { timeout: 120_000 });
  await page.locator('header').screenshot({ path: testInfo.outputPath('header-chosen-webgpu.png') });
  await page.getByTestId('backend-choices').click();
  await page.getByTestId('switch-automatic').click();
  await expect(badge(page)).toHaveAttribute('data-source', 'automatic', { timeout: 120_000 });
  await expect(badge(page)).toHaveAttribute('data-backend', 'wasm');
});

test('a chosen backend survives a reload; ?backend= outranks it without replacing it', async ({ page }) => {
  await openFresh(page, '/');
  await page.getByTestId('backend-choices').click();
  await page.getByTestId('switch-cpu').click();
  await expect(badge(page)).toHaveAttribute('data-backend', 'cpu', { timeout: 60_000 });
  await expect(badge(page)).toContainText('cpu');

  await page.goto('/');
  await expect(badge(page)).toHaveAttribute('data-backend', 'cpu', { timeout: 60_000 });
  await expect(badge(page)).toHaveAttribute('data-source', 'remembered');

  await page.goto('/?backend=wasm');
  await expect(badge(page)).toHaveAttribute('data-backend', 'wasm', { timeout: 60_000 });
  await expect(badge(page)).toHaveAttribute('data-source', 'address');

  await page.goto('/');
  await expect(badge(page)).toHaveAttribute('data-backend', 'cpu', { timeout: 60_000 });
});
