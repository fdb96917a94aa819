import { UsageError } from '../errors.js';
import type { FlagValues } from './command.js';

/** The flag's value when given once as a string (the last wins if repeated), else undefined. */
export function stringFlag(flags: FlagValues, name: string): string | undefined {
  const value = flags[name];
  if (Array.isArray(value)) return stringFlagOf(value.at(-1));
  return stringFlagOf(value);
}

function stringFlagOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Every value of a repeatable string flag, in order. */
export function stringsFlag(flags: FlagValues, name: string): string[] {
  const value = flags[name];
  if (value === undefined) return [];
  const values = Array.isArray(value) ? value : [value];
  return values.filter((item): item is string => typeof item === 'string');
}

/** One of `choices`, or a UsageError that lists them. */
export function choiceFlag<T extends string>(flags: FlagValues, name: string, choices: readonly T[]): T | undefined {
  const value = stringFlag(flags, name);
  if (value === undefined) return undefined;
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${name} ${JSON.stringify(value)} is not one of ${choices.join(', ')}`);
}

/** A positive finite number (a price), or a UsageError that names the flag and an example. */
export function positiveNumberFlag(flags: FlagValues, name: string, example: string): number | undefined {
  const value = stringFlag(flags, name);
  if (value === undefined) return undefined;
  const number = Number(value.trim());
  if (value.trim() === '' || !Number.isFinite(number) || number < 0) {
    throw new UsageError(
      `--${name} ${JSON.stringify(value)} is not a non-negative number; for example --${name} ${example}`,
    );
  }
  return number;
}

/** A positive integer, or a UsageError. */
export function integerFlag(flags: FlagValues, name: string, minimum: number): number | undefined {
  const value = stringFlag(flags, name);
  if (value === undefined) return undefined;
  const number = Number(value.trim());
  if (!Number.isInteger(number) || number < minimum) {
    throw new UsageError(`--${name} ${JSON.stringify(value)} is not a whole number ≥ ${minimum}`);
  }
  return number;
}
