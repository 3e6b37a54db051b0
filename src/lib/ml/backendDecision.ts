import { BACKEND_LABELS, type BackendName, type BackendSource } from '../core/backendNames';

/**
 * Which backend to start on, decided from facts alone (no tfjs, no browser), so that every case can
 * be tested. Precedence: the address (`?backend=`), then the choice remembered in this browser,
 * then the automatic order. A GPU backend that runs on a software renderer (SwiftShader without a
 * GPU) trains tens of times slower than WebAssembly on the same CPU, so it ranks below it.
 */

/** What the browser says about a GPU backend's renderer, before anything runs on it. */
export interface RendererFacts {
  /** a software emulation of a GPU (SwiftShader, llvmpipe), or WebGPU's fallback adapter */
  software: boolean;
  /** a short name for the user, e.g. "SwiftShader" */
  renderer: string;
}

export interface DeviceFacts {
  /** null when the browser offers no WebGPU adapter */
  webgpu: RendererFacts | null;
  /** null when no WebGL context could be created */
  webgl: RendererFacts | null;
}

export interface BackendWishes {
  /** `?backend=` in the address */
  fromAddress?: BackendName;
  /** the user's last choice in this browser */
  remembered?: BackendName;
  /** threads for the WebAssembly backend: 0 or absent for automatic (core/wasmThreads.ts) */
  wasmThreads?: number;
}

export interface BackendDecision {
  name: BackendName;
  source: BackendSource;
  /** why this backend, in plain words, when the user would otherwise wonder */
  notes: string[];
  /** another backend worth one click, with the words of its button */
  offer: { name: BackendName; label: string } | null;
}

const GPU_BACKENDS = ['webgpu', 'webgl'] as const;

const onHardware = (facts: DeviceFacts, name: (typeof GPU_BACKENDS)[number]) => facts[name] !== null && !facts[name].software;

/** Real GPUs first, then WebAssembly, then GPU backends on a software renderer (or unknown), then plain JavaScript. */
export function automaticOrder(facts: DeviceFacts): BackendName[] {
  const hardware = GPU_BACKENDS.filter((name) => onHardware(facts, name));
  const rest = GPU_BACKENDS.filter((name) => !onHardware(facts, name));
  return [...hardware, 'wasm', ...rest, 'cpu'];
}

/** The backends to try, best first; the caller checks them in this order and stops at the first that passes. */
export function candidateOrder(facts: DeviceFacts, wishes: BackendWishes): BackendName[] {
  const wished = [wishes.fromAddress, wishes.remembered].filter((name): name is BackendName => name !== undefined);
  return [...new Set([...wished, ...automaticOrder(facts)])];
}

/**
 * The backend to use, given which ones passed their self-check (backends never checked count as
 * failed, so the caller may stop checking at the first that passes in candidateOrder).
 * Null when none passed.
 */
export function decideBackend(facts: DeviceFacts, wishes: BackendWishes, passed: readonly BackendName[]): BackendDecision | null {
  const name = candidateOrder(facts, wishes).find((candidate) => passed.includes(candidate));
  if (!name) return null;
  const source: BackendSource = name === wishes.fromAddress ? 'address' : name === wishes.remembered ? 'remembered' : 'automatic';
  const notes: string[] = [];
  if (wishes.fromAddress && source !== 'address') {
    notes.push(`The address asks for ${BACKEND_LABELS[wishes.fromAddress]}, which did not pass its check here.`);
  }
  if (wishes.remembered && source === 'automatic' && wishes.remembered !== wishes.fromAddress) {
    notes.push(`Your chosen backend, ${BACKEND_LABELS[wishes.remembered]}, did not pass its check here.`);
  }
  const emulated = source === 'automatic' && name === 'wasm' ? emulatedGpuSkipped(facts) : null;
  if (emulated) notes.push(emulated.note);
  return { name, source, notes, offer: emulated?.offer ?? offerForSoftware(facts, name) };
}

/** When WebAssembly won only because the GPU backends here are software renderers: what to say, and the way back. */
function emulatedGpuSkipped(facts: DeviceFacts): { note: string; offer: BackendDecision['offer'] } | null {
  if (GPU_BACKENDS.some((name) => onHardware(facts, name))) return null;
  if (facts.webgpu) {
    return {
      note: `WebAssembly: the only WebGPU here is a software renderer (${facts.webgpu.renderer}), tens of times slower for training.`,
      offer: { name: 'webgpu', label: 'Use WebGPU anyway' },
    };
  }
  if (facts.webgl) {
    return {
      note: `WebAssembly: this browser offers no WebGPU, and its WebGL is a software renderer (${facts.webgl.renderer}), tens of times slower for training.`,
      offer: { name: 'webgl', label: 'Use WebGL anyway' },
    };
  }
  return null;
}

/** On a GPU backend that is only emulated, WebAssembly is the faster way. */
function offerForSoftware(facts: DeviceFacts, name: BackendName): BackendDecision['offer'] {
  const emulated = (name === 'webgpu' || name === 'webgl') && facts[name]?.software === true;
  return emulated ? { name: 'wasm', label: 'Switch to WebAssembly' } : null;
}
