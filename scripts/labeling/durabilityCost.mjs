// What durability 'strict' costs per transaction in this browser, beside 'relaxed': the price the
// page pays once per label transaction so that a label shown is a label kept.

import { quantile } from './runFigures.mjs';

const SCRATCH_DATABASE = 'lossloop-bench-durability-scratch';

/**
 * Times `count` small readwrite transactions (one record put) of each durability in a scratch
 * database of the page's origin, deleted afterwards. The two alternate, so that anything else the
 * machine does in the meantime weighs on both alike. Returns the median and p95 of each, in ms.
 */
export async function durabilityCost(page, count = 50) {
  const times = await page.evaluate(async ([name, n]) => {
    const db = await new Promise((resolve, reject) => {
      const request = indexedDB.open(name, 1);
      request.onupgradeneeded = () => request.result.createObjectStore('rows', { keyPath: 'id' });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const timeOne = (durability, i) => new Promise((resolve, reject) => {
      const started = performance.now();
      const tx = db.transaction('rows', 'readwrite', { durability });
      tx.objectStore('rows').put({ id: i % 10, label: i % 10, at: Date.now() });
      tx.oncomplete = () => resolve(performance.now() - started);
      tx.onerror = () => reject(tx.error);
    });
    const strict = [];
    const relaxed = [];
    for (let i = 0; i < n; i++) {
      strict.push(await timeOne('strict', i));
      relaxed.push(await timeOne('relaxed', i));
    }
    db.close();
    await new Promise((resolve, reject) => {
      const request = indexedDB.deleteDatabase(name);
      request.onsuccess = resolve;
      request.onerror = () => reject(request.error);
    });
    return { strict, relaxed };
  }, [SCRATCH_DATABASE, count]);
  const summary = (ms) => ({ medianMs: quantile(ms, 0.5), p95Ms: quantile(ms, 0.95) });
  return { transactions: count, strict: summary(times.strict), relaxed: summary(times.relaxed) };
}
