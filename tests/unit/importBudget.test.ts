import { describe, expect, it } from 'vitest';
import { folderBudgetProblem, IMPORT_CEILING_BYTES, importBudget } from '../../src/lib/data/formats/importBudget';
import { chosenFiles } from '../../src/lib/ui/imageFileSources';

/** How much one import may take, from what the browser has left for the site, and a folder held to it. */

const GIB = 1024 ** 3;

describe('the budget of one import', () => {
  it('is the 1 GiB ceiling when the browser has more left, or does not say', () => {
    expect(IMPORT_CEILING_BYTES).toBe(GIB);
    expect(importBudget({ usageBytes: 1e9, quotaBytes: 60e9 })).toMatchObject({ maxTotalBytes: GIB, totalLimitWords: 'the 1 GiB one import may take' });
    expect(importBudget({ usageBytes: null, quotaBytes: null }).maxTotalBytes).toBe(GIB);
  });

  it('is the space left when that is less, and says so', () => {
    // 500,000,000 - 400,000,000 = 100,000,000 bytes = 95.4 MiB.
    expect(importBudget({ usageBytes: 400_000_000, quotaBytes: 500_000_000 })).toMatchObject({
      maxTotalBytes: 100_000_000,
      totalLimitWords: "the 100,000,000 bytes (95.4 MiB) this browser has left for lossloop's data",
    });
    // Nothing left: any image is over the budget.
    expect(importBudget({ usageBytes: 600, quotaBytes: 500 }).maxTotalBytes).toBe(1);
  });
});

describe('a folder held to the budget by its files\' sizes', () => {
  const limits = importBudget({ usageBytes: 9_990_000, quotaBytes: 10_000_000 }); // 10,000 bytes left
  const file = (path: string, size: number) => ({ path, data: new Blob([new Uint8Array(size)]) });

  it('passes images that fit, counting only images', () => {
    const chosen = chosenFiles([file('a/1.png', 6000), file('a/notes.txt', 50_000), file('b/2.jpg', 4000)], limits);
    expect(chosen.paths).toEqual(['a/1.png', 'a/notes.txt', 'b/2.jpg']);
    expect(chosen.images.map((f) => f.path)).toEqual(['a/1.png', 'b/2.jpg']);
  });

  it('refuses images that add up to more, naming both sizes', () => {
    expect(() => chosenFiles([file('a/1.png', 6000), file('b/2.png', 4001)], limits)).toThrow(
      "The images chosen add up to 10,001 bytes, more than the 10,000 bytes this browser has left for lossloop's data, so none of them was read.");
    expect(folderBudgetProblem([GIB, 1], importBudget({ usageBytes: null, quotaBytes: null }))).toBe(
      'The images chosen add up to 1,073,741,825 bytes (1 GiB), more than the 1 GiB one import may take, so none of them was read. Split the images into several smaller imports.');
  });
});
