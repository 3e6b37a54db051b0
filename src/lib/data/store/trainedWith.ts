import type { NetworkConfig } from '../../core/networkLayout';
import type { CycleRecord, ProjectRecord } from './schema';
import type { ProjectSettings } from './settings';

/**
 * What a cycle's weights were trained with. A class renamed, merged or deleted since, or a setting
 * changed since, does not rename or renumber the outputs of a network trained before; a cycle
 * stored before cycles recorded their own classes falls back to the project's.
 */

export function trainedClassNames(project: ProjectRecord, cycle: CycleRecord | null | undefined): string[] {
  return cycle?.classNames ?? project.classes.map((c) => c.name);
}

/** The network of a project under these settings; `numClasses` for a network trained before a class edit. */
export function networkConfig(project: ProjectRecord, settings: ProjectSettings, numClasses = project.classes.length): NetworkConfig {
  return {
    inputShape: project.imageShape, numClasses,
    stageWidths: settings.stageWidths, blocksPerStage: settings.blocksPerStage, headUnits: settings.headUnits,
  };
}

/** The classes and network a cycle's weights belong to. */
export function trainedNetwork(project: ProjectRecord, cycle: CycleRecord | null | undefined): { classNames: string[]; config: NetworkConfig } {
  const classNames = trainedClassNames(project, cycle);
  return { classNames, config: networkConfig(project, cycle?.settings ?? project.settings, classNames.length) };
}
