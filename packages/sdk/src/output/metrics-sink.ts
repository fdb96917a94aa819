import type { LineWriter } from './create-fd-writer.js';

/** Where finished EMF documents go. */
export interface MetricsSink {
  /** Returns a promise only when delivery is asynchronous (the agent), so the wrapper can wait for it, bounded. */
  write(documents: readonly string[]): Promise<void> | undefined;
}

/** Lambda's sink: one line per document on stdout, which the runtime ships to CloudWatch Logs. */
export function createStdoutSink(write: LineWriter): MetricsSink {
  return {
    write(documents) {
      for (const document of documents) write(`${document}\n`);
      return undefined;
    },
  };
}
