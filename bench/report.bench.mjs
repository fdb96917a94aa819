#!/usr/bin/env node
// `lambdatop report` on a 1M-line mixed Lambda log against the floor (a bare Node line count of the same file) and
// what people do by hand (`grep REPORT | awk | sort -n` for a p99), all in one run; then peak RSS of `report` on a
// 10M-line file. The logs are `aws logs tail` output (detailed format) of a custom log group that four functions
// share: START, an application line, END and REPORT per invocation, 1 % cold starts, several memory sizes, timestamps
// and streams interleaved as the CLI prints them. Generated once into bench/.data/ (gitignored), deterministically.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRandom, randomHex, randomUuid } from './support/create-random.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const dataDir = join(here, '.data');
// LAMBDATOP_BIN measures another build (an older commit's dist/bin.js) in the same way, for before/after figures.
const bin = process.env.LAMBDATOP_BIN ?? join(root, 'packages/cli/dist/bin.js');
const GENERATOR_VERSION = 2;
const RUNS = 5;
const RSS_RUNS = 3;
const SMALL_LINES = 1_000_000;
const LARGE_LINES = 10_000_000;
const RSS_TARGET_MB = 256;

const FUNCTIONS = [
  { name: 'orders', weight: 0.35, sizes: [512, 1024], baseMs: 60, cpuBound: true, baseMemoryMb: 90 },
  { name: 'payments', weight: 0.25, sizes: [256], baseMs: 140, cpuBound: false, baseMemoryMb: 110 },
  { name: 'thumbnails', weight: 0.1, sizes: [1536, 3008], baseMs: 900, cpuBound: true, baseMemoryMb: 420 },
  { name: 'search', weight: 0.3, sizes: [128], baseMs: 18, cpuBound: false, baseMemoryMb: 70 },
];

const pad = (value, width) => String(value).padStart(width, '0');

/** `aws logs tail`'s detailed timestamp: ISO 8601 with microseconds and +00:00. */
function tailTime(ms) {
  const date = new Date(Math.floor(ms));
  return `${date.toISOString().slice(0, 19)}.${pad(date.getUTCMilliseconds(), 3)}000+00:00`;
}

/** Lines in time order: invocations overlap, so their later lines wait in a min-heap until their time comes. */
class LineHeap {
  times = [];
  lines = [];
  push(time, line) {
    this.times.push(time);
    this.lines.push(line);
    let index = this.times.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (this.times[parent] <= this.times[index]) break;
      [this.times[parent], this.times[index]] = [this.times[index], this.times[parent]];
      [this.lines[parent], this.lines[index]] = [this.lines[index], this.lines[parent]];
      index = parent;
    }
  }
  peekTime() {
    return this.times.length === 0 ? Number.POSITIVE_INFINITY : this.times[0];
  }
  pop() {
    const line = this.lines[0];
    const lastTime = this.times.pop();
    const lastLine = this.lines.pop();
    if (this.times.length > 0) {
      this.times[0] = lastTime;
      this.lines[0] = lastLine;
      let index = 0;
      for (;;) {
        const left = index * 2 + 1;
        const right = left + 1;
        let smallest = index;
        if (left < this.times.length && this.times[left] < this.times[smallest]) smallest = left;
        if (right < this.times.length && this.times[right] < this.times[smallest]) smallest = right;
        if (smallest === index) break;
        [this.times[smallest], this.times[index]] = [this.times[index], this.times[smallest]];
        [this.lines[smallest], this.lines[index]] = [this.lines[index], this.lines[smallest]];
        index = smallest;
      }
    }
    return line;
  }
}

