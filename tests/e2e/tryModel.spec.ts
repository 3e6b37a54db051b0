import { test, expect } from './fixtures';
import { readZipEntries } from '../../src/lib/data/formats/zip';
import { encodePng } from '../../src/lib/data/formats/png';
import { download, labelInitialSetByOracle } from './appSteps';
import type { Page } from '@playwright/test';

/**
 * "Try the model" on the demo, on WebAssembly: one cycle trains on the oracle's labels, then a
 * PNG of one of the project's own images, as the labeled-images export writes it, is dropped on
 * the panel. The model's answer must be the one the Review tab shows for that image: the same
 * decoding, resizing and normalization as training. A file that is not an image is refused in
 * plain words, and a try while a cycle trains does not disturb it.
 */

/** Enough steps for the model to prefer one class clearly (20 labels at batch 10: 60 steps). */
const EPOCHS = 30;

/** The review card whose guess is the most confident: its id, the guessed class and the percentage. */
async function mostConfidentGuess(page: Page): Promise<{ id: number; name: string; percent: number }> {
  await page.getByTestId('tab-review').click();
  const cards = page.getByTestId('review-card');
  await expect(cards.first().getByTestId('review-guess')).toHaveText(/^guess: /);
  const guesses = await cards.evaluateAll((all) => all.map((card) => ({
    id: Number((card as HTMLElement).dataset.sampleId),
    text: card.querySelector('[data-testid="review-guess"]')!.textContent!.trim(),
  })));
  const parsed = guesses.map(({ id, text }) => {
    const match = /^guess: (.+) (\d+)%$/.exec(text);
    if (!match) throw new Error(`unexpected guess text "${text}"`);
    return { id, name: match[1], percent: Number(match[2]) };
  });
  return parsed.sort((a, b) => b.percent - a.percent)[0];
}

/** Drops a file on the panel as a person dragging it from the desktop would. */
async function dropFile(page: Page, name: string, type: string, bytes: Uint8Array): Promise<void> {
  await page.getByTestId('try-drop').evaluate((zone, file) => {
    const data = new DataTransfer();
    data.items.add(new File([new Uint8Array(file.bytes)], file.name, { type: file.type }));
    zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  }, { name, type, bytes: Array.from(bytes) });
}

test('a dropped image of the project gets the same answer as in training; a non-image is refused in plain words', async ({ page, offOriginRequests }) => {
  await labelInitialSetByOracle(page, { epochs: EPOCHS });
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'wasm');

  // Before any cycle there is nothing to try, and the panel says why.
  await page.getByTestId('tab-model').click();
  await expect(page.getByTestId('try-no-model')).toHaveText('No model to try yet: a cycle must finish first. Label the initial set and press Train.');
  await expect(page.getByTestId('try-drop')).toHaveCount(0);

  await page.getByTestId('tab-label').click();
  await page.getByTestId('train').click();
  await expect(page.getByTestId('cycle-chart')).toHaveAttribute('data-points', '1', { timeout: 5 * 60_000 });

  const guess = await mostConfidentGuess(page);
  await page.getByTestId('tab-data').click();
  const zip = await download(page, 'export-images-zip');
  const fileName = `pool-${String(guess.id).padStart(5, '0')}.png`;
  const entry = [...readZipEntries(new Uint8Array(zip.bytes))].find((e) => e.path.endsWith(`/${fileName}`));
  expect(entry, `${fileName} in the labeled-images ZIP`).toBeDefined();

  await page.getByTestId('tab-model').click();
  await dropFile(page, fileName, 'image/png', entry!.bytes);
  const result = page.getByTestId('try-result');
  await expect(result).toHaveAttribute('data-cycle', '1');
  await expect(page.getByTestId('try-images')).toContainText(fileName);

  // Every class, most probable first, summing to 100%.
  const rows = page.getByTestId('try-class');
  await expect(rows).toHaveCount(10);
  const probabilities = (await rows.evaluateAll((all) => all.map((row) => (row as HTMLElement).dataset.probability))).map(Number);
  expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  expect([...probabilities].sort((a, b) => b - a)).toEqual(probabilities);
  const shown = (await page.getByTestId('try-percent').allTextContents()).map((text) => Number(text.replace(/[<>%]/g, '')));
  expect(Math.abs(shown.reduce((a, b) => a + b, 0) - 100)).toBeLessThanOrEqual(0.6);

  // The same class, with the same confidence, as the model gave this image at the end of the cycle.
  await expect(page.getByTestId('try-top-class')).toHaveText(guess.name);
  await expect(rows.first()).toHaveAttribute('data-class-name', guess.name);
  expect(Math.abs(Math.round(probabilities[0] * 100) - guess.percent)).toBeLessThanOrEqual(1);

  // The predicted loss, with where it stands among the cycle's test images.
  const loss = page.getByTestId('try-loss');
  expect(Number.isFinite(Number(await loss.getAttribute('data-predicted-loss')))).toBe(true);
  await expect(loss).toContainText(/^Predicted loss -?\d+\.\d{3}/);
  await expect(page.getByTestId('try-loss-context')).toContainText('test images cycle 1 was measured on');
  await expect(page.getByTestId('try-loss-context')).toContainText(/classified \d+ of the 20 test images closest to it in predicted loss correctly/);

  // A text file: a plain message, and the answer shown stays as it was.
  await page.getByTestId('try-file').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a picture') });
  await expect(page.getByTestId('try-problem')).toHaveText('notes.txt: this file is not an image the browser can read, or it is damaged.');
  await expect(page.getByTestId('try-top-class')).toHaveText(guess.name);
  await expect(page.getByTestId('try-images')).toContainText(fileName);
  await expect(page.getByTestId('problem')).toHaveCount(0);

  // A try while the next cycle trains is answered by the last finished model and leaves the cycle
  // alone; once the new cycle is done, the image is asked again.
  await page.getByTestId('tab-label').click();
  await page.getByTestId('train').click();
  await page.getByTestId('tab-model').click();
  await expect(page.getByTestId('try-model')).toContainText("A cycle is training: the answer comes from cycle 1's model");
  // The answer survived the trip to the other tab.
  await expect(page.getByTestId('try-top-class')).toHaveText(guess.name);
  await dropFile(page, fileName, 'image/png', entry!.bytes);
  await expect(page.getByTestId('try-problem')).toHaveCount(0);
  await expect(result).toHaveAttribute('data-cycle', '2', { timeout: 5 * 60_000 });
  await expect(page.getByTestId('last-cycle-review')).toContainText('Cycle 2');
  await expect(page.getByTestId('problem')).toHaveCount(0);
  expect(offOriginRequests).toEqual([]);
});

