import { isAscii } from 'node:buffer';
import type { LineFormat } from '../core/join/log-frames.js';
import { LinePrefixReader } from './line-prefix.js';

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
/**
 * A test of whether a line starts with the prefix `format` puts before each message, by the reader that reads the
 * input: one reader for all the sample's lines (what a line reads as does not depend on the lines before it).
 */
function prefixTest(format: LineFormat): (line: string) => boolean {
  const reader = new LinePrefixReader(format);
  return (line) => {
    const bytes = Buffer.from(line);
    return reader.read(bytes, 0, bytes.length, isAscii(bytes));
  };
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
    ['tail-detailed', score(prefixTest('tail-detailed'))],
    ['sam', score(prefixTest('sam'))],
    ['tail-short', score(prefixTest('tail-short'))],
  ];
  const best = candidates.reduce((winner, candidate) => (candidate[1] > winner[1] ? candidate : winner));
  return best[1] >= 0.5 ? best[0] : 'raw';
}
