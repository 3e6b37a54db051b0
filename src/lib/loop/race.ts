import type { LossloopDatabase } from '../data/store/db';
import { getProject } from '../data/store/projects';
import { idsOf, listAnswerable, listTestSet } from '../data/store/sampleQueries';
import { getRace, saveRace } from '../data/store/races';
import type { ProjectRecord, RaceLane, RaceRecord } from '../data/store/schema';
import type { ProjectSettings } from '../data/store/settings';
import { laneLabel } from '../data/store/raceLanes';
import { drawInitialSet, drawSubset } from '../al/query';
import type { StrategyName } from '../al/strategies';
import { runCycle, type CycleInput } from '../ml/cycle';
import type { Predictions } from '../ml/inference';
import { alreadyRight } from '../al/alreadyRight';
import type { EpochMetrics } from '../ml/train';
import { trainingSchedule } from '../core/schedule';
import { chooseQuery, chooseTestSet, confidentGuesses, cycleSettingsFor, guessesOf, imageLoader, rowsOf, rowsOfIds, strategyInputs } from './cycleSetup';
import { networkConfig } from '../data/store/trainedWith';
import { cycleProgressHooks, timeLeftEstimator, type RunProgress } from './progress';
import { cycleWork, phaseShares, totalWork, unlabeledWorkFactor, type CycleWork } from './cycleWork';

/**
 * The classroom strategy race: each strategy runs the active-learning loop with the simulated
 * oracle, from the same initial set, seed and settings, round by round side by side, so that the
 * accuracy-against-labels chart grows for all of them together. A race reads the hidden true
 * labels only; the project's own labels are never read or changed.
 */

export interface RaceRequest {
  strategies: StrategyName[];
  /** points per strategy: the initial set counts as the first */
  rounds: number;
  /**
   * race each strategy twice, on labeled images only and learning from unlabeled images too (the
   * settings' way, or consistency where the settings have it off)
   */
  withAndWithoutUnlabeled?: boolean;
}

export interface RaceContext {
  db: LossloopDatabase;
  projectId: string;
  backend: string;
  onProgress: (progress: RunProgress) => void;
  onEpoch?: (epochs: number, history: EpochMetrics[]) => void;
  /** after every point, and when the race ends or stops */
  onRace: (race: RaceRecord) => void;
  /** awaited before every step: waits while paused, throws TrainingCancelled on cancel */
  beforeStep: () => Promise<void>;
}

/** Fixes a new race's inputs (replacing the project's last race) and saves it, ready to run. */
export async function createRace(db: LossloopDatabase, projectId: string, request: RaceRequest, backend: string): Promise<RaceRecord> {
  const project = await requireProject(db, projectId);
  if (request.strategies.length === 0) throw new Error('Choose at least one strategy for the race.');
  if (request.rounds < 1) throw new Error('A race needs at least one round.');
  const settings = { ...project.settings, reinitialize: true, simulatedOracle: true };
  const answerable = idsOf(await listAnswerable(db, projectId));
  const needed = settings.initialSize + (request.rounds - 1) * settings.queryK;
  if (answerable.length < needed) {
    throw new Error(answerable.length === 0
      ? 'A race needs hidden true labels to answer from (the demo set, or an image import whose folders were kept as hidden answers).'
      : `A race of ${request.rounds} rounds needs ${needed} pool images with hidden true labels; this project has ${answerable.length}. Choose fewer rounds or a smaller K.`);
  }
  const test = chooseTestSet(await listTestSet(db, projectId), settings);
  const initial = drawInitialSet(answerable, settings.initialSize, settings.seed);
  const race: RaceRecord = {
    projectId, settings, rounds: request.rounds, testIds: test.ids, testLabels: test.labels,
    lanes: request.strategies.flatMap((strategy) => (request.withAndWithoutUnlabeled
      ? [{ strategy, unlabeledTraining: 'off' as const }, { strategy, unlabeledTraining: settings.unlabeledTraining === 'off' ? 'consistency' as const : settings.unlabeledTraining }]
      : [{ strategy }]).map((lane) => ({ ...lane, labeledIds: initial, points: [] }))),
    state: 'running', backend, startedAt: Date.now(),
  };
  await saveRace(db, race);
  return race;
}

