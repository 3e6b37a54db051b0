import type { LossloopDatabase } from '../data/store/db';
import type { ProjectRecord } from '../data/store/schema';
import { backupProject } from '../data/transfer/backup';
import { labeledImagesZip, labelsCsv, labelsJson } from '../data/transfer/labelsExport';
import { exportModel } from '../data/transfer/modelExport';

/** What a project can be downloaded as. */
export type ExportKind = 'labels-csv' | 'labels-json' | 'images-zip' | 'model' | 'backup';

export interface Download {
  name: string;
  data: Blob;
}

/** Makes the file of one export, named after the project. Throws with a plain message when it cannot. */
export async function makeExport(db: LossloopDatabase, project: ProjectRecord, kind: ExportKind): Promise<Download> {
  const stem = project.name.replace(/[^\w-]+/g, '-').toLowerCase();
  switch (kind) {
    case 'labels-csv':
      return { name: `${stem}-labels.csv`, data: new Blob([await labelsCsv(db, project)], { type: 'text/csv' }) };
    case 'labels-json':
      return { name: `${stem}-labels.json`, data: new Blob([await labelsJson(db, project)], { type: 'application/json' }) };
    case 'images-zip':
      return { name: `${stem}-labeled-images.zip`, data: zip(await labeledImagesZip(db, project)) };
    case 'model':
      return { name: `${stem}-model.zip`, data: zip(await exportModel(db, project)) };
    case 'backup':
      return { name: `${stem}-backup.zip`, data: zip(await backupProject(db, project.id)) };
  }
}

const zip = (bytes: Uint8Array) => new Blob([bytes as BlobPart], { type: 'application/zip' });
