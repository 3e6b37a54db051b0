import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkedClassNames, freeName, MAX_NAME_LENGTH, sameName, uniqueName } from '../../src/lib/data/store/names';
import { getProject, listProjects, renameProject } from '../../src/lib/data/store/projects';
import { addClass, renameClass } from '../../src/lib/data/store/classes';
import { encodeIdx } from '../../src/lib/data/formats/idx';
import { importIdxProject, nameFromIdxFile } from '../../src/lib/data/transfer/importIdxProject';
import { importImageProject, planImportLayout } from '../../src/lib/data/transfer/importImageProject';
import { planImageLayout } from '../../src/lib/data/transfer/imageLayout';
import { DEMO_PROJECT_ID, ensureDemoProject } from '../../src/lib/data/transfer/demo';
import { seededDatabaseEachTest, seedProject } from './projectFixture';

/**
 * One name rule for projects and classes, wherever a name comes from: trimmed, not empty, at most
 * 80 characters, and unique among its kind, case aside.
 */

const db = seededDatabaseEachTest();

describe('the name rule', () => {
  it('trims, refuses empty and over-long names, and says how long a long one is', () => {
    expect(uniqueName('  Shoes ', 'project', [])).toBe('Shoes');
    expect(() => uniqueName(' ', 'class', [])).toThrow('A class needs a name.');
    expect(uniqueName('x'.repeat(80), 'project', [])).toHaveLength(MAX_NAME_LENGTH);
    expect(() => uniqueName('y'.repeat(10_000), 'project', [])).toThrow(
      `A project name can have at most 80 characters; "${'y'.repeat(40)}…" has 10,000.`,
    );
  });

  it('counts names that differ only in case or surrounding spaces as the same, accents not', () => {
    expect(sameName('Cat', ' cat')).toBe(true);
    expect(sameName('resume', 'résumé')).toBe(false);
    expect(() => uniqueName('CAT', 'class', ['dog', 'Cat'])).toThrow('There is already a class named "Cat".');
  });

  it('checks a list of class names in order, naming the first that breaks the rule', () => {
    expect(checkedClassNames([' a', 'b '])).toEqual(['a', 'b']);
    expect(() => checkedClassNames(['a', 'b', 'B'])).toThrow('Class 3 cannot be called "B": There is already a class named "b".');
  });

  it('numbers a taken name like a file copy, within the length limit', () => {
    expect(freeName('Demo', 'x', ['demo'])).toBe('Demo (2)');
    expect(freeName('Demo', 'x', ['Demo', 'DEMO (2)'])).toBe('Demo (3)');
    expect(freeName('  ', 'Restored project', [])).toBe('Restored project');
    const long = 'z'.repeat(85);
    expect(freeName(long, 'x', [])).toBe('z'.repeat(80));
    // 80 characters taken: the number replaces the end, so the name stays at 80.
    expect(freeName(long, 'x', ['z'.repeat(80)])).toBe(`${'z'.repeat(76)} (2)`);
  });
});

describe('renaming a project', () => {
  it('refuses the name another project has, whatever its case, and keeps the old name', async () => {
    await seedProject(db(), 12, 4, undefined, 'q');
    await renameProject(db(), 'q', 'Shoes');
    await expect(renameProject(db(), 'p', ' shoes ')).rejects.toThrow('There is already a project named "Shoes".');
    expect((await getProject(db(), 'p'))!.name).toBe('test');
    // Its own name in another case is no clash.
    await renameProject(db(), 'q', 'SHOES');
    expect((await getProject(db(), 'q'))!.name).toBe('SHOES');
  });
});

describe('the class editor', () => {
  it('keeps class names within the length limit, adding and renaming', async () => {
    await expect(addClass(db(), 'p', 'd'.repeat(81))).rejects.toThrow('A class name can have at most 80 characters');
    await expect(renameClass(db(), 'p', 0, 'e'.repeat(81))).rejects.toThrow('A class name can have at most 80 characters');
    expect((await getProject(db(), 'p'))!.classes.map((c) => c.name)).toEqual(['a', 'b', 'c']);
  });
});

describe('class folders of an image import', () => {
  const png = new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' });

  it('refuses a folder name too long for a class, naming the folder, before any image is read', () => {
    const long = 'w'.repeat(10_000);
    expect(() => planImageLayout([`${long}/1.png`, 'cat/2.png'], 'given-labels', 0.2)).toThrow(
      `The folder "${'w'.repeat(40)}…" cannot name a class: A class name can have at most 80 characters; "${'w'.repeat(40)}…" has 10,000. ` +
        'Rename the folder, or import without folder labels.',
    );
    // A folder of exactly the limit is a class like any other.
    const fits = planImageLayout([`${'w'.repeat(80)}/1.png`, 'cat/2.png'], 'given-labels', 0);
    expect(fits.classNames).toEqual(['cat', 'w'.repeat(80)]);
  });

  it('refuses two folders that differ only in case, and the import says so in its own words', async () => {
    const paths = ['Cat/1.png', 'cat/2.png', 'dog/3.png'];
    expect(() => planImportLayout(paths, { folders: 'hidden-labels', testFraction: 0 })).toThrow(
      'The folders "Cat" and "cat" would be two classes with the same name (only case or spaces tell them apart). Rename one, or import without folder labels.',
    );
    await expect(importImageProject(db(), paths.map((path) => ({ path, data: png })), {
      name: 'pets', height: 4, width: 4, channels: 1, folders: 'hidden-labels', testFraction: 0,
    })).rejects.toThrow(/The folders "Cat" and "cat"/);
    expect((await listProjects(db())).map((p) => p.name)).toEqual(['test']);
  });

  it('refuses a project name another project has', async () => {
    await expect(importImageProject(db(), [{ path: 'a/1.png', data: png }, { path: 'b/2.png', data: png }], {
      name: 'TEST', height: 4, width: 4, channels: 1, folders: 'ignore', testFraction: 0,
    })).rejects.toThrow('There is already a project named "test".');
    expect(await listProjects(db())).toHaveLength(1);
  });
});