function generate(path, lineCount) {
  const random = createRandom(20260722);
  const invocations = Math.floor(lineCount / 4);
  const spanMs = (invocations / 250_000) * 3_600_000;
  const gapMs = spanMs / invocations;
  const environments = FUNCTIONS.map(() => []);
  const heap = new LineHeap();
  const fd = openSync(`${path}.partial`, 'w');
  let buffer = '';
  let written = 0;
  const emit = (line) => {
    buffer += `${line}\n`;
    written += 1;
    if (buffer.length > 1 << 20) {
      writeSync(fd, buffer);
      buffer = '';
    }
  };
  let now = Date.UTC(2026, 6, 22, 3, 0, 0);
  for (let invocation = 0; invocation < invocations; invocation += 1) {
    now += gapMs * -Math.log(1 - random());
    while (heap.peekTime() <= now) emit(heap.pop());
    let pick = random();
    let fnIndex = 0;
    while (fnIndex < FUNCTIONS.length - 1 && pick > FUNCTIONS[fnIndex].weight) {
      pick -= FUNCTIONS[fnIndex].weight;
      fnIndex += 1;
    }
    const fn = FUNCTIONS[fnIndex];
    const pool = environments[fnIndex];
    let environment = pool.find((candidate) => candidate.busyUntil <= now && random() > 0.01);
    const cold = environment === undefined;
    if (environment === undefined) {
      const sizeMb = fn.sizes[Math.floor(random() * fn.sizes.length)];
      environment = {
        stream: `2026/07/22/${fn.name}[$LATEST]${randomHex(random, 32)}`,
        sizeMb,
        busyUntil: 0,
        memoryMb: fn.baseMemoryMb + Math.floor(random() * 20),
      };
      pool.push(environment);
      if (pool.length > 400) pool.splice(0, 100);
    }
    const requestId = randomUuid(random);
    const speedup = fn.cpuBound ? Math.min(1769, environment.sizeMb) / 1024 : 1;
    const tail = random() < 0.01 ? 4 + random() * 6 : 1;
    const durationMs = Math.max(0.8, (fn.baseMs / speedup) * (0.6 + random() * 0.8) * tail);
    const initMs = cold ? 150 + random() * 500 : 0;
    const startMs = now + initMs;
    const endMs = startMs + durationMs;
    environment.busyUntil = endMs + 1;
    environment.memoryMb = Math.min(environment.sizeMb, environment.memoryMb + (random() < 0.02 ? 1 : 0));
    const stream = environment.stream;
    const billedMs = Math.ceil(durationMs + initMs);
    heap.push(startMs, `${tailTime(startMs)} ${stream} START RequestId: ${requestId} Version: $LATEST`);
    const appMs = startMs + durationMs * 0.3;
    heap.push(
      appMs,
      `${tailTime(appMs)} ${stream} ${new Date(Math.floor(appMs)).toISOString()}\t${requestId}\tINFO\tprocessed ${fn.name} request items=${Math.floor(random() * 40)} region=us-east-1`,
    );
    heap.push(endMs, `${tailTime(endMs)} ${stream} END RequestId: ${requestId}`);
    const init = cold ? `\tInit Duration: ${initMs.toFixed(2)} ms` : '';
    heap.push(
      endMs + 0.001,
      `${tailTime(endMs)} ${stream} REPORT RequestId: ${requestId}\tDuration: ${durationMs.toFixed(2)} ms\tBilled Duration: ${billedMs} ms\tMemory Size: ${environment.sizeMb} MB\tMax Memory Used: ${environment.memoryMb} MB${init}`,
    );
  }
  while (heap.peekTime() < Number.POSITIVE_INFINITY) emit(heap.pop());
  writeSync(fd, buffer);
  closeSync(fd);
  spawnSync('mv', [`${path}.partial`, path]);
  writeFileSync(`${path}.meta`, JSON.stringify({ version: GENERATOR_VERSION, lines: written }));
  return written;
}

function ensureData(lineCount) {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, `report-${lineCount / 1_000_000}m.log`);
  const metaPath = `${path}.meta`;
  if (existsSync(path) && existsSync(metaPath)) {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8'));
    if (meta.version === GENERATOR_VERSION) return { path, lines: meta.lines };
  }
  process.stdout.write(`generating ${path} …\n`);
  const lines = generate(path, lineCount);
  return { path, lines };
}

