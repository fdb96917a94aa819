/**
 * Raw lines carry no time: a replay feeds them at this many lines per second (times the speed) and counts their
 * invocations at the replay clock.
 */
export const RAW_LINES_PER_SECOND = 200;

/** `--speed max`: no waiting at all. */
export const AS_FAST_AS_POSSIBLE = Number.POSITIVE_INFINITY;

export interface ReplayPacerOptions {
  /** Recorded time per wall time: 10 plays ten minutes of logs in one. */
  readonly speed: number;
  /** The wall clock when the replay starts. */
  readonly startWallMs: number;
  readonly inputs: number;
}

/**
 * When each recorded event is due on the wall clock. Timestamped events keep their relative timing across every
 * input, scaled by the speed, anchored at the first one; an event out of order is due at once. Events without a
 * timestamp follow each other at RAW_LINES_PER_SECOND × speed within their input.
 */
export interface ReplayPacer {
  dueAt(input: number, timestampMs: number | undefined): number;
  /** Marks an event of `input` as fed; the next raw line of that input is due one raw interval later. */
  fed(input: number, dueMs: number): void;
  /** The recorded time at `wallMs`: for invocations whose lines carried no time. */
  clockAt(wallMs: number): number;
}

export function createReplayPacer(options: ReplayPacerOptions): ReplayPacer {
  const { speed, startWallMs } = options;
  if (!(speed > 0)) throw new TypeError(`speed must be above 0, got ${speed}`);
  const rawGapMs = Number.isFinite(speed) ? 1000 / (RAW_LINES_PER_SECOND * speed) : 0;
  const lastRawDue = new Array<number>(options.inputs).fill(startWallMs - rawGapMs);
  let anchor: { readonly recordedMs: number; readonly wallMs: number } | undefined;
  return {
    dueAt(input, timestampMs) {
      if (timestampMs === undefined) return (lastRawDue[input] ?? startWallMs) + rawGapMs;
      if (!Number.isFinite(speed)) return startWallMs;
      // The first timestamp is due when it is first asked about: the recording starts playing then.
      anchor ??= { recordedMs: timestampMs, wallMs: Math.max(startWallMs, lastRawDue[input] ?? startWallMs) };
      return anchor.wallMs + (timestampMs - anchor.recordedMs) / speed;
    },
    fed(input, dueMs) {
      if (dueMs > (lastRawDue[input] ?? Number.NEGATIVE_INFINITY)) lastRawDue[input] = dueMs;
    },
    clockAt(wallMs) {
      if (anchor === undefined) return startWallMs + (Number.isFinite(speed) ? (wallMs - startWallMs) * speed : 0);
      return anchor.recordedMs + (Number.isFinite(speed) ? (wallMs - anchor.wallMs) * speed : 0);
    },
  };
}
