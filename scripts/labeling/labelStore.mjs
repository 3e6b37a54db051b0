// What the page's IndexedDB holds about labels, read in the page with plain IndexedDB (the store
// is 'lossloop'; samples and cycles are keyed [projectId, n]): the ground truth that the key driver's
// records are checked against.

/**
 * The id of the project whose open query the grid shows: the one whose stored query holds exactly
 * the cards on the page. The demo and an imported project are told apart without the app's ids.
 * @param {import('@playwright/test').Page} page
 * @returns {Promise<string>}
 */
export function openProjectId(page) {
  return page.evaluate(async () => {
    const shown = [...document.querySelectorAll('[data-testid=query-card]')].map((card) => Number(card.dataset.sampleId)).sort((a, b) => a - b).join(',');
    const db = await new Promise((resolve, reject) => {
      const request = indexedDB.open('lossloop');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const projects = await new Promise((resolve, reject) => {
      const request = db.transaction('projects').objectStore('projects').getAll();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    db.close();
    const open = projects.filter((project) => [...(project.openQuery?.ids ?? [])].sort((a, b) => a - b).join(',') === shown);
    if (open.length !== 1) throw new Error(`${open.length} projects have the query the grid shows (${shown.slice(0, 40)}…)`);
    return open[0].id;
  });
}

/**
 * Reads, in one transaction, the stored label of each of `ids` (null when none), how many pool
 * images of the project have a label, and its cycles ({ index, labeledCount }, in order).
 * @param {import('@playwright/test').Page} page
 * @param {string} projectId
 * @param {string[]} [ids]
 * @returns {Promise<{ labels: (number | null)[], labeledPool: number, cycles: { index: number, labeledCount: number }[] }>}
 */
export function readLabelStore(page, projectId, ids = []) {
  return page.evaluate(async ([project, sampleIds]) => {
    const db = await new Promise((resolve, reject) => {
      const request = indexedDB.open('lossloop');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const tx = db.transaction(['samples', 'cycles']);
    const ask = (request) => new Promise((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const range = IDBKeyRange.bound([project, -Infinity], [project, Infinity]);
    const [labels, labeledPool, cycles] = await Promise.all([
      Promise.all(sampleIds.map((id) => ask(tx.objectStore('samples').get([project, Number(id)])).then((sample) => sample?.label ?? null))),
      // A cursor rather than getAll: a pool of 60,000 records is counted without copying it.
      new Promise((resolve, reject) => {
        let count = 0;
        const request = tx.objectStore('samples').openCursor(range);
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const cursor = request.result;
          if (!cursor) return resolve(count);
          if (cursor.value.split === 'pool' && cursor.value.label !== null) count++;
          cursor.continue();
        };
      }),
      ask(tx.objectStore('cycles').getAll(range)),
    ]);
    db.close();
    return { labels, labeledPool, cycles: cycles.map((c) => ({ index: c.index, labeledCount: c.labeledCount })).sort((a, b) => a.index - b.index) };
  }, [projectId, ids]);
}
