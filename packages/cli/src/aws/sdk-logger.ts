/** The SDK's logger interface (`@smithy/types` Logger), restated so this file needs no SDK import. */
export interface SdkLogger {
  trace(...content: unknown[]): void;
  debug(...content: unknown[]): void;
  info(...content: unknown[]): void;
  warn(...content: unknown[]): void;
  error(...content: unknown[]): void;
}

function firstLine(content: readonly unknown[]): string {
  const text = content.map((part) => (typeof part === 'string' ? part : String(part))).join(' ');
  return (
    text
      .split('\n')
      .map((line) => line.trim())
      .find((line) => line !== '') ?? ''
  );
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
      const line = firstLine(content);
      if (line !== '') onWarning(`AWS SDK: ${line}`);
    },
  };
}
