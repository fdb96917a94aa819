import type {
  InitReportLine,
  InitStartLine,
  PlatformOtherLine,
  RestoreReportLine,
  RestoreStartLine,
} from './parsed-line.js';
import { PLATFORM_OTHER_LINE } from './parsed-line.js';

// These lines come once per environment, so plain regular expressions are cheap enough here.
const RUNTIME_VERSION = /Runtime Version:\s*(\S+)/;
const INIT_DURATION = /(?:Init )?Duration:\s*([\d.]+)/;
const RESTORE_DURATION = /(?:Restore )?Duration:\s*([\d.]+)/;
const PHASE = /Phase:\s*(\S+)/;
const STATUS = /Status:\s*(\S+)/;
const ERROR_TYPE = /Error ?Type:\s*(\S+)/;

function group(pattern: RegExp, text: string): string | undefined {
  return pattern.exec(text)?.[1];
}

function decimal(pattern: RegExp, text: string): number | undefined {
  const value = group(pattern, text);
  if (value === undefined) return undefined;
  const parsed = Number.parseFloat(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}

/**
 * The platform lines that start with `INIT_` or `RESTORE_`: `INIT_START Runtime Version: nodejs:18.v9 …`,
 * `INIT_REPORT Init Duration: 150.79 ms Phase: init Status: error Error Type: …`, `RESTORE_START …`,
 * `RESTORE_REPORT Restore Duration: 398.97 ms`. `INIT_RUNTIME_DONE` and the like are other platform lines.
 */
export function parseInitLine(
  line: string,
  start = 0,
): InitStartLine | InitReportLine | RestoreStartLine | RestoreReportLine | PlatformOtherLine {
  const text = start === 0 ? line : line.slice(start);
  if (text.startsWith('INIT_START')) {
    return {
      kind: 'init-start',
      initType: undefined,
      phase: undefined,
      runtimeVersion: group(RUNTIME_VERSION, text),
      functionName: undefined,
      timeMs: undefined,
    };
  }
  if (text.startsWith('INIT_REPORT')) {
    return {
      kind: 'init-report',
      durationMs: decimal(INIT_DURATION, text),
      phase: group(PHASE, text),
      status: group(STATUS, text),
      errorType: group(ERROR_TYPE, text),
      initType: undefined,
    };
  }
  if (text.startsWith('RESTORE_START')) return { kind: 'restore-start', timeMs: undefined };
  if (text.startsWith('RESTORE_REPORT')) {
    return { kind: 'restore-report', durationMs: decimal(RESTORE_DURATION, text), status: group(STATUS, text) };
  }
  return PLATFORM_OTHER_LINE;
}
