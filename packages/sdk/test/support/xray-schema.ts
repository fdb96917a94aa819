import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import AjvDraft04 from 'ajv-draft-04';
import { expect } from 'vitest';

// AWS's X-Ray segment document schema v1.0.0, kept in the repository so a clean clone tests against it.
const SCHEMA_PATH = fileURLToPath(new URL('../fixtures/xray-segmentdocument-schema-v1.0.0.json', import.meta.url));
if (!existsSync(SCHEMA_PATH)) throw new Error(`the X-Ray segment document schema is missing: ${SCHEMA_PATH}`);

// The schema is draft-04 with keywords of its own (`version`, `java_pattern`) and union types, which strict mode
// refuses; its name pattern is a long list of \u escapes, compiled with the `u` flag (unicodeRegExp).
// CommonJS seen from ESM: the class is the module itself and its `default`; the types know only the latter.
const ajv = new AjvDraft04.default({ strict: false, unicodeRegExp: true, allErrors: true });
const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as object);

export const DAEMON_HEADER_LINE = '{"format":"json","version":1}';

/** Splits a datagram into its header line and document, checks both, and returns the document. */
export function expectValidDatagram(datagram: string): Record<string, unknown> {
  const newline = datagram.indexOf('\n');
  expect(datagram.slice(0, newline)).toBe(DAEMON_HEADER_LINE);
  expect(Buffer.byteLength(datagram)).toBeLessThan(64 * 1024);
  const document = JSON.parse(datagram.slice(newline + 1)) as Record<string, unknown>;
  const valid = validate(document);
  expect(validate.errors ?? [], JSON.stringify(document).slice(0, 2000)).toEqual([]);
  expect(valid).toBe(true);
  return document;
}
