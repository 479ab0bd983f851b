// A promise the test settles by hand: for a call still in flight, or two that must overlap.
export interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (reason: unknown) => void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/**
 * A stand-in's delay (a slow database): unref'd, so that an operation the
 * function gave up on (a 60 s "database that does not answer") does not keep
 * the test worker alive after its file.
 */
export function standInDelay(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer: unknown = setTimeout(resolve, ms);
    // Node's timers have unref(); jsdom's (the page tests) are numbers and keep nothing alive.
    (timer as { unref?: () => void }).unref?.();
  });
}
