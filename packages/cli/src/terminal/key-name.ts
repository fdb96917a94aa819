import type { KeyName } from '../dashboard/key-reducer.js';

/** A key event as blessed reports it. */
export interface BlessedKey {
  readonly name?: string | undefined;
  readonly ctrl?: boolean | undefined;
  readonly meta?: boolean | undefined;
  readonly sequence?: string | undefined;
}

const NAMED_KEYS: ReadonlySet<string> = new Set([
  'up',
  'down',
  'pageup',
  'pagedown',
  'home',
  'end',
  'enter',
  'escape',
  'backspace',
]);

/**
 * The dashboard's name for a blessed key event, or undefined for keys it ignores. Enter arrives twice from blessed
 * (as `return`, then re-emitted as `enter`): only `enter` counts.
 */
export function toKeyName(ch: string | undefined, key: BlessedKey | undefined): KeyName | undefined {
  const name = key?.name;
  if (key?.ctrl === true) return name === 'c' ? 'ctrl-c' : undefined;
  if (name === 'linefeed') return 'enter';
  if (name !== undefined && NAMED_KEYS.has(name)) return name;
  if (name === 'return' || key?.meta === true) return undefined;
  if (ch !== undefined && [...ch].length === 1 && ch >= ' ' && ch !== '\x7f') return ch;
  return undefined;
}
