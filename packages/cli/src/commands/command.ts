import type { Readable, Writable } from 'node:stream';

/** What a command reads and writes, passed in so commands run in-process in tests as well as from the real bin. */
export interface CommandIo {
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly stdin: Readable & { readonly isTTY?: boolean | undefined };
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The clock, for relative times such as `--since 2h`. */
  readonly now: () => number;
  /** Whether stdout is a terminal, and how wide. */
  readonly stdoutIsTty: boolean;
  readonly columns: number | undefined;
}

export interface FlagSpec {
  readonly type: 'string' | 'boolean';
  /** Repeatable: `--function a --function b`. */
  readonly multiple?: boolean;
  readonly short?: string;
  /** Shown in help after the flag: `--format FORMAT`. */
  readonly valueName?: string;
  readonly description: string;
}

export type FlagValues = Readonly<Record<string, string | boolean | readonly (string | boolean)[] | undefined>>;

export interface CommandContext {
  readonly flags: FlagValues;
  readonly positionals: readonly string[];
  readonly io: CommandIo;
}

/**
 * One CLI command: a file under commands/ exporting one of these, and one line in the registry.
 * `run` returns the exit code; it throws UsageError or InputError for the user's mistakes.
 */
export interface Command {
  readonly name: string;
  readonly summary: string;
  /** The synopsis after `lambdatop`: `report [FILE...|-] [options]`. */
  readonly usage: string;
  /** Extra help text: formats, examples. */
  readonly details?: string;
  readonly flags: Readonly<Record<string, FlagSpec>>;
  readonly allowPositionals: boolean;
  run(context: CommandContext): Promise<number>;
}
