import { FRAME_MARKER, parseWorkerFrame, type WorkerFrame } from './worker-protocol.js';

export type WorkerOutput =
  | { readonly kind: 'line'; readonly text: string }
  | { readonly kind: 'frame'; readonly frame: WorkerFrame }
  | { readonly kind: 'bad-frame'; readonly text: string };

export interface WorkerOutputDecoder {
  /** Decodes a chunk of the worker's stdout (already UTF-8 decoded); returns whatever became complete. */
  push(chunk: string): WorkerOutput[];
  /** Ends text written without a final newline as a line of its own (end of an invocation, end of the process). */
  flush(): WorkerOutput[];
}

/** CloudWatch's largest event is 1 MB; a line longer than this many characters without a newline is cut here. */
export const DEFAULT_MAX_LINE_CHARS = 262_144;

/**
 * Splits a worker's stdout into the function's raw lines (one event per line, unchanged) and frames.
 * Raw text written without a newline right before a frame is kept and completed by the next raw text,
 * as a line-buffered log agent would.
 */
export function createWorkerOutputDecoder(maxLineChars: number = DEFAULT_MAX_LINE_CHARS): WorkerOutputDecoder {
  let pending = '';
  let rawPrefix = '';

  const pushLine = (out: WorkerOutput[], text: string): void => {
    if (text !== '') out.push({ kind: 'line', text });
  };

  const decodeSegment = (out: WorkerOutput[], segment: string): void => {
    const markerAt = segment.indexOf(FRAME_MARKER);
    if (markerAt < 0) {
      pushLine(out, rawPrefix + segment);
      rawPrefix = '';
      return;
    }
    rawPrefix += segment.slice(0, markerAt);
    const json = segment.slice(markerAt + FRAME_MARKER.length);
    const frame = parseWorkerFrame(json);
    out.push(frame === undefined ? { kind: 'bad-frame', text: json } : { kind: 'frame', frame });
  };

  return {
    push(chunk) {
      const out: WorkerOutput[] = [];
      pending += chunk;
      let newlineAt = pending.indexOf('\n');
      while (newlineAt >= 0) {
        decodeSegment(out, pending.slice(0, newlineAt));
        pending = pending.slice(newlineAt + 1);
        newlineAt = pending.indexOf('\n');
      }
      // A frame may be large (a big response); only raw text is cut.
      if (pending.length > maxLineChars && !pending.includes(FRAME_MARKER)) {
        pushLine(out, rawPrefix + pending);
        rawPrefix = '';
        pending = '';
      }
      return out;
    },
    flush() {
      const out: WorkerOutput[] = [];
      const markerAt = pending.indexOf(FRAME_MARKER);
      if (markerAt >= 0) {
        // The process died in the middle of writing a frame.
        pushLine(out, rawPrefix + pending.slice(0, markerAt));
        out.push({ kind: 'bad-frame', text: pending.slice(markerAt + FRAME_MARKER.length) });
      } else {
        pushLine(out, rawPrefix + pending);
      }
      rawPrefix = '';
      pending = '';
      return out;
    },
  };
}
