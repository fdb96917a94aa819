import { isoTimeEnd } from '../core/time/iso-time.js';

/**
 * The shapes a file or pipe of Lambda logs comes in:
 * - `raw`: one message per line, as Lambda wrote them;
 * - `tail-detailed`: `aws logs tail` default output, `<ISO time with zone> <stream> <message>`;
 * - `tail-short`: `aws logs tail --format short`, `<YYYY-MM-DDTHH:MM:SS> <message>`;
 * - `sam`: `sam logs` output, `<stream> <ISO time> <message>`;
 * - `json-lines`: one `{logGroup?, logStream?, timestamp?, eventId?, message}` per line (`lambdatop tail --format json`);
 * - `filter-log-events`: the JSON document `aws logs filter-log-events` (or get-log-events) prints.
 */
export type InputFormat = 'raw' | 'tail-detailed' | 'tail-short' | 'sam' | 'json-lines' | 'filter-log-events';

export const INPUT_FORMATS: readonly InputFormat[] = [
  'raw',
  'tail-detailed',
  'tail-short',
  'sam',
  'json-lines',
  'filter-log-events',
];

const SAMPLE_LINES = 40;
const DOCUMENT_START = /^\s*\{\s*"(events|searchedLogStreams|nextToken|nextForwardToken|nextBackwardToken)"\s*:/;
const STREAM_NAME = /^\d{4}\/\d{2}\/\d{2}\//;

/** `<ISO time with a zone> <stream> ` at the start of `line`: where the message starts, or -1. */
export function tailDetailedMessageStart(line: string): number {
  const timeEnd = isoTimeEnd(line, 0);
  if (timeEnd < 20 || line.charCodeAt(timeEnd) !== 32) return -1;
  const zone = line.charCodeAt(timeEnd - 6);
  if (zone !== 43 && zone !== 45 && line.charCodeAt(timeEnd - 1) !== 90) return -1;
  const streamEnd = line.indexOf(' ', timeEnd + 1);
  if (streamEnd === -1) return line.length > timeEnd + 1 ? line.length : -1;
  return streamEnd + 1;
}

/** `YYYY-MM-DDTHH:MM:SS ` (exactly, no fraction or zone) at the start of `line`. */
export function isTailShortLine(line: string): boolean {
  return isoTimeEnd(line, 0) === 19 && line.charCodeAt(19) === 32;
}

/** `<YYYY/MM/DD/…stream> <ISO time> ` at the start of `line`: where the message starts, or -1. */
export function samMessageStart(line: string): number {
  if (!STREAM_NAME.test(line)) return -1;
  const streamEnd = line.indexOf(' ');
  if (streamEnd === -1) return -1;
  const timeEnd = isoTimeEnd(line, streamEnd + 1);
  if (timeEnd === -1) return -1;
  return line.charCodeAt(timeEnd) === 32 ? timeEnd + 1 : timeEnd === line.length ? timeEnd : -1;
}

function isWrapperObject(line: string): boolean {
  if (!line.startsWith('{')) return false;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    // Not one JSON object per line.
    return false;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const object = value as Record<string, unknown>;
  if (typeof object.message !== 'string' || 'level' in object || 'type' in object || '_aws' in object) return false;
  return (
    'logGroup' in object ||
    'logStream' in object ||
    'logStreamName' in object ||
    'logGroupName' in object ||
    'eventId' in object ||
    typeof object.timestamp === 'number'
  );
}

/**
 * Which InputFormat `sample` (the start of an input) is in, by majority over its first lines. Multi-line messages
 * make some lines of the tail formats prefix-less, so half is enough.
 */
export function detectInputFormat(sample: string): InputFormat {
  if (DOCUMENT_START.test(sample.slice(0, 4096))) return 'filter-log-events';
  const lines = sample
    .split('\n')
    .slice(0, SAMPLE_LINES * 4)
    .map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line))
    .filter((line) => line.trim().length > 0)
    .slice(0, SAMPLE_LINES);
  if (lines.length === 0) return 'raw';
  const score = (test: (line: string) => boolean): number => lines.filter(test).length / lines.length;
  const candidates: [InputFormat, number][] = [
    ['json-lines', score(isWrapperObject)],
    ['tail-detailed', score((line) => tailDetailedMessageStart(line) !== -1)],
    ['sam', score((line) => samMessageStart(line) !== -1)],
    ['tail-short', score(isTailShortLine)],
  ];
  const best = candidates.reduce((winner, candidate) => (candidate[1] > winner[1] ? candidate : winner));
  return best[1] >= 0.5 ? best[0] : 'raw';
}
