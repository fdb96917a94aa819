import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { INVOCATION_KEYS, SDK_LINE_KEY, SDK_LINE_KINDS, SDK_METRICS, SERVICE_DIMENSION } from '@lambdatop/sdk/catalog';
import { transform } from 'esbuild';
import { describe, expect, test } from 'vitest';

/**
 * One catalog of the names the SDK writes (packages/sdk/src/catalog.ts): the SDK, the CLI's parser and the dashboards
 * import it, so no name is typed twice. This test reads the source trees for catalog names typed as string literals
 * anywhere else.
 *
 * Scanned: every shipped source (packages/*\/src), the examples users copy (examples/), and the test fixtures (code
 * and data under any fixtures/ folder). Not scanned: tests themselves, whose literal names are the contract checked
 * from the outside (a renamed metric must break them), benchmarks, and generated output (dist/, dashboards/examples).
 */

const ROOT = join(import.meta.dirname, '..', '..');

/** Names only the SDK uses: typed out anywhere, as a whole string or quoted inside one, they are a second copy. */
const OWN_NAMES: readonly string[] = [
  ...Object.values(SDK_METRICS).map((metric) => metric.name),
  ...Object.values(SDK_LINE_KINDS),
  INVOCATION_KEYS.coldStart,
  INVOCATION_KEYS.memoryLimitMb,
  INVOCATION_KEYS.initType,
  INVOCATION_KEYS.proactiveInit,
  INVOCATION_KEYS.trigger,
  INVOCATION_KEYS.httpStatusClass,
];

/**
 * Names spelled like other things: Lambda's own record fields (`requestId`, `functionName`, `functionVersion` in its
 * JSON platform records), the CLI's name for the REPORT line's `XRAY TraceId`, the product's name (`lambdatop`) and
 * the word `service`. A bare string with that spelling is not necessarily ours; quoted as a JSON key inside a string
 * (`"requestId":`) it is a hand-built SDK document.
 */
const SHARED_NAMES: readonly string[] = [
  INVOCATION_KEYS.requestId,
  INVOCATION_KEYS.functionName,
  INVOCATION_KEYS.functionVersion,
  INVOCATION_KEYS.xrayTraceId,
  SDK_LINE_KEY,
  SERVICE_DIMENSION,
];

/**
 * Fixtures that hold data written elsewhere (real log lines, the SDK's own output among them; a published schema): the
 * names in them are data, not code. Each entry: a path relative to the repository, and why.
 */
const FOREIGN_DATA: Readonly<Record<string, string>> = {
  'packages/cli/test/fixtures/json-format.log':
    "Lambda's JSON log format as a function wrapped with the SDK writes it: platform records, EMF documents, SDK lines",
  'packages/sdk/test/fixtures/xray-segmentdocument-schema-v1.0.0.json':
    "AWS's X-Ray segment document schema, as published: `service` is X-Ray's own field",
};

/** `lambdatop report --format json` output kept as a golden file: generated, like dist/. */
function isReportOutput(text: string): boolean {
  return text.startsWith('{') && text.includes('"generatedBy": "lambdatop report"');
}

const CODE = new Set(['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs']);

function* filesUnder(directory: string): Generator<string> {
  for (const entry of readdirSync(directory)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    const path = join(directory, entry);
    if (statSync(path).isDirectory()) yield* filesUnder(path);
    else yield path;
  }
}

function scannedFiles(): string[] {
  const files: string[] = [];
  for (const pkg of readdirSync(join(ROOT, 'packages'))) {
    files.push(...filesUnder(join(ROOT, 'packages', pkg, 'src')));
  }
  files.push(...filesUnder(join(ROOT, 'examples')));
  const fixtureTrees = [...filesUnder(join(ROOT, 'packages')), ...filesUnder(join(ROOT, 'test'))].filter((path) =>
    /[/\\]fixtures[/\\]/.test(path),
  );
  files.push(...fixtureTrees);
  return [...new Set(files)].filter((path) => !path.endsWith(`${join('sdk', 'src', 'catalog.ts')}`));
}

