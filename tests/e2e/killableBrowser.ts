import { execFileSync } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type BrowserContext, type LaunchOptions, type Page } from '@playwright/test';

/**
 * Chromium on a profile that outlives it, with a way to kill it the hard way (SIGKILL, no shutdown),
 * as a crash or a force quit would.
 *
 * Playwright's launchPersistentContext launches the browser but hands out no process for a
 * persistent context. The pid comes from Chromium itself: the profile's SingletonLock is a symlink
 * to "<host>-<pid>" of the browser process that holds the profile. Before a signal goes anywhere
 * that pid is checked to be this test's own child and the leader of its own process group
 * (Playwright starts the browser detached, in a group of its own), so the kill takes the browser
 * process and its renderer, GPU and utility processes at once, and nothing else. (Chromium's crash
 * handler runs in a session of its own; it exits by itself once the browser is gone.)
 */
export interface KillableBrowser {
  context: BrowserContext;
  page: Page;
  /** the browser process, leader of the process group the kill ends */
  pid: number;
  /** settles when Playwright sees the browser go */
  closed: Promise<void>;
}

/** Launches Chromium on `profileDir` (created or reused) with the config's executable and arguments. */
export async function launchOnProfile(profileDir: string, launchOptions: LaunchOptions): Promise<KillableBrowser> {
  const context = await chromium.launchPersistentContext(profileDir, launchOptions);
  const closed = new Promise<void>((resolve) => context.once('close', () => resolve()));
  try {
    const pid = browserPid(profileDir);
    return { context, page: context.pages()[0] ?? (await context.newPage()), pid, closed };
  } catch (error) {
    await context.close();
    throw error;
  }
}

/** The pid of the browser holding `profileDir`, checked to be ours to kill. */
function browserPid(profileDir: string): number {
  const lock = readlinkSync(join(profileDir, 'SingletonLock'));
  const pid = Number(/-(\d+)$/.exec(lock)?.[1]);
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`Unexpected SingletonLock target "${lock}" in ${profileDir}`);
  const [parent, group] = execFileSync('ps', ['-o', 'ppid=,pgid=', '-p', String(pid)], { encoding: 'utf8' }).trim().split(/\s+/).map(Number);
  if (parent !== process.pid || group !== pid) {
    throw new Error(`Process ${pid} holds ${profileDir} but is not a browser this test launched (parent ${parent}, group ${group})`);
  }
  return pid;
}

/** Whether a process of the group led by `pid` still runs (zombies left for init to reap do not count). */
function groupRuns(pid: number): boolean {
  const rows = execFileSync('ps', ['-A', '-o', 'pgid=,stat='], { encoding: 'utf8' }).trim().split('\n');
  return rows.some((row) => {
    const [group, state] = row.trim().split(/\s+/);
    return Number(group) === pid && !state.startsWith('Z');
  });
}

/**
 * Sends SIGKILL to the browser's process group, synchronously: it can be called from inside a
 * Playwright callback, the moment the page reports something. killBrowser waits for the end.
 */
export function sendKill(browser: KillableBrowser): void {
  try {
    process.kill(-browser.pid, 'SIGKILL');
  } catch (error) {
    // ESRCH: the group is already gone (killed before, or crashed by itself).
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/**
 * SIGKILLs the browser's whole process group: no unload, no shutdown, no flush of anything the
 * browser still held in memory. Resolves once Playwright saw the context go and no process of the
 * group runs any more, so the next launch on the profile finds it free.
 */
export async function killBrowser(browser: KillableBrowser): Promise<void> {
  sendKill(browser);
  const deadline = Date.now() + 15_000;
  while (groupRuns(browser.pid)) {
    if (Date.now() > deadline) throw new Error(`Chromium process group ${browser.pid} still runs 15 s after SIGKILL`);
    await sleep(20);
  }
  let timer: NodeJS.Timeout | undefined;
  const unnoticed = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('Playwright did not notice the killed browser within 10 s')), 10_000);
  });
  try {
    await Promise.race([browser.closed, unnoticed]);
  } finally {
    clearTimeout(timer);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A small seeded generator (mulberry32), so a run's choice of keys and delays can be repeated (the browser's own timing cannot). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
