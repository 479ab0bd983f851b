// One timeout for every wait that has one (an attempt, the SDK's answer, a database read): the
// work's outcome, or the error `late` makes if the work has not settled in `ms`. Written as one
// promise on the work rather than Promise.race(...).finally(...): that is five promises more per
// wait, each paying the async hooks that wxCloud.ts's AsyncLocalStorage turns on (npm run bench,
// "Our own code": every attempt waits through two of these).

export function settleWithin<T>(work: Promise<T>, ms: number, late: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(late()), ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
