import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { runCli } from '../../src/cli.js';
import { formatWidgetGuide, WIDGET_GUIDE_END, WIDGET_GUIDE_START } from '../../src/dashboards/format-widget-guide.js';
import { DASHBOARD_SECTIONS } from '../../src/dashboards/widget-definitions.js';

/**
 * dashboards/ holds rendered example bodies and a README whose widget guide is generated: both must stay what the
 * code makes today. `UPDATE_DASHBOARDS=1 npx vitest run packages/cli/test/dashboards-as-code` rewrites them.
 */

const DASHBOARDS = join(import.meta.dirname, '..', '..', '..', '..', 'dashboards');
const README = join(DASHBOARDS, 'README.md');
const UPDATE = process.env.UPDATE_DASHBOARDS === '1';
const BIOME = join(import.meta.dirname, '..', '..', '..', '..', 'node_modules', '.bin', 'biome');

/** Biome pads markdown tables to aligned columns; the cells are what the guide says, not the padding. */
function withTablesUnpadded(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) => {
      if (!line.startsWith('|')) return line;
      const cells = line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim());
      return `| ${cells.map((cell) => (/^:?-+:?$/.test(cell) ? '---' : cell)).join(' | ')} |`;
    })
    .join('\n');
}

/** Each example: its file under dashboards/examples and the command line that prints it (also in the README). */
const EXAMPLES: readonly { readonly file: string; readonly args: readonly string[] }[] = [
  {
    // examples/orders-api/handler.mjs: namespace Shop, service orders-api, dimension stage=demo.
    file: 'orders-api.json',
    args: [
      'dashboard',
      '--function',
      'orders-api',
      '--api',
      'orders-api',
      '--namespace',
      'Shop',
      '--dimension',
      'stage=demo',
      '--region',
      'us-east-1',
    ],
  },
  {
    // examples/workload/workload.mjs, what `lambdatop demo` runs: four functions, each its own service.
    file: 'demo-workload.json',
    args: [
      'dashboard',
      '--function',
      'orders-api',
      '--function',
      'checksums',
      '--function',
      'sessions',
      '--function',
      'payments',
      '--namespace',
      'LambdatopDemo',
      '--region',
      'us-east-1',
    ],
  },
];

async function print(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const sink = (append: (text: string) => void) =>
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        append(chunk.toString());
        callback();
      },
    });
  const code = await runCli(args, {
    stdout: sink((text) => {
      stdout += text;
    }),
    stderr: sink((text) => {
      stderr += text;
    }),
    stdin: Object.assign(new PassThrough(), { isTTY: true }),
    env: {},
    now: Date.now,
    stdoutIsTty: false,
    columns: undefined,
  });
  return { code, stdout, stderr };
}

describe('dashboards/', () => {
  test('each example body is exactly what `lambdatop dashboard` prints for its command line', async () => {
    for (const example of EXAMPLES) {
      const path = join(DASHBOARDS, 'examples', example.file);
      const run = await print(example.args);
      expect(run).toMatchObject({ code: 0, stderr: '' });
      if (UPDATE) writeFileSync(path, run.stdout);
      expect(readFileSync(path, 'utf8'), `${example.file} is stale: rerun with UPDATE_DASHBOARDS=1`).toBe(run.stdout);
      expect(readFileSync(README, 'utf8')).toContain(`lambdatop ${example.args.join(' ')}`);
    }
  });

  test('the README’s widget guide is the one generated from the widget definitions', () => {
    const readme = readFileSync(README, 'utf8');
    const start = readme.indexOf(WIDGET_GUIDE_START);
    const end = readme.indexOf(WIDGET_GUIDE_END);
    const guide = formatWidgetGuide();
    if (UPDATE && start >= 0 && end > start) {
      writeFileSync(README, `${readme.slice(0, start)}${guide}${readme.slice(end + WIDGET_GUIDE_END.length + 1)}`);
      execFileSync(BIOME, ['format', '--write', README], { stdio: 'ignore' });
    }
    const current = readFileSync(README, 'utf8');
    const from = current.indexOf(WIDGET_GUIDE_START);
    const to = current.indexOf(WIDGET_GUIDE_END);
    expect(from, 'the README lacks the widget guide markers').toBeGreaterThanOrEqual(0);
    expect(
      withTablesUnpadded(current.slice(from, to + WIDGET_GUIDE_END.length + 1)),
      'rerun with UPDATE_DASHBOARDS=1',
    ).toBe(withTablesUnpadded(guide));
  });

  test('the guide names every widget with its question, and quotes the catalog for each SDK metric', () => {
    const guide = formatWidgetGuide();
    for (const section of DASHBOARD_SECTIONS) {
      expect(guide).toContain(`### ${section.heading}`);
      for (const widget of section.widgets) {
        expect(guide).toContain(`| ${widget.title} | ${widget.question} |`);
        if (widget.graph.kind === 'sdk') {
          for (const series of widget.graph.series) expect(guide).toContain(series.metric.description);
        }
        if (widget.graph.kind === 'insights') expect(guide).toContain(widget.graph.query.query);
      }
    }
  });
});