/** `count` 2x2 images and labels i mod 2, as IDX files. */
function idx(count: number) {
  return {
    images: new Blob([encodeIdx([count, 2, 2], new Uint8Array(count * 4).fill(9)) as BlobPart]),
    labels: new Blob([encodeIdx([count], Uint8Array.from({ length: count }, (_, i) => i % 2)) as BlobPart]),
  };
}

describe('an IDX import', () => {
  it('refuses class names that break the rule, and a taken project name, keeping nothing', async () => {
    const files = idx(6);
    const base = { poolImages: files.images, poolLabels: files.labels, poolLabelMode: 'hidden' as const };
    await expect(importIdxProject(db(), { ...base, name: 'digits', classNames: ['even', 'Even'] }))
      .rejects.toThrow('Class 2 cannot be called "Even": There is already a class named "even".');
    await expect(importIdxProject(db(), { ...base, name: 'digits', classNames: ['even', 'o'.repeat(81)] }))
      .rejects.toThrow(/^Class 2 cannot be called "o{40}…": A class name can have at most 80 characters/);
    await expect(importIdxProject(db(), { ...base, name: ' Test ' })).rejects.toThrow('There is already a project named "test".');
    expect((await listProjects(db())).map((p) => p.name)).toEqual(['test']);
  });

  it('numbers the name it gives when none was typed, and class names it makes up never take a given one', async () => {
    const files = idx(6);
    const threeLabels = new Blob([encodeIdx([6], Uint8Array.from([0, 1, 2, 0, 1, 2])) as BlobPart]);
    const first = await importIdxProject(db(), { name: '', poolImages: files.images, poolLabels: threeLabels, poolLabelMode: 'hidden', classNames: ['class 2'] });
    expect(first.name).toBe('Imported images');
    // Label 1 and 2 have no given name: "class 1", then "class 2" is taken (case aside), so "class 2 (2)".
    expect(first.classes.map((c) => c.name)).toEqual(['class 2', 'class 1', 'class 2 (2)']);
    const second = await importIdxProject(db(), { name: ' ', poolImages: files.images, poolLabels: files.labels, poolLabelMode: 'hidden' });
    expect(second.name).toBe('Imported images (2)');
  });

  it('names the project after its pool file when none was typed, numbered when a project has that name', async () => {
    expect(nameFromIdxFile('train-images-idx3-ubyte.gz')).toBe('train');
    expect(nameFromIdxFile('images.idx.gz')).toBe('');
    const files = idx(6);
    const base = { name: '', poolImages: files.images, poolLabels: files.labels, poolLabelMode: 'hidden' as const };
    // The seeded project is called "test": the proposal is numbered, not refused as a typed name is.
    const first = await importIdxProject(db(), { ...base, proposedName: nameFromIdxFile('Test-images-idx3-ubyte.gz') });
    expect(first.name).toBe('Test (2)');
    const long = await importIdxProject(db(), { ...base, proposedName: 'z'.repeat(100) });
    expect(long.name).toBe('z'.repeat(MAX_NAME_LENGTH));
    const nothingLeft = await importIdxProject(db(), { ...base, proposedName: nameFromIdxFile('images.idx.gz') });
    expect(nothingLeft.name).toBe('Imported images');
  });
});

describe('the demo', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('is numbered when another project already has its name, rather than refused', async () => {
    const pool = idx(4);
    const test = idx(2);
    const served: Record<string, Blob> = {
      'manifest.json': new Blob([JSON.stringify({
        name: 'Fashion demo', source: 'made up', classes: ['top', 'bottom'],
        pool: { count: 4, images: 'pool-images', labels: 'pool-labels' }, test: { count: 2, images: 'test-images', labels: 'test-labels' }, bytes: 100,
      })]),
      'pool-images': pool.images, 'pool-labels': pool.labels, 'test-images': test.images, 'test-labels': test.labels,
    };
    vi.stubGlobal('fetch', async (url: URL) => new Response(served[url.pathname.split('/').pop()!]));
    await renameProject(db(), 'p', 'FASHION DEMO');
    const demo = await ensureDemoProject(db(), 'http://localhost/demo/', () => {});
    expect(demo).toMatchObject({ id: DEMO_PROJECT_ID, name: 'Fashion demo (2)', poolCount: 4, testCount: 2 });
  });
});
