/** The SDK's logger interface (`@smithy/types` Logger), restated so this file needs no SDK import. */
export interface SdkLogger {
  trace(...content: unknown[]): void;
  debug(...content: unknown[]): void;
  info(...content: unknown[]): void;
  warn(...content: unknown[]): void;
  error(...content: unknown[]): void;
}

/** Longest SDK warning kept, in characters; the SDK's run to several paragraphs of advice. */
const MAX_WARNING_LENGTH = 200;

/** The SDK's multi-line warning as one line: lines joined, whitespace collapsed, cut at a word. */
function toOneLine(content: readonly unknown[]): string {
  const text = content
    .map((part) => (typeof part === 'string' ? part : String(part)))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (text.length <= MAX_WARNING_LENGTH) return text;
  const cut = text.lastIndexOf(' ', MAX_WARNING_LENGTH);
  return `${text.slice(0, cut > 0 ? cut : MAX_WARNING_LENGTH)}…`;
}

/**
 * A logger for the SDK's clients and HTTP handler that never writes to the console. Without one the handler falls
 * back to `console` (request-timeout and socket-capacity warnings) and the credential chain warns through
 * `console.warn` unless the logger is a real one. `info` would receive every command's input and output and `error`
 * every failed call (which we see as the thrown error anyway): both are dropped. A warning is kept as one line.
 */
export function createSdkLogger(onWarning: (message: string) => void = () => undefined): SdkLogger {
  const ignore = (): void => undefined;
  return {
    trace: ignore,
    debug: ignore,
    info: ignore,
    error: ignore,
    warn: (...content: unknown[]) => {
      const line = toOneLine(content);
      if (line !== '') onWarning(`AWS SDK: ${line}`);
    },
  };
}
