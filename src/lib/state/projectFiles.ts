import { restoreProject } from '../data/transfer/backup';
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

  /** Replaces the project a backup was made from with the backup's content, and opens it. */
  async restoreBackup(file: File): Promise<void> {
    if (this.workspace.busy) {
      this.messages.fail('Wait for the cycle to finish (or cancel it) before restoring a backup.');
      return;
    }
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const restored = await this.workspace.parts.queue.run(() => restoreProject(this.workspace.db, bytes, { replace: true }));
      await this.workspace.parts.projects.reload();
      await this.openProject(restored.id);
      this.messages.succeeded(`Restored "${restored.name}" from ${file.name}.`);
    } catch (error) {
      this.messages.fail(`${file.name} could not be restored: ${errorText(error)} Nothing was changed.`);
    }
  }
}
