import { describe, expect, it } from 'vitest';
import { LayoutError, planImageLayout } from '../../src/lib/data/transfer/imageLayout';

const files = (spec: Record<string, number>) =>
  Object.entries(spec).flatMap(([folder, n]) => Array.from({ length: n }, (_, i) => `${folder}/${String(i).padStart(3, '0')}.png`));
const testPaths = (layout: ReturnType<typeof planImageLayout>) => layout.images.filter((im) => im.split === 'test').map((im) => im.path);

describe('planImageLayout', () => {
  it('holds out the share per class, spread evenly over each class', () => {
    const layout = planImageLayout(files({ cat: 10, dog: 5 }), 'given-labels', 0.2);
    expect(layout.kind).toBe('class-folders');
    expect(layout.classNames).toEqual(['cat', 'dog']);
    // cat: round(10 * 0.2) = 2 at floor(0.5 * 10 / 2) = 2 and floor(1.5 * 10 / 2) = 7; dog: 1 at floor(0.5 * 5) = 2
    expect(testPaths(layout)).toEqual(['cat/002.png', 'cat/007.png', 'dog/002.png']);
    expect(layout.untestedClasses).toEqual([]);
  });

  it('gives a small class one test image, never its last one', () => {
    const layout = planImageLayout(files({ a: 2, b: 3, c: 1 }), 'hidden-labels', 0.1);
    // a: round(0.2) = 0, raised to 1; b: 1; c has one image: it stays in the pool, and is named
    expect(testPaths(layout)).toEqual(['a/001.png', 'b/001.png']);
    expect(layout.untestedClasses).toEqual(['c']);
  });

  it('holds out nothing at share 0, and says so', () => {
    const layout = planImageLayout(files({ a: 4, b: 4 }), 'given-labels', 0);
    expect(testPaths(layout)).toEqual([]);
    expect(layout.untestedClasses).toEqual(['a', 'b']);
  });

  it('takes train/ and test/ folders as the splits, classes from the folder below', () => {
    const paths = [...files({ 'train/cat': 3, 'train/dog': 2, 'test/cat': 1, 'test/dog': 1 })];
    const layout = planImageLayout(paths, 'given-labels', 0.5);
    expect(layout.kind).toBe('train-test-folders');
    expect(layout.classNames).toEqual(['cat', 'dog']);
    expect(testPaths(layout)).toEqual(['test/cat/000.png', 'test/dog/000.png']);
    expect(layout.images.find((im) => im.path === 'test/dog/000.png')!.label).toBe(1);
    expect(layout.images.filter((im) => im.split === 'pool')).toHaveLength(5);
  });

  it('looks through a wrapping folder and takes val/ as the test side', () => {
    const layout = planImageLayout(files({ 'mnist/train/0': 2, 'mnist/train/1': 2, 'mnist/val/0': 1 }), 'hidden-labels', 0);
    expect(layout.kind).toBe('train-test-folders');
    expect(testPaths(layout)).toEqual(['mnist/val/0/000.png']);
    expect(layout.untestedClasses).toEqual(['1']);
  });

  it('reads train/ beside other folders as a class like any other', () => {
    const layout = planImageLayout(files({ train: 2, bus: 2 }), 'given-labels', 0.5);
    expect(layout.kind).toBe('class-folders');
    expect(layout.classNames).toEqual(['bus', 'train']);
  });

  it('refuses images outside class folders, and a single class', () => {
    expect(() => planImageLayout(['a.png', 'cat/b.png'], 'given-labels', 0.2)).toThrow(LayoutError);
    expect(() => planImageLayout([...files({ 'train/cat': 2, test: 1 })], 'given-labels', 0.2)).toThrow('directly in train/ or test/');
    expect(() => planImageLayout(files({ cat: 3 }), 'given-labels', 0.2)).toThrow('Only one class folder');
  });

  it('puts everything in the pool, unlabeled, when folders are ignored', () => {
    const layout = planImageLayout(['b.png', 'x/a.png'], 'ignore', 0.2);
    expect(layout.images).toEqual([
      { path: 'b.png', label: null, split: 'pool' },
      { path: 'x/a.png', label: null, split: 'pool' },
    ]);
  });
});
