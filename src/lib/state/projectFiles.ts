import { readBackup, restoredName, restoreProject, type BackupContents, type RestoredProject, type WhenTheProjectExists } from '../data/transfer/backup';
import { applyLabelsCsv, describeCsvReport } from '../data/transfer/applyLabelsCsv';
import { describeMergeReport, mergeLabels } from '../data/transfer/mergeLabels';
import { makeExport, type Download, type ExportKind } from './exports';
import { errorText } from './messages.svelte';
import type { ProjectWorkspace } from './workspace.svelte';

/** The files of the open project: downloads, labels from a CSV file, merging another person's labels, and restoring a backup. */
export class ProjectFiles {
  constructor(
    private readonly workspace: ProjectWorkspace,
    /** opens a project afresh (the one a backup restored) */
    private readonly openProject: (id: string) => Promise<void>,
  ) {}

  private get messages() {
    return this.workspace.parts.messages;
  }

  /** A file for the user to download; null (and the reason shown) when it cannot be made. */
  async download(kind: ExportKind): Promise<Download | null> {
    try {
      return await makeExport(this.workspace.db, this.workspace.project, kind);
    } catch (error) {
      this.messages.fail(`The export failed: ${errorText(error)}`);
      return null;
    }
  }

  /** Labels from a CSV file; what did not fit is reported in plain words. */
  async applyCsv(file: File): Promise<void> {
    try {
      const text = await file.text();
      const report = await this.workspace.write(() => applyLabelsCsv(this.workspace.db, this.workspace.project, text));
      this.messages.succeeded(`${file.name}: ${describeCsvReport(report)}`);
    } catch (error) {
      this.messages.fail(`${file.name} could not be used: ${errorText(error)} No label was changed.`);
    }
  }

  /** Another person's labels export of the same images: labels taken, agreements and conflicts reported in plain words. */
  async mergeFile(file: File): Promise<void> {
    try {
      const text = await file.text();
      const report = await this.workspace.write(() => mergeLabels(this.workspace.db, this.workspace.project, file.name, text));
      this.messages.succeeded(describeMergeReport(report));
    } catch (error) {
      this.messages.fail(`${file.name} could not be merged: ${errorText(error)} No label was changed.`);
    }
  }

  /**
   * Reads a backup and restores it, opening what it restored. When its project is already here
   * (the demo's id is the same in every browser), nothing is written yet: the question comes back
   * for the page to ask, and its answer restores (replacing the project, or beside it) or not.
   */
  async restoreBackup(file: File): Promise<RestoreQuestion | null> {
    if (this.refusedWhileBusy()) return null;
    let backup: BackupContents;
    try {
      backup = readBackup(new Uint8Array(await file.arrayBuffer()));
    } catch (error) {
      this.failToRestore(file.name, error);
      return null;
    }
    // Every project, those whose import was cut short included, as the restore itself counts them.
    const projects = await this.workspace.db.getAll('projects');
    const existing = projects.find((p) => p.id === backup.project.id);
    // An import cut short is not a project anyone sees: it is simply replaced.
    if (!existing?.complete) {
      await this.restore(file.name, backup, existing ? 'replace' : 'refuse', undefined);
      return null;
    }
    return {
      fileName: file.name,
      existingName: existing.name,
      keepBothName: restoredName(backup.project, projects, false),
      answer: async (choice) => {
        if (choice !== 'cancel') await this.restore(file.name, backup, choice, existing.name);
      },
    };
  }

  private async restore(fileName: string, backup: BackupContents, ifExists: WhenTheProjectExists, existingName: string | undefined): Promise<void> {
    if (this.refusedWhileBusy()) return;
    try {
      const restored = await this.workspace.parts.queue.run(() => restoreProject(this.workspace.db, backup, { ifExists }));
      await this.workspace.parts.projects.reload();
      await this.openProject(restored.project.id);
      this.messages.succeeded(restoreNotice(fileName, restored, ifExists, existingName));
    } catch (error) {
      this.failToRestore(fileName, error);
    }
  }

  private refusedWhileBusy(): boolean {
    if (this.workspace.busy) this.messages.fail('Wait for the cycle to finish (or cancel it) before restoring a backup.');
    return this.workspace.busy;
  }

  private failToRestore(fileName: string, error: unknown): void {
    this.messages.fail(`${fileName} could not be restored: ${errorText(error)} Nothing was changed.`);
  }
}

/** A backup whose project is already here, and the answers the page offers. */
export interface RestoreQuestion {
  fileName: string;
  /** the project here that the backup would replace */
  existingName: string;
  /** the name the backup's copy gets when both are kept */
  keepBothName: string;
  answer: (choice: 'replace' | 'keep-both' | 'cancel') => Promise<void>;
}

/**
 * What a restore did, in one notice: the project restored, what it replaced or stands beside
 * (`existingName`, the project here with the backup's id), the names it had to change.
 */
function restoreNotice(fileName: string, restored: RestoredProject, ifExists: WhenTheProjectExists, existingName?: string): string {
  const { project, renamed } = restored;
  const keptBoth = ifExists === 'keep-both' && existingName !== undefined;
  const where = ifExists === 'replace' && existingName !== undefined ? `, in place of the "${existingName}" that was here`
    : keptBoth ? `, beside "${existingName}", which stays as it was` : '';
  // Keeping both numbers the copy's name by design: that is said above, not as a change.
  const changes = renamed.filter((r) => !(keptBoth && r.kind === 'project')).map((r) => `the ${r.kind} "${r.from}" is now "${r.to}"`);
  const names = changes.length === 0 ? '' : ` To keep names apart and short enough, ${changes.join('; ')}.`;
  return `Restored "${project.name}" from ${fileName}${where}.${names}`;
}
