import type { LossloopDatabase } from '../data/store/db';
import { readSamples } from '../data/store/sampleQueries';
import type { ProjectRecord, RaceRecord } from '../data/store/schema';
import type { RaceTruth } from '../data/formats/raceCsv';

/**
 * The hidden true labels of the images a race's strategies picked, read from the store, so that
 * the race tab can show (and export) each round's picks by class. The race record keeps only ids;
 * the labels stay in the samples, where a merge of classes renumbers them. Reads only the ids it
 * has not read yet, so a running race costs a few reads per point.
 */
export class RaceTruthView {
  /** sample id -> true class; replaced whole, never changed in place */
  private labels = $state.raw<Readonly<Record<number, number>>>({});
  /** the project's classes the labels were read under: a merge or deletion renumbers them */
  private classesKey = '';
  private generation = 0;

  constructor(private readonly db: () => LossloopDatabase) {}

  /** What the CSV and the chart count picks with; null until the labels are read. */
  truthFor(project: ProjectRecord): RaceTruth | null {
    if (Object.keys(this.labels).length === 0) return null;
    const labels = this.labels;
    return { classNames: project.classes.map((c) => c.name), classOf: (id) => labels[id] };
  }

  async load(project: ProjectRecord, race: RaceRecord | null): Promise<void> {
    const key = `${project.id}\n${JSON.stringify(project.classes.map((c) => c.name))}`;
    if (key !== this.classesKey) {
      this.classesKey = key;
      this.labels = {};
      this.generation++;
    }
    if (!race) return;
    const known = this.labels;
    // the lanes share their initial set: each id is asked for once
    const wanted: Record<number, true> = {};
    for (const lane of race.lanes) for (const id of lane.labeledIds) if (!(id in known)) wanted[id] = true;
    const missing = Object.keys(wanted).map(Number);
    if (missing.length === 0) return;
    const generation = this.generation;
    const samples = await readSamples(this.db(), project.id, missing);
    // A load for other classes started meanwhile: these labels would be numbered the old way.
    if (generation !== this.generation) return;
    const read = samples.flatMap((s) => (s.trueLabel === null ? [] : [[s.id, s.trueLabel] as const]));
    this.labels = { ...this.labels, ...Object.fromEntries(read) };
  }
}