/**
 * A webcam that films a moving pattern (a canvas), counting the tracks it starts and that are
 * stopped: the machine that runs the tests has no camera, and the test must see the stream end.
 */
function fakeWebcam(): void {
  const counts = { started: 0, stopped: 0 };
  (window as unknown as { webcam: typeof counts }).webcam = counts;
  navigator.mediaDevices.getUserMedia = async () => {
    const canvas = document.createElement('canvas');
    canvas.width = 64;
    canvas.height = 48;
    const context = canvas.getContext('2d')!;
    let frame = 0;
    const draw = () => {
      context.fillStyle = '#222';
      context.fillRect(0, 0, 64, 48);
      context.fillStyle = '#ddd';
      context.fillRect(16 + (frame++ % 8), 8, 24, 32);
    };
    draw();
    setInterval(draw, 50);
    const stream = canvas.captureStream(20);
    for (const track of stream.getTracks()) {
      counts.started++;
      const stop = track.stop.bind(track);
      track.stop = () => {
        counts.stopped++;
        stop();
      };
    }
    return stream;
  };
}

test('a webcam picture and a pasted image go the same way as a file; the webcam goes off with the tab', async ({ page }) => {
  await page.addInitScript(fakeWebcam);
  await labelInitialSetByOracle(page);
  await page.getByTestId('train').click();
  await expect(page.getByTestId('cycle-chart')).toHaveAttribute('data-points', '1', { timeout: 5 * 60_000 });
  await page.getByTestId('tab-model').click();

  await page.getByTestId('webcam-start').click();
  await page.getByTestId('webcam-capture').click();
  await expect(page.getByTestId('try-images')).toContainText('webcam frame 1');
  await expect(page.getByTestId('try-class')).toHaveCount(10);
  await expect(page.getByTestId('try-loss')).toContainText('Predicted loss');
  const webcam = () => page.evaluate(() => (window as unknown as { webcam: { started: number; stopped: number } }).webcam);
  expect(await webcam()).toEqual({ started: 1, stopped: 0 });

  // Another tab: the camera is turned off, and stays off on coming back.
  await page.getByTestId('tab-label').click();
  await expect.poll(webcam).toEqual({ started: 1, stopped: 1 });
  await page.getByTestId('tab-model').click();
  await expect(page.getByTestId('webcam-start')).toBeVisible();
  await expect(page.getByTestId('try-images')).toContainText('webcam frame 1');

  // Ctrl+V of an image from the clipboard.
  const png = encodePng(new Uint8Array(20 * 20 * 3).fill(200), 20, 20, 3);
  await page.evaluate((bytes) => {
    const data = new DataTransfer();
    data.items.add(new File([new Uint8Array(bytes)], 'image.png', { type: 'image/png' }));
    document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, Array.from(png));
  await expect(page.getByTestId('try-images')).toContainText('image.png');
  await expect(page.getByTestId('try-class')).toHaveCount(10);
});