/** The contents of every string literal in JavaScript without comments or types (esbuild removes both). */
function stringLiterals(code: string): string[] {
  const literals: string[] = [];
  for (const match of code.matchAll(/(["'`])((?:\\.|(?!\1)[^\\])*)\1/g)) literals.push(match[2] ?? '');
  return literals;
}

function hitsIn(text: string, wholeLiterals: readonly string[] | undefined): string[] {
  const hits: string[] = [];
  for (const name of [...OWN_NAMES, ...SHARED_NAMES]) {
    const quoted = text.includes(`"${name}"`) || text.includes(`\\"${name}\\"`);
    if (quoted && (OWN_NAMES.includes(name) || text.includes(`"${name}":`) || text.includes(`\\"${name}\\":`))) {
      hits.push(`${name} (quoted in a string)`);
    }
  }
  for (const literal of wholeLiterals ?? []) {
    if (OWN_NAMES.includes(literal)) hits.push(`${literal} (a string literal)`);
  }
  return hits;
}

async function findHandTypedNames(path: string): Promise<string[]> {
  const source = readFileSync(path, 'utf8');
  const extension = extname(path);
  if (!CODE.has(extension)) return isReportOutput(source) ? [] : hitsIn(source, undefined);
  const loader = extension.endsWith('ts') ? 'ts' : 'js';
  const { code } = await transform(source, { loader, legalComments: 'none', minifyWhitespace: true });
  const literals = stringLiterals(code);
  return [...new Set(literals.flatMap((literal) => hitsIn(literal, [literal])))];
}

describe('the catalog is the one list of the SDK’s names', () => {
  test('the allow-list holds only fixtures that exist and would otherwise be found', async () => {
    for (const path of Object.keys(FOREIGN_DATA)) {
      expect(await findHandTypedNames(join(ROOT, path)), path).not.toEqual([]);
    }
  });

  test('no source outside catalog.ts types an SDK metric, line kind or key name by hand', async () => {
    const found: Record<string, string[]> = {};
    for (const path of scannedFiles()) {
      const name = relative(ROOT, path);
      if (name in FOREIGN_DATA) continue;
      const hits = await findHandTypedNames(path);
      if (hits.length > 0) found[name] = hits;
    }
    expect(found).toEqual({});
  });

  test('the scan finds names typed by hand, and not names merely spelled alike', async () => {
    const scan = async (source: string) => {
      const literals = stringLiterals(
        (await transform(source, { loader: 'ts', legalComments: 'none', minifyWhitespace: true })).code,
      );
      return [...new Set(literals.flatMap((literal) => hitsIn(literal, [literal])))];
    };
    expect(await scan(`const metric = '${SDK_METRICS.coldStart.name}';`)).toEqual([
      `${SDK_METRICS.coldStart.name} (a string literal)`,
    ]);
    const placeholder = '$' + '{id}';
    expect(await scan(`const line = \`{"requestId":"${placeholder}","coldStart":true}\`;`)).toEqual([
      `${INVOCATION_KEYS.coldStart} (quoted in a string)`,
      `${INVOCATION_KEYS.requestId} (quoted in a string)`,
    ]);
    expect(await scan(`const kinds = ["${SDK_LINE_KINDS.timeout}"];`)).toEqual([
      `${SDK_LINE_KINDS.timeout} (a string literal)`,
    ]);
    // A comment, a type, Lambda's own field and the program's name are not copies.
    expect(
      await scan(
        [
          `// writes ${SDK_METRICS.coldStart.name} and "${INVOCATION_KEYS.coldStart}":true`,
          `type Key = '${INVOCATION_KEYS.initType}' | 'other';`,
          `const id = record['${INVOCATION_KEYS.requestId}'];`,
          `const program = '${SDK_LINE_KEY}';`,
        ].join('\n'),
      ),
    ).toEqual([]);
  });
});
