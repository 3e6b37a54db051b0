import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LossloopDatabase } from '../../src/lib/data/store/db';
import { MAX_TOTAL_PIXELS } from '../../src/lib/data/formats/pixelLimits';
import { listProjects } from '../../src/lib/data/store/projects';
import type { ImageFile } from '../../src/lib/data/transfer/importImageProject';
import { ImageWorker } from '../../src/lib/state/imageWorker';
import { ImportFlow } from '../../src/lib/state/importFlow.svelte';
import { Messages } from '../../src/lib/state/messages.svelte';
import { ProjectList } from '../../src/lib/state/projectList.svelte';
import { WriteQueue } from '../../src/lib/state/writeQueue';
import type { FromImages, ToImages } from '../../src/lib/worker/imagesProtocol';
import { listSamples, setLabel } from '../../src/lib/data/store/samples';
import { refuseWrites } from './fullDisk';
import { closeDatabase, freshDatabase, seedProject } from './projectFixture';

/**
 * An image import decodes in the images worker: each request carries what the import may still
 * decode, the worker's answers become pixels, skipped files or a stop, and nothing of a stopped
 * import is kept. The worker here is a stand-in that answers by a script.
 */

type Script = (request: ToImages) => FromImages;

/** A stand-in for the images worker: answers each request by `script`, on a later turn, as a worker does. */
function fakeWorker(script: Script, requests: ToImages[]): () => Worker {
  return () => {
    const worker = {
      onmessage: null as ((event: MessageEvent<FromImages>) => void) | null,
      onerror: null,
      terminated: false,
      postMessage(request: ToImages) {
        requests.push(request);
        setTimeout(() => worker.onmessage?.({ data: script(request) } as MessageEvent<FromImages>));
      },
      terminate() {
        worker.terminated = true;
      },
    };
    return worker as unknown as Worker;
  };
}

/** Decodes every image as a 20 x 10 picture, its input pixels all `id`. */
const decodeAll: Script = (request) => {
  if (request.type !== 'decode') throw new Error(`unexpected ${request.type}`);
  const pixels = new Uint8Array(request.height * request.width * request.channels).fill(request.id);
  return { type: 'decoded', id: request.id, pixels, thumbnail: null, width: 20, height: 10 };
};

const files: ImageFile[] = ['a/1.png', 'a/2.png', 'b/3.png', 'b/4.png'].map((path) => ({ path, data: new Blob([path]) }));
const options = { name: 'letters', height: 4, width: 4, channels: 1 as const, folders: 'hidden-labels' as const, testFraction: 0, horizontalFlip: false };

describe('an image import decoded in the images worker', () => {
  let db: LossloopDatabase;
  let messages: Messages;
  let projects: ProjectList;
  let requests: ToImages[];
  const flowWith = (script: Script) =>
    new ImportFlow(db, new WriteQueue(), messages, projects, async () => {}, new ImageWorker(fakeWorker(script, requests)));

  beforeEach(async () => {
    db = await freshDatabase();
    messages = new Messages();
    projects = new ProjectList(db);
    requests = [];
  });
  afterEach(() => closeDatabase(db));

  it('counts each image\'s own pixels against what the import may decode, and keeps the flips chosen', async () => {
    await flowWith(decodeAll).importImages(files, options);
    expect(messages.problem).toBeNull();
    // Each image is 20 x 10 = 200 pixels: the import may decode 200 fewer after each.
    expect(requests.map((r) => (r.type === 'decode' ? [r.path, r.pixelsLeft] : r.type))).toEqual([
      ['a/1.png', MAX_TOTAL_PIXELS], ['a/2.png', MAX_TOTAL_PIXELS - 200], ['b/3.png', MAX_TOTAL_PIXELS - 400], ['b/4.png', MAX_TOTAL_PIXELS - 600],
    ]);
    const [project] = await listProjects(db);
    expect(project).toMatchObject({ name: 'letters', poolCount: 4, imageShape: [4, 4, 1] });
    expect(project.settings.horizontalFlip).toBe(false);
  });

  it('leaves out and names an image the worker cannot read', async () => {
    const script: Script = (r) => (r.type === 'decode' && r.path === 'a/2.png'
      ? { type: 'failed', id: r.id, kind: 'unreadable', fileName: r.path, reason: 'the image is empty (0 pixels).' }
      : decodeAll(r));
    await flowWith(script).importImages(files, options);
    expect(messages.notice).toBe('Imported "letters": 3 pool images, 0 test images.');
    expect(messages.problem).toBe('1 file could not be read and was left out: a/2.png: the image is empty (0 pixels).');
  });

  it('stops when the worker refuses to go on, keeping nothing', async () => {
    const refusal = 'The images add up to more than the 8,000 megapixels one import may decode (reached at b/3.png). Nothing of it was kept; import fewer or smaller images at once.';
    const script: Script = (r) => (r.type === 'decode' && r.path === 'b/3.png' ? { type: 'failed', id: r.id, kind: 'refused', message: refusal } : decodeAll(r));
    await flowWith(script).importImages(files, options);
    expect(messages.problem).toBe(`The import failed: ${refusal}`);
    expect(await listProjects(db)).toEqual([]);
    expect(await db.count('samples')).toBe(0);
  });

  it('on a full disk says so, with what the project needs and what to free, and keeps the labels of other projects', async () => {
    await seedProject(db);
    await setLabel(db, 'p', 7, 2, 'human');
    const labelsBefore = (await listSamples(db, 'p')).map((sample) => sample.label);
    const restore = refuseWrites((store) => store === 'pixelChunks');
    try {
      await flowWith(decodeAll).importImages(files, options);
    } finally {
      restore();
    }
    // Four 4 x 4 greyscale images: 64 bytes of pixels.
    expect(messages.problem).toBe(
      'The import failed: This browser has no room left for lossloop\'s data, so the import stopped and nothing of it was kept. ' +
        'The new project needs about 64 bytes for its images. Your other projects and their labels are as they were. ' +
        'To make room, delete projects of lossloop you no longer need (Project, then Delete…), clear other websites\' data in the ' +
        'browser\'s settings (Privacy, Site data), or free disk space on this computer. Then import again.',
    );
    expect((await listProjects(db)).map((project) => project.id)).toEqual(['p']);
    expect((await listSamples(db, 'p')).map((sample) => sample.label)).toEqual(labelsBefore);
    expect(await db.count('samples')).toBe(labelsBefore.length);
  });

  it('stops the import and its worker when the panel closes, keeping nothing', async () => {
    const flow = flowWith(decodeAll);
    flow.show(true);
    const running = flow.importImages(files, options);
    await new Promise((resolve) => setTimeout(resolve));
    flow.show(false);
    await running;
    expect(messages.problem).toBe('The import was stopped; nothing of it was kept.');
    expect(await listProjects(db)).toEqual([]);
  });
});