/** Wall time of a child process in ms; its stdout is discarded. */
function timeChild(command, args, options = {}) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30, ...options });
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr?.toString().slice(0, 500)}`);
  }
  return { elapsedMs, stdout: result.stdout?.toString() ?? '' };
}

function median(values) {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Runs every measurement RUNS times, interleaved (so load on the machine hits all alike), and keeps every sample. */
function measure(variants) {
  const times = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
  const outputs = {};
  for (let run = 0; run < RUNS; run += 1) {
    for (const [name, variant] of Object.entries(variants)) {
      const { elapsedMs, stdout } = variant();
      times[name].push(elapsedMs);
      outputs[name] = stdout;
    }
  }
  return {
    times,
    medians: Object.fromEntries(Object.entries(times).map(([name, list]) => [name, median(list)])),
    outputs,
  };
}

const BYTE_SCAN = `
const { openSync, readSync } = require('node:fs');
const fd = openSync(process.argv[1], 'r');
const buffer = Buffer.allocUnsafe(1 << 20);
let lines = 0;
for (;;) {
  const read = readSync(fd, buffer, 0, buffer.length, null);
  if (read === 0) break;
  let at = buffer.indexOf(10, 0);
  while (at !== -1 && at < read) { lines += 1; at = buffer.indexOf(10, at + 1); }
}
process.stdout.write(String(lines));`;

const READLINE = `
const { createReadStream } = require('node:fs');
const { createInterface } = require('node:readline');
(async () => {
  let lines = 0;
  for await (const _ of createInterface({ input: createReadStream(process.argv[1]), crlfDelay: Infinity })) lines += 1;
  process.stdout.write(String(lines));
})();`;

// What people type: the REPORT lines, the value after "Duration:", a numeric sort, the nearest-rank p99.
const PIPELINE =
  'grep REPORT "$1" | awk \'{for(i=1;i<=NF;i++) if($i=="Duration:"){print $(i+1); break}}\' | sort -n | ' +
  "awk '{v[NR]=$1} END{i=int(NR*0.99); if(i<NR*0.99)i++; if(i<1)i=1; print v[i]}'";

function main() {
  if (!existsSync(bin)) throw new Error(`build first (npm run build: tsc -b and the bin's bundle): ${bin} is missing`);
  const small = ensureData(SMALL_LINES);
  const large = ensureData(LARGE_LINES);
  const sizeMb = statSync(small.path).size / 1e6;
  // Every figure here is wall time on a machine others may be using: say how busy it was.
  const load = () =>
    loadavg()
      .map((value) => value.toFixed(2))
      .join(' ');
  process.stdout.write(
    `input: ${small.lines.toLocaleString('en-US')} lines, ${sizeMb.toFixed(0)} MB (${small.path})\n` +
      `machine: ${availableParallelism()} cores, load average ${load()} (1, 5, 15 min) before the runs\n`,
  );
  const { times, medians, outputs } = measure({
    report: () => timeChild(process.execPath, [bin, 'report', small.path, '--format', 'json']),
    byteScan: () => timeChild(process.execPath, ['-e', BYTE_SCAN, small.path]),
    readline: () => timeChild(process.execPath, ['-e', READLINE, small.path]),
    pipeline: () => timeChild('sh', ['-c', PIPELINE, 'sh', small.path]),
    nodeStartup: () => timeChild(process.execPath, ['-e', '0']),
    // Node's start-up and loading the CLI's entry: what a report pays before it reads a byte.
    cliStartup: () => timeChild(process.execPath, [bin, '--version']),
  });
  const report = JSON.parse(outputs.report);
  const invocations = report.functions.reduce((total, fn) => total + fn.invocations, 0);
  const countsAgree = outputs.byteScan.trim() === outputs.readline.trim();
  const floorName = medians.byteScan <= medians.readline ? 'byte scan for \\n' : 'readline';
  const floorMs = Math.min(medians.byteScan, medians.readline);
  const samples = (name) => times[name].map((ms) => ms.toFixed(0)).join(' ');
  const row = (label, name) =>
    `  ${label.padEnd(44)} ${medians[name].toFixed(0).padStart(7)} ms   (runs: ${samples(name)})`;
  const ratio = (value) => `${value.toFixed(2)}×`;
  process.stdout.write(
    [
      `median of ${RUNS} runs each, interleaved; wall time of a child process, node start-up included for every Node figure:`,
      row('lambdatop report --format json', 'report'),
      row('bare Node line count: byte scan for \\n', 'byteScan'),
      row('bare Node line count: readline', 'readline'),
      row('grep REPORT | awk | sort -n (p99 only)', 'pipeline'),
      row('node -e 0 (start-up alone, for reference)', 'nodeStartup'),
      row('lambdatop --version (start-up + CLI entry)', 'cliStartup'),
      `  both line counts: ${outputs.byteScan.trim()} and ${outputs.readline.trim()} lines${countsAgree ? '' : ' (they disagree!)'}`,
      `  report read ${invocations.toLocaleString('en-US')} invocations over ${report.functions.length} functions; the pipeline's p99 is ${outputs.pipeline.trim()} ms`,
      `  floor = the faster line count (${floorName}, ${floorMs.toFixed(0)} ms)`,
      `  report ÷ byte-scan count: ${ratio(medians.report / medians.byteScan)}   report ÷ readline count: ${ratio(medians.report / medians.readline)}`,
      `  report ÷ floor: ${ratio(medians.report / floorMs)} (target ≤ 3×)`,
      `  report ÷ grep/awk/sort: ${ratio(medians.report / medians.pipeline)} (target < 1×)`,
      `  report − lambdatop --version: ${(medians.report - medians.cliStartup).toFixed(0)} ms of reading, joining and statistics`,
      `  load average ${load()} after the runs`,
      '',
    ].join('\n'),
  );
  const timeV = existsSync('/usr/bin/time');
  const rssArgs = [bin, 'report', large.path, '--format', 'json'];
  /** Peak RSS (MB) and wall time (ms) of one report on the large file. */
  const peakOnce = () => {
    const started = process.hrtime.bigint();
    if (timeV) {
      const result = spawnSync('/usr/bin/time', ['-v', process.execPath, ...rssArgs], {
        stdio: ['ignore', 'ignore', 'pipe'],
        maxBuffer: 1 << 26,
      });
      const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
      const match = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr.toString());
      if (result.status !== 0 || match === null) throw new Error(`report on ${large.path} failed: ${result.stderr}`);
      return { peakMb: Number(match[1]) / 1024, elapsedMs };
    }
    const probe = `import('${bin}').then(()=>{}); process.on('exit',()=>process.stderr.write('RSS '+process.resourceUsage().maxRSS+'\\n'))`;
    const result = spawnSync(process.execPath, ['-e', probe, '--', ...rssArgs.slice(1)], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    return { peakMb: Number(/RSS (\d+)/.exec(result.stderr.toString())?.[1] ?? Number.NaN) / 1024, elapsedMs };
  };
  const peaks = Array.from({ length: RSS_RUNS }, peakOnce);
  const largeSizeMb = statSync(large.path).size / 1e6;
  process.stdout.write(
    [
      `peak RSS of lambdatop report on ${large.lines.toLocaleString('en-US')} lines (${largeSizeMb.toFixed(0)} MB), median of ${RSS_RUNS} runs, from ${timeV ? '/usr/bin/time -v' : 'process.resourceUsage().maxRSS'}:`,
      `  ${median(peaks.map((peak) => peak.peakMb)).toFixed(0)} MB (runs: ${peaks.map((peak) => peak.peakMb.toFixed(0)).join(' ')}; target ≤ ${RSS_TARGET_MB} MB), ${(median(peaks.map((peak) => peak.elapsedMs)) / 1000).toFixed(1)} s`,
      '',
    ].join('\n'),
  );
}

main();
