/**
 * Collects the promise rejections nobody handled while it listens: a store write whose failure
 * never reaches its caller shows up here. Call the returned function to stop and read them; it
 * waits a moment first, since Node reports an unhandled rejection after the turn it happened in.
 */
export function listenForUnheardRejections(): () => Promise<unknown[]> {
  const unheard: unknown[] = [];
  const listener = (reason: unknown) => unheard.push(reason);
  process.on('unhandledRejection', listener);
  return async () => {
    await new Promise((resolve) => setTimeout(resolve, 20));
    process.off('unhandledRejection', listener);
    return unheard;
  };
}
