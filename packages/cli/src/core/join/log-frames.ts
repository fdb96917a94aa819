import type { LogEvent } from '../log-event.js';
import type { LineTape } from './line-tape.js';

/** The line-based inputs, whose events a source can hand over as bytes (the byte lane). */
export type LineFormat = 'raw' | 'tail-detailed' | 'tail-short' | 'sam';

/**
 * Where a line-based source delivers events without making LogEvent objects: the joiner's byte lane, or the adapter
 * that turns them into LogEvents. Arguments are passed flat because this runs once per event.
 */
export interface LogFrameSink {
  /**
   * One event whose message is one line: line `line` of `tape`. `prefixed` false: a line before the input's first
   * prefixed line, whose whole text is the message (no time, no stream). `logStream` is the name of the tape's stream
   * number for the line.
   */
  lineEvent(tape: LineTape, line: number, logStream: string | undefined, prefixed: boolean): void;
  /** One event whose message spans several lines, already joined with `\n`. */
  textEvent(
    message: string,
    timestampMs: number | undefined,
    logStream: string | undefined,
    streamNumber: number,
  ): void;
}

/**
 * A line-based source's offer to hand its events over as bytes. The source yields it as an empty batch before its
 * events; a consumer that can read frames (the joiner) accepts, and the source then feeds it directly and yields no
 * more events. Any other consumer sees one empty batch and gets LogEvents as always. This keeps the byte lane the
 * default for `for await (… of readLogEvents(…)) collector.push(…)` without changing that loop.
 */
export interface ByteLaneOffer {
  readonly format: LineFormat;
  accept(sink: LogFrameSink): void;
}

const BYTE_LANE_OFFER = Symbol('lambdatop.byteLaneOffer');

type OfferBatch = LogEvent[] & { [BYTE_LANE_OFFER]?: ByteLaneOffer };

/** An empty batch that carries `offer`. */
export function toOfferBatch(offer: ByteLaneOffer): readonly LogEvent[] {
  const batch: OfferBatch = [];
  batch[BYTE_LANE_OFFER] = offer;
  return batch;
}

/** The offer `batch` carries, if it is an offer batch. */
export function byteLaneOfferOf(batch: readonly LogEvent[]): ByteLaneOffer | undefined {
  return batch.length === 0 ? (batch as OfferBatch)[BYTE_LANE_OFFER] : undefined;
}
