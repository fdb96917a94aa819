/** The streams whose stray writes are caught while the screen is up. */
export interface CapturableStream {
  write: (...args: never[]) => boolean;
}

export interface OutputCapture {
  /** The original `write` of each stream, bound to it: for the screen's own output. */
  readonly originalWrite: (stream: CapturableStream) => ((chunk: string | Uint8Array) => boolean) | undefined;
  /** Puts every stream's own `write` back; lines still buffered are handed over first. */
  restore(): void;
}

const MAX_LINE_CHARS = 500;

/**
 * Catches every write to `streams` (console.*, a library's warning, process.stderr.write) so none lands on the
 * full-screen display, and hands each line to `onLine` (the events pane). Writes are never lost and never throw.
 */
export function captureOutput(
  streams: readonly CapturableStream[],
  onLine: (line: string, streamIndex: number) => void,
): OutputCapture {
  const originals = new Map<CapturableStream, CapturableStream['write']>();
  const pending = streams.map(() => '');
  const flush = (index: number, text: string): void => {
    for (const line of text.split('\n')) {
      const trimmed = line.trimEnd();
      if (trimmed.length > 0)
        onLine(trimmed.length > MAX_LINE_CHARS ? `${trimmed.slice(0, MAX_LINE_CHARS)}…` : trimmed, index);
    }
  };
  streams.forEach((stream, index) => {
    if (originals.has(stream)) return;
    originals.set(stream, stream.write);
    const capture = (chunk: unknown, encodingOrCallback?: unknown, callback?: unknown): boolean => {
      let text: string;
      try {
        text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
      } catch {
        // Something that is neither text nor bytes: nothing a person could read.
        text = '';
      }
      const buffered = (pending[index] ?? '') + text;
      const newline = buffered.lastIndexOf('\n');
      pending[index] = newline < 0 ? buffered : buffered.slice(newline + 1);
      if (newline >= 0) flush(index, buffered.slice(0, newline));
      const done = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
      if (typeof done === 'function') queueMicrotask(() => (done as () => void)());
      return true;
    };
    stream.write = capture as CapturableStream['write'];
  });
  return {
    originalWrite(stream) {
      const write = originals.get(stream);
      return write === undefined ? undefined : (write.bind(stream) as (chunk: string | Uint8Array) => boolean);
    },
    restore() {
      for (const [stream, write] of originals) stream.write = write;
      originals.clear();
      pending.forEach((text, index) => {
        if (text.length > 0) flush(index, text);
        pending[index] = '';
      });
    },
  };
}
