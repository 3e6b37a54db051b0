import { isGzip, parseIdx } from './idx';
import type { LossloopDatabase } from './db';
import { addSamples, deleteProjectData } from './samples';
import { getProject } from './projects';
import { PRESETS } from './settings';
import { PIXEL_CHUNK_SIZE, type ProjectRecord } from './schema';

/**
 * The built-in demo: a Fashion-MNIST subset served from public/demo (made by
 * scripts/build-demo-data.mjs). The pool's true labels are stored hidden, for the simulated oracle.
 */

export const DEMO_PROJECT_ID = 'demo';

interface DemoManifest {
  name: string;
  source: string;
  imageShape: [number, number, number];
  classes: string[];
  pool: { count: number; images: string; labels: string };
  test: { count: number; images: string; labels: string };
  bytes: number;
}

export interface LoadProgress {
  stage: 'downloading' | 'storing';
  fraction: number;
}

const HOTKEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'];

/** Returns the demo project, importing it first if it is missing or an earlier import was cut short. */
export async function ensureDemoProject(
  db: LossloopDatabase,
  baseUrl: string,
  onProgress: (progress: LoadProgress) => void,
): Promise<ProjectRecord> {
  const existing = await getProject(db, DEMO_PROJECT_ID);
  if (existing?.complete) return existing;
  if (existing) await deleteProjectData(db, DEMO_PROJECT_ID);

  const manifest = (await fetchBytes(new URL('manifest.json', baseUrl), () => {}).then((b) =>
    JSON.parse(new TextDecoder().decode(b)),
  )) as DemoManifest;
  let downloaded = 0;
  const files = [manifest.pool.images, manifest.pool.labels, manifest.test.images, manifest.test.labels];
  const [poolImages, poolLabels, testImages, testLabels] = await Promise.all(
    files.map(async (name) => {
      let last = 0;
      const bytes = await fetchBytes(new URL(name, baseUrl), (received) => {
        downloaded += received - last;
        last = received;
        onProgress({ stage: 'downloading', fraction: Math.min(1, downloaded / manifest.bytes) });
      });
      return parseIdx(await gunzipIfNeeded(bytes));
    }),
  );
  checkCounts(poolImages.dims, poolLabels.dims, manifest.pool.count, 'pool');
  checkCounts(testImages.dims, testLabels.dims, manifest.test.count, 'test');

  const [height, width, channels] = manifest.imageShape;
  const project: ProjectRecord = {
    id: DEMO_PROJECT_ID,
    name: manifest.name,
    source: manifest.source,
    classes: manifest.classes.map((name, i) => ({ name, hotkey: HOTKEYS[i] ?? '' })),
    imageShape: manifest.imageShape,
    normalization: pixelStatistics(poolImages.data),
    poolCount: manifest.pool.count,
    testCount: manifest.test.count,
    settings: PRESETS.demo.settings,
    openQuery: null,
    complete: false,
    createdAt: Date.now(),
  };
  await db.put('projects', project);
  const pixelsPerImage = height * width * channels;
  const total = manifest.pool.count + manifest.test.count;
  const report = (written: number) => onProgress({ stage: 'storing', fraction: written / total });
  await addSamples(db, DEMO_PROJECT_ID, {
    split: 'pool', firstId: 0, count: manifest.pool.count, pixels: poolImages.data, pixelsPerImage, trueLabels: poolLabels.data,
  }, report);
  // The test split starts on a fresh pixel chunk.
  const testFirstId = Math.ceil(manifest.pool.count / PIXEL_CHUNK_SIZE) * PIXEL_CHUNK_SIZE;
  await addSamples(db, DEMO_PROJECT_ID, {
    split: 'test', firstId: testFirstId, count: manifest.test.count, pixels: testImages.data, pixelsPerImage, labels: testLabels.data,
  }, (written) => report(manifest.pool.count + written));
  const complete = { ...project, complete: true };
  await db.put('projects', complete);
  return complete;
}

function checkCounts(imageDims: number[], labelDims: number[], expected: number, split: string): void {
  if (imageDims[0] !== expected || labelDims[0] !== expected) {
    throw new Error(`The demo's ${split} files hold ${imageDims[0]} images and ${labelDims[0]} labels; the manifest promises ${expected} of each.`);
  }
}

/** Mean and standard deviation of all pixels, scaled to [0, 1]. */
export function pixelStatistics(pixels: Uint8Array): { mean: number; std: number } {
  let sum = 0;
  let sumSquares = 0;
  for (let i = 0; i < pixels.length; i++) {
    sum += pixels[i];
    sumSquares += pixels[i] * pixels[i];
  }
  const mean = sum / pixels.length / 255;
  const variance = sumSquares / pixels.length / (255 * 255) - mean * mean;
  return { mean, std: Math.sqrt(Math.max(variance, 1e-12)) };
}

async function fetchBytes(url: URL, onReceived: (bytes: number) => void): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok || !response.body) throw new Error(`Could not load ${url.pathname} (HTTP ${response.status}).`);
  const parts: Uint8Array[] = [];
  let received = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    received += value.length;
    onReceived(received);
  }
  const out = new Uint8Array(received);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Some servers send .gz files with Content-Encoding: gzip and the browser has already unpacked them. */
async function gunzipIfNeeded(bytes: Uint8Array): Promise<Uint8Array> {
  if (!isGzip(bytes)) return bytes;
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
