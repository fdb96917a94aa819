import { INVOCATION_KEYS, SDK_LINE_KEY } from '@lambdatop/sdk/catalog';
import { isErrorLevel, mentionsOutOfMemory, toAppLevel } from './app-level.js';
import { COLD_START_KEYS, FUNCTION_NAME_KEYS, REQUEST_ID_KEYS, TRACE_ID_KEYS, toEmfLine } from './emf-document.js';
import {
  firstBoolean,
  firstString,
  isJsonObject,
  type JsonObject,
  stringField,
  toInitType,
  toTraceRoot,
} from './json-fields.js';
import type { AppLine, ParsedLine } from './parsed-line.js';
import { toPlatformLine } from './platform-record.js';

function toStructuredAppLine(document: JsonObject, line: string): AppLine {
  const level = toAppLevel(document.level);
  const proactiveInit = document[INVOCATION_KEYS.proactiveInit];
  return {
    kind: 'app',
    requestId: firstString(document, REQUEST_ID_KEYS),
    level,
    coldStart: firstBoolean(document, COLD_START_KEYS),
    xrayTraceId: toTraceRoot(firstString(document, TRACE_ID_KEYS)),
    functionName: firstString(document, FUNCTION_NAME_KEYS),
    initType: toInitType(document[INVOCATION_KEYS.initType]),
    proactiveInit: typeof proactiveInit === 'boolean' ? proactiveInit : undefined,
    sdkKind: stringField(document, SDK_LINE_KEY),
    outOfMemory: (level === undefined || isErrorLevel(level)) && mentionsOutOfMemory(line),
  };
}

/**
 * A line that starts with `{`: a JSON-format platform record, an EMF document, or a structured application line
 * (Lambda's JSON application format, pino, Powertools). Undefined when it is not a JSON object; the caller then treats
 * it as plain text.
 */
export function parseJsonLine(line: string): ParsedLine | undefined {
  let document: unknown;
  try {
    document = JSON.parse(line);
  } catch {
    // Not JSON after all (a truncated or pretty-printed fragment): plain text to the caller.
    return undefined;
  }
  if (!isJsonObject(document)) return undefined;
  const type = document.type;
  if (typeof type === 'string' && type.startsWith('platform.')) return toPlatformLine(type, document);
  if (document._aws !== undefined) {
    const emf = toEmfLine(document);
    if (emf !== undefined) return emf;
  }
  return toStructuredAppLine(document, line);
}