/**
 * Runs the project's race from where it stands (a stopped or interrupted race goes on from its
 * last point) until every strategy has its points, or until it is stopped.
 */
export async function runRace(context: RaceContext): Promise<RaceRecord> {
  const { db, projectId } = context;
  const saved = await getRace(db, projectId);
  if (!saved) throw new Error('There is no race to run: start one first.');
  const project = await requireProject(db, projectId);
  const truth = new Map((await listAnswerable(db, projectId)).map((s) => [s.id, s.trueLabel!]));
  const load = imageLoader(db, project);
  const test = await load(saved.testIds, saved.testLabels);
  let race: RaceRecord = { ...saved, state: 'running' };
  const plan = raceWorkPlan(race, truth.size);
  // a race that goes on after a stop has its finished rounds behind it
  const timeLeft = timeLeftEstimator(plan.done(race.lanes) / plan.total);
  const record = async (state: RaceRecord['state']) => {
    race = { ...race, state };
    await saveRace(db, race);
    context.onRace(race);
  };
  try {
    // Shown at once, not after its first point (minutes away): until then the page would still
    // show the project's last race as if it were this one.
    await record('running');
    for (let round = 0; round < race.rounds; round++) {
      for (let lane = 0; lane < race.lanes.length; lane++) {
        if (race.lanes[lane].points.length > round) continue;
        const before = plan.before(round, lane);
        const own = plan.work(round, lane);
        const report = (p: RunProgress) => {
          const fraction = (before + p.fraction * totalWork(own)) / plan.total;
          context.onProgress({ ...p, fraction, secondsLeft: timeLeft(fraction), race: { strategy: laneLabel(race.lanes[lane]), round: round + 1, rounds: race.rounds } });
        };
        const next = await runRound(context, project, race, race.lanes[lane], round, { test, truth, load, report, shares: phaseShares(own) });
        race = { ...race, lanes: race.lanes.map((l, i) => (i === lane ? next : l)) };
        await record('running');
      }
    }
  } catch (error) {
    // Stopped or failed: every point so far stays, and the race can go on later.
    await record('stopped');
    throw error;
  }
  await record('finished');
  return race;
}

interface RoundData {
  test: CycleInput['test'];
  truth: Map<number, number>;
  load: ReturnType<typeof imageLoader>;
  report: (progress: RunProgress) => void;
  /** each phase's share of the round's bar */
  shares: CycleWork;
}

/** One strategy's round: train on its labeled set, measure, and (but in the last round) query. */
async function runRound(context: RaceContext, project: ProjectRecord, race: RaceRecord, lane: RaceLane, round: number, data: RoundData): Promise<RaceLane> {
  const started = performance.now();
  const settings = laneSettings(race, lane);
  const last = round === race.rounds - 1;
  const labeled = new Set(lane.labeledIds);
  const unlabeled = [...data.truth.keys()].filter((id) => !labeled.has(id));
  // The last round needs no query, so it scores nothing; but consistency training still draws from the subset.
  const subsetIds = last && settings.unlabeledTraining !== 'consistency' ? [] : drawSubset(unlabeled, settings.subsetM, settings.seed, round + 1);
  const pseudo = settings.unlabeledTraining === 'pseudo-labels' ? lane.pseudoLabeled : undefined;
  const input: CycleInput = {
    network: networkConfig(project, settings),
    train: await data.load(lane.labeledIds, lane.labeledIds.map((id) => data.truth.get(id)!)),
    test: data.test,
    candidates: await data.load(subsetIds, []),
    ...(pseudo && pseudo.ids.length > 0 ? { pseudoLabeled: await data.load(pseudo.ids, pseudo.labels) } : {}),
    ...strategyInputs(settings.strategy),
  };
  const cycleSettings = cycleSettingsFor(settings, lane.labeledIds.length, settings.seed + round);
  const epochs = trainingSchedule(lane.labeledIds.length, cycleSettings).epochs;
  const output = await runCycle(input, cycleSettings, {
    beforeStep: context.beforeStep,
    onEpochEnd: async (checkpoint) => context.onEpoch?.(epochs, checkpoint.history),
    ...cycleProgressHooks(data.report, data.shares),
  });
  const point = {
    labeled: lane.labeledIds.length, testAccuracy: output.test.accuracy, rankingAccuracy: output.test.rankingAccuracy,
    rankingLoss: output.test.meanRankingLoss, trainSeconds: output.trainSeconds, scoreSeconds: output.scoreSeconds,
  };
  const query = last ? [] : await chooseQuery(settings, output, subsetIds, cycleSettings);
  const cycleSeconds = (performance.now() - started) / 1000;
  const knew = last ? null : queryKnowledge(output.candidates, subsetIds, query, data.truth);
  return {
    ...lane, labeledIds: [...lane.labeledIds, ...query],
    points: [...lane.points, { ...point, cycleSeconds, ...(knew?.share != null ? { queryAlreadyRight: knew.share } : {}) }],
    ...(settings.unlabeledTraining === 'pseudo-labels' && !last ? { pseudoLabeled: confidentGuesses(output.candidates, subsetIds, query, settings.unlabeledThreshold) } : {}),
  };
}

