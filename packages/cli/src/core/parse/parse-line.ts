import { mentionsOutOfMemory } from './app-level.js';
import { createAppLine, parseBracketedLine, parseIdFirstLine, parseTimestampedLine } from './app-line.js';
import { parseExitErrorLine, parseRequestIdLine } from './crash-line.js';
import { parseInitLine } from './init-line.js';
import { parseJsonLine } from './json-line.js';
import { isWhitespace } from './line-scan.js';
import type { ParsedLine } from './parsed-line.js';
import { BLANK_LINE, PLATFORM_OTHER_LINE, UNKNOWN_LINE } from './parsed-line.js';
import { parseReportContinuation, parseReportLine } from './report-line.js';
import { parseEndLine, parseStartLine } from './start-end-line.js';
import { parseTimeoutText } from './timeout-text.js';

function unknownText(line: string): ParsedLine {
  return mentionsOutOfMemory(line) ? createAppLine(undefined, undefined, line) : UNKNOWN_LINE;
}

function isWordEnd(line: string, index: number): boolean {
  return index >= line.length || isWhitespace(line.charCodeAt(index));
}

/**
 * Classifies one line of a Lambda log group: every platform record in text or JSON format, application lines,
 * EMF documents, or plain text. Dispatches on the first character before any regular expression or JSON.parse,
 * because it runs on every line. Never throws.
 */
export function parseLine(line: string): ParsedLine {
  let start = 0;
  while (start < line.length && isWhitespace(line.charCodeAt(start))) start += 1;
  if (start === line.length) return BLANK_LINE;
  switch (line.charCodeAt(start)) {
    case 83: // S
      if (line.startsWith('START', start) && isWordEnd(line, start + 5)) return parseStartLine(line, start);
      return parseReportContinuation(line, start) ?? unknownText(line);
    case 69: // E
      if (line.startsWith('END', start) && isWordEnd(line, start + 3)) return parseEndLine(line, start);
      if (line.startsWith('EXTENSION', start)) return PLATFORM_OTHER_LINE;
      return parseReportContinuation(line, start) ?? unknownText(line);
    case 82: // R
      if (line.startsWith('REPORT', start) && isWordEnd(line, start + 6)) return parseReportLine(line, start);
      if (line.startsWith('RequestId:', start)) return parseRequestIdLine(line, start);
      if (line.startsWith('RESTORE_', start)) return parseInitLine(line, start);
      return parseExitErrorLine(line, start) ?? parseReportContinuation(line, start) ?? unknownText(line);
    case 73: // I
      if (line.startsWith('INIT_', start)) return parseInitLine(line, start);
      return parseReportContinuation(line, start) ?? unknownText(line);
    case 88: // X
    case 68: // D
    case 66: // B
    case 77: // M
      return parseReportContinuation(line, start) ?? unknownText(line);
    case 84: // T
      if (line.startsWith('TELEMETRY', start)) return PLATFORM_OTHER_LINE;
      return parseTimeoutText(line, start, undefined) ?? unknownText(line);
    case 76: // L
      return line.startsWith('LOGS_DROPPED', start) ? PLATFORM_OTHER_LINE : unknownText(line);
    case 123: // {
      return parseJsonLine(line) ?? unknownText(line);
    case 91: // [
      return parseBracketedLine(line, start) ?? unknownText(line);
    default: {
      const first = line.charCodeAt(start);
      if (first >= 48 && first <= 57 && line.charCodeAt(start + 4) === 45 && line.charCodeAt(start + 10) === 84) {
        return parseTimestampedLine(line, start) ?? unknownText(line);
      }
      return parseIdFirstLine(line, start) ?? unknownText(line);
    }
  }
}
