/**
 * When the next invocation arrives. `poisson`: independent arrivals at an average rate (exponential gaps),
 * the usual model of requests from many independent users, with natural bursts that push concurrency up.
 * `even`: one every 1/rate seconds, for reproducible runs.
 */
export type ArrivalPattern = 'poisson' | 'even';

/** `random` returns values in [0, 1), like Math.random. */
export function toArrivalGapMs(pattern: ArrivalPattern, ratePerSecond: number, random: () => number): number {
  const meanGapMs = 1000 / ratePerSecond;
  if (pattern === 'even') return meanGapMs;
  // Inverse transform sampling; 1 - u lies in (0, 1], so the logarithm is finite.
  return -Math.log(1 - random()) * meanGapMs;
}
