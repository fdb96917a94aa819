/**
 * The lines of one chunk of a line-based input, read and classified but not decoded: what the tape writer (in a worker
 * thread or inline) hands the joiner's byte lane. Plain typed arrays, so a tape crosses threads without copying.
 * Offsets point into `bytes`, or into `carry` for the one line a chunk boundary cut (flag CARRIED).
 */
export interface LineTape {
  readonly bytes: Buffer;
  /** The input's line number of this tape's first line (lines are numbered from 0 across tapes and writers). */
  readonly firstLine: number;
  /** The line that began in earlier chunks and ends in this one, assembled. */
  readonly carry: Buffer | undefined;
  readonly count: number;
  /** The one buffer under `forms`, `messages`, `ints` and `floats` (see tapeViews), handed back for reuse. */
  readonly storage: ArrayBuffer;
  /** Per line: its form (FORM_…) and flags. */
  readonly forms: Uint8Array;
  /** Per line: what its message is (MESSAGE_…), when it is ASCII; MESSAGE_OTHER when it was not looked at. */
  readonly messages: Uint8Array;
  /** Per line, INTS_PER_LINE values: see INT_… */
  readonly ints: Int32Array;
  /** Per line, FLOATS_PER_LINE values: see FLOAT_… */
  readonly floats: Float64Array;
  /** Names of streams first seen in this tape, numbered from `firstNewStream` on. */
  readonly newStreams: readonly string[];
  readonly firstNewStream: number;
  /** Stream numbering started over before `newStreams`: numbers seen before mean nothing now. */
  readonly streamsRestarted: boolean;
}

/** A line without the format's prefix: a continuation of the event before it. */
export const FORM_CONTINUATION = 0;
/** A line that starts an event (every line of a raw input). */
export const FORM_EVENT = 1;
export const FORM_MASK = 1;
/** The line holds only ASCII. */
export const FLAG_ASCII = 2;
/** The line's offsets point into `carry`. */
export const FLAG_CARRIED = 4;
/** The event has a timestamp (FLOAT_TIME). */
export const FLAG_TIMED = 8;

export const MESSAGE_OTHER = 0;
/** `START RequestId: <id> Version: <v>` in Lambda's layout: INT_A..INT_B the id, INT_C..INT_D the version. */
export const MESSAGE_START = 1;
/**
 * `END RequestId: <id>`: INT_A..INT_B the id; INT_D the line number of the last START of the same stream when its id
 * is the same bytes (the writer compared them), else -1.
 */
export const MESSAGE_END = 2;
/**
 * A REPORT in Lambda's layout: INT_A..INT_B the id (36 characters), INT_C where optional fields start, INT_D as for
 * MESSAGE_END; FLOAT_… the figures.
 */
export const MESSAGE_REPORT = 3;
/** An application line that marks nothing (see isQuietAppLineBytes). */
export const MESSAGE_QUIET = 4;

export const INTS_PER_LINE = 8;
export const INT_FROM = 0;
export const INT_TO = 1;
export const INT_MESSAGE = 2;
/** The stream's number (-1: none); names arrive in `newStreams`. */
export const INT_STREAM = 3;
export const INT_A = 4;
export const INT_B = 5;
export const INT_C = 6;
export const INT_D = 7;

export const FLOATS_PER_LINE = 5;
export const FLOAT_TIME = 0;
// A canonical REPORT's four figures, in the order readCanonicalReportFigures writes them (CANONICAL_FIGURES).
export const FLOAT_DURATION = 1;
export const FLOAT_BILLED = 2;
export const FLOAT_MEMORY_SIZE = 3;
export const FLOAT_MAX_MEMORY = 4;

/** Bytes a tape needs per line it can hold. */
const BYTES_PER_LINE = FLOATS_PER_LINE * 8 + INTS_PER_LINE * 4 + 2;

/** Storage for a tape of up to `lines` lines. */
export function createTapeStorage(lines: number): ArrayBuffer {
  return new ArrayBuffer(lines * BYTES_PER_LINE);
}

/** How many lines `storage` holds. */
export function tapeCapacity(storage: ArrayBuffer): number {
  return Math.floor(storage.byteLength / BYTES_PER_LINE);
}

/** The per-line arrays over `storage` (floats first, for their alignment). */
export function tapeViews(storage: ArrayBuffer): Pick<LineTape, 'floats' | 'ints' | 'forms' | 'messages'> {
  const lines = tapeCapacity(storage);
  const intsAt = lines * FLOATS_PER_LINE * 8;
  const formsAt = intsAt + lines * INTS_PER_LINE * 4;
  return {
    floats: new Float64Array(storage, 0, lines * FLOATS_PER_LINE),
    ints: new Int32Array(storage, intsAt, lines * INTS_PER_LINE),
    forms: new Uint8Array(storage, formsAt, lines),
    messages: new Uint8Array(storage, formsAt + lines, lines),
  };
}
