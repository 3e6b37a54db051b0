// The module tfjs-backend-wasm imports for its threaded build, and the same file as text.
import threadedFactory from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js';
import threadedSource from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js?raw';

/**
 * tfjs-backend-wasm starts each of its threads (a Web Worker) from the *text* of its Emscripten
 * factory: it posts `"var WasmBackendModuleThreadedSimd = " + factory.toString()` to the worker.
 * Once a bundler has minified the factory, that text refers to names of the bundle ("e is not
 * defined" in the worker) and the backend never starts. Giving the function its original source
 * back as its text makes the workers load the untouched Emscripten code, which needs nothing
 * from the bundle. Nothing else calls this function's toString.
 */
export function makeThreadedFactoryPortable(): void {
  const marker = 'var WasmBackendModuleThreadedSimd = ';
  const start = threadedSource.indexOf(marker);
  if (start < 0) throw new Error('tfjs-backend-wasm\'s threaded build is not laid out as expected: threads cannot start.');
  // From the factory expression on; the file's closing CommonJS export lines do nothing in a worker.
  const expression = threadedSource.slice(start + marker.length);
  Object.defineProperty(threadedFactory, 'toString', { value: () => expression, configurable: true });
}