/** The settings a lane trains and queries with: the race's, with its strategy and its own unlabeled training. */
function laneSettings(race: RaceRecord, lane: Pick<RaceLane, 'strategy' | 'unlabeledTraining'>): ProjectSettings {
  return { ...race.settings, strategy: lane.strategy, ...(lane.unlabeledTraining ? { unlabeledTraining: lane.unlabeledTraining } : {}) };
}

/** How much of the query the round's model already had right, against the hidden true labels. */
function queryKnowledge(candidates: Predictions, subsetIds: number[], query: number[], truth: Map<number, number>) {
  const guesses = guessesOf(rowsOf(candidates.logits, candidates.numClasses, rowsOfIds(subsetIds, query)), candidates.numClasses);
  return alreadyRight(guesses.classIndex, guesses.confidence, query.map((id) => truth.get(id)));
}

/**
 * The race's work for its progress bar, unit by unit in the order they run: round by round, and
 * within a round lane by lane. Each (round, lane) weighs what it costs: later rounds train on more
 * labels, so even units promised an end far too soon.
 */
function raceWorkPlan(race: RaceRecord, poolSize: number) {
  const work = race.lanes.map((lane) => Array.from({ length: race.rounds }, (_, round) => roundWork(race, lane, round, poolSize)));
  const sum = (units: CycleWork[]) => units.reduce((a, b) => a + totalWork(b), 0);
  return {
    total: sum(work.flat()),
    work: (round: number, lane: number) => work[lane][round],
    /** before (round, lane): every lane's earlier rounds, and this round's earlier lanes */
    before: (round: number, lane: number) => work.reduce((acc, rounds, l) => acc + sum(rounds.slice(0, l < lane ? round + 1 : round)), 0),
    /** the points the lanes already have */
    done: (lanes: RaceLane[]) => lanes.reduce((acc, lane, l) => acc + sum(work[l].slice(0, Math.min(lane.points.length, race.rounds))), 0),
  };
}

/**
 * What one lane's round costs, in training images (loop/cycleWork.ts): its labeled set has grown by
 * K a round; the last round scores nothing.
 */
function roundWork(race: RaceRecord, lane: RaceLane, round: number, poolSize: number): CycleWork {
  const settings = laneSettings(race, lane);
  const labeled = Math.min(poolSize, settings.initialSize + round * settings.queryK);
  const inputs = strategyInputs(settings.strategy);
  const last = round === race.rounds - 1;
  const pseudoLabelsYet = settings.unlabeledTraining !== 'pseudo-labels' || round > 0;
  return cycleWork({
    labeled, tested: race.testIds.length, scored: last ? 0 : Math.min(settings.subsetM, poolSize - labeled),
    scoringPasses: inputs.committeeSize ?? 0, guessed: inputs.labeledFeatures ? labeled : 0,
    trainingFactor: pseudoLabelsYet ? unlabeledWorkFactor(settings) : 1,
  }, settings);
}

async function requireProject(db: LossloopDatabase, projectId: string): Promise<ProjectRecord> {
  const project = await getProject(db, projectId);
  if (!project) throw new Error('This project no longer exists.');
  return project;
}
