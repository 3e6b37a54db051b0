import { allOrNothing, type IssuedWrites } from './allOrNothing';
import type { IDBPTransaction } from 'idb';
import { projectRange, type LossloopDatabase } from './db';
import { nextColour } from './classStyle';
import { checkHotkey, keyForNewClass } from './hotkeys';
import { uniqueName } from './names';
import type { ClassInfo, LossloopDB, ProjectRecord } from './schema';

/**
 * Editing a project's classes: add, rename, merge, delete. Each edit is one transaction, so a
 * failure anywhere leaves the project as it was. A class is its position in `project.classes`,
 * and every label, hidden true label and log entry stores that position: merging or deleting a
 * class renumbers the classes after it, and everything that holds a position is rewritten with it.
 */

/** A classifier tells at least two classes apart. */
export const MIN_CLASSES = 2;

const CLASS_STORES = ['projects', 'samples', 'labelEvents', 'trainingRuns'] as const;
type ClassTransaction = IDBPTransaction<LossloopDB, (typeof CLASS_STORES)[number][], 'readwrite'>;

/** Appends a class; it gets its own key if its name is one, else the first free key, and a colour no class wears. */
export function addClass(db: LossloopDatabase, projectId: string, name: string): Promise<ProjectRecord> {
  return editClasses(db, projectId, (tx, project, writes) => {
    const checked = checkName(name, project.classes);
    const added: ClassInfo = { name: checked, hotkey: keyForNewClass(checked, project.classes), color: nextColour(project.classes) };
    // The network gains an output, so an interrupted cycle's epoch weights no longer fit it.
    writes.push(tx.objectStore('trainingRuns').delete(projectId));
    const updated = { ...project, classes: [...project.classes, added] };
    writes.push(tx.objectStore('projects').put(updated));
    return updated;
  });
}

export function renameClass(db: LossloopDatabase, projectId: string, index: number, name: string): Promise<ProjectRecord> {
  return changeClass(db, projectId, index, (classes) => ({ name: checkName(name, classes, index) }));
}

/** Gives class `index` the key `typed` ('' for none); a key another class holds is refused. */
export function setHotkey(db: LossloopDatabase, projectId: string, index: number, typed: string): Promise<ProjectRecord> {
  return changeClass(db, projectId, index, (classes) => ({ hotkey: checkHotkey(typed, classes, index) }));
}

/** Changes fields of one class, checked against all of them by `change`; labels are not touched. */
function changeClass(
  db: LossloopDatabase,
  projectId: string,
  index: number,
  change: (classes: readonly ClassInfo[]) => Partial<ClassInfo>,
): Promise<ProjectRecord> {
  return editClasses(db, projectId, (tx, project, writes) => {
    checkIndex(project, index);
    const changed = change(project.classes);
    const updated = { ...project, classes: project.classes.map((c, i) => (i === index ? { ...c, ...changed } : c)) };
    writes.push(tx.objectStore('projects').put(updated));
    return updated;
  });
}

/** Relabels every image of class `from` as `into` and removes `from`. Returns how many labels moved. */
export function mergeClasses(db: LossloopDatabase, projectId: string, from: number, into: number): Promise<number> {
  return editClasses(db, projectId, (tx, project, writes) => {
    checkIndex(project, from);
    checkIndex(project, into);
    if (from === into) throw new Error(`"${project.classes[from].name}" cannot be merged into itself.`);
    checkCanRemove(project, from, 'merged into another');
    return removeClass(tx, writes, project, from, into);
  });
}

/** Removes a class; its images become unlabeled. Returns how many labels were cleared. */
export function deleteClass(db: LossloopDatabase, projectId: string, index: number): Promise<number> {
  return editClasses(db, projectId, (tx, project, writes) => {
    checkIndex(project, index);
    checkCanRemove(project, index, 'deleted');
    return removeClass(tx, writes, project, index, null);
  });
}

/**
 * Removes class `removed`, its labels becoming `target` (null: unlabeled), and renumbers the
 * classes after it, in the samples (both splits, labels and hidden truth) and the class list;
 * every remaining class keeps its hotkey.
 * Returns how many samples carried the removed label.
 */
async function removeClass(tx: ClassTransaction, writes: IssuedWrites, project: ProjectRecord, removed: number, target: number | null): Promise<number> {
  const shift = (label: number) => (label > removed ? label - 1 : label);
  const remap = (label: number | null) => (label === null ? null : label === removed ? (target === null ? null : shift(target)) : shift(label));
  const samples = tx.objectStore('samples');
  const events = tx.objectStore('labelEvents');
  const at = Date.now();
  let carried = 0;
  for (const sample of await samples.getAll(projectRange(project.id))) {
    const label = remap(sample.label);
    const trueLabel = remap(sample.trueLabel);
    if (label === sample.label && trueLabel === sample.trueLabel) continue;
    if (sample.label === removed) carried++;
    // A merged label keeps who gave it and when: the answer stands, under the merged name.
    const cleared = sample.label !== null && label === null;
    writes.push(samples.put({ ...sample, label, trueLabel, ...(cleared ? { labeledBy: null, labeledAt: null } : {}) }));
    // Renumbered labels are logged too, so that replaying the log gives the stored labels.
    if (sample.split === 'pool' && label !== sample.label) {
      writes.push(events.add({ projectId: project.id, sampleId: sample.id, label, previous: sample.label, by: 'human', at }));
    }
  }
  // An interrupted cycle holds labels by the old numbering: it restarts rather than resumes.
  writes.push(tx.objectStore('trainingRuns').delete(project.id));
  // The other classes keep their keys: a key that changed meaning under a labeler's fingers would mislabel.
  const classes = project.classes.filter((_, i) => i !== removed);
  // The open query lists sample ids only, and those do not change.
  writes.push(tx.objectStore('projects').put({ ...project, classes }));
  return carried;
}

/**
 * Runs an edit in one transaction over the stores it touches, all or nothing (allOrNothing.ts): the
 * edit issues its writes without awaiting each (thousands of samples go faster queued) onto `writes`.
 */
async function editClasses<T>(
  db: LossloopDatabase,
  projectId: string,
  edit: (tx: ClassTransaction, project: ProjectRecord, writes: IssuedWrites) => T | Promise<T>,
): Promise<T> {
  return allOrNothing(db.transaction([...CLASS_STORES], 'readwrite'), async (tx, writes) => {
    const project = await tx.objectStore('projects').get(projectId);
    if (!project) throw new Error(`There is no project "${projectId}".`);
    return edit(tx, project, writes);
  });
}

/** The name under the name rule (names.ts), if no other class of the project has it. */
function checkName(name: string, classes: readonly ClassInfo[], except = -1): string {
  return uniqueName(name, 'class', classes.filter((_, i) => i !== except).map((c) => c.name));
}

function checkIndex(project: ProjectRecord, index: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= project.classes.length) {
    throw new Error(`This project has ${project.classes.length} classes: there is no class number ${index + 1}.`);
  }
}

function checkCanRemove(project: ProjectRecord, index: number, done: string): void {
  if (project.classes.length <= MIN_CLASSES) {
    throw new Error(`A classifier needs at least ${MIN_CLASSES} classes, so "${project.classes[index].name}" cannot be ${done} while there are only ${project.classes.length}.`);
  }
}
