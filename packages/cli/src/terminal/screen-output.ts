import type { Writable } from 'node:stream';

/** What blessed reads and writes on the terminal's side. */
export type TerminalOutput = Writable & {
  readonly isTTY?: boolean | undefined;
  readonly columns?: number | undefined;
  readonly rows?: number | undefined;
};

/**
 * The terminal as blessed sees it: the real stream in every respect except `write`, which is the stream's own
 * (captured before stray writes were redirected), so the screen's output goes out while everyone else's is caught.
 */
export function toScreenOutput(output: TerminalOutput, write: (chunk: string | Uint8Array) => boolean): TerminalOutput {
  return new Proxy(output, {
    get(target, property) {
      if (property === 'write') return write;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
    set(target, property, value) {
      return Reflect.set(target, property, value, target);
    },
  });
}
