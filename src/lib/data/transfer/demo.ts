import type { LossloopDatabase } from '../store/db';
import { deleteProjectData } from '../store/samples';
import { getProject } from '../store/projects';
import type { ProjectRecord } from '../store/schema';
import { importIdxProject } from './importIdxProject';

/**
 * The built-in demo: a Fashion-MNIST subset served from public/demo (made by
 * scripts/build-demo-data.mjs), imported like any IDX dataset, with the pool's true labels kept
 * hidden for the simulated oracle.
 */

export const DEMO_PROJECT_ID = 'demo';

interface DemoManifest {
  name: string;
  source: string;
  classes: string[];
  pool: { count: number; images: string; labels: string };
  test: { count: number; images: string; labels: string };
  bytes: number;
}

export interface LoadProgress {
  stage: 'downloading' | 'storing';
  fraction: number;
}

/** Returns the demo project, importing it first if it is missing or an earlier import was cut short. */
export async function ensureDemoProject(
  db: LossloopDatabase,
  baseUrl: string,
  onProgress: (progress: LoadProgress) => void,
): Promise<ProjectRecord> {
  const existing = await getProject(db, DEMO_PROJECT_ID);
  if (existing?.complete) return existing;
  if (existing) await deleteProjectData(db, DEMO_PROJECT_ID);

  const manifest = JSON.parse(await (await fetchBlob(new URL('manifest.json', baseUrl), () => {})).text()) as DemoManifest;
  const received = new Map<string, number>();
  const fetchFile = (name: string) =>
    fetchBlob(new URL(name, baseUrl), (bytes) => {
      received.set(name, bytes);
      const total = [...received.values()].reduce((a, b) => a + b, 0);
      onProgress({ stage: 'downloading', fraction: Math.min(1, total / manifest.bytes) });
    });
  const [poolImages, poolLabels, testImages, testLabels] = await Promise.all(
    [manifest.pool.images, manifest.pool.labels, manifest.test.images, manifest.test.labels].map(fetchFile),
  );
  const total = manifest.pool.count + manifest.test.count;
  // Nobody typed the demo's name: proposed, it is numbered if another project has taken it (a
  // rename, a restored backup) rather than refused.
  return importIdxProject(db, {
    id: DEMO_PROJECT_ID, name: '', proposedName: manifest.name, source: manifest.source, classNames: manifest.classes,
    poolImages, poolLabels, poolLabelMode: 'hidden', testImages, testLabels,
  }, (p) => onProgress({ stage: 'storing', fraction: (p.stage === 'storing test set' ? manifest.pool.count + p.done : p.done) / total }));
}

/** The whole response as a Blob, reporting the bytes received so far. */
async function fetchBlob(url: URL, onReceived: (bytes: number) => void): Promise<Blob> {
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
  return new Blob(parts as BlobPart[]);
}
