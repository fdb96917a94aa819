#!/usr/bin/env node
// The dashboard's ingest rate while it renders: 1M log events (250,000 invocations of four functions: START, an
// application line, END, REPORT, with log groups, streams and timestamps as CloudWatch holds them) fed as fast as the
// session takes them through parse → join → window, while it builds views and draws them into a real blessed screen
// on a null terminal at its 4 frames a second. Target: ≥ 50,000 events/s, none dropped.
// Peers in the same run, on the same events: `report`'s collector (the same parse and join, exact statistics, no
// screen) and a bare parseLine loop (the floor: parsing alone). Ratios are printed against both.
import { PassThrough, Writable } from 'node:stream';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { createReportCollector, parseLine } from '../packages/cli/dist/index.js';
import { runDashboard } from '../packages/cli/dist/terminal/run-dashboard.js';
import { createRandom, randomHex, randomUuid } from './support/create-random.mjs';

const INVOCATIONS = 250_000;
const BATCH_EVENTS = 1_000;
const RUNS = 3;
const TARGET_EVENTS_PER_SECOND = 50_000;
const FUNCTIONS = [
  { name: 'orders', memoryMb: 512, baseMs: 60, environments: 6 },
  { name: 'payments', memoryMb: 256, baseMs: 140, environments: 4 },
  { name: 'thumbnails', memoryMb: 1536, baseMs: 900, environments: 3 },
  { name: 'search', memoryMb: 128, baseMs: 18, environments: 8 },
];
const START_MS = Date.UTC(2026, 6, 22, 3, 0, 0);

/** Every event, in batches; one invocation a millisecond, so 250 s of logs: all inside the 5-minute window. */
function generateBatches() {
  const random = createRandom(6);
  const streams = FUNCTIONS.map((fn) =>
    Array.from({ length: fn.environments }, () => `2026/07/22/[$LATEST]${randomHex(random, 32)}`),
  );
  const events = [];
  for (let index = 0; index < INVOCATIONS; index += 1) {
    const which = index % FUNCTIONS.length;
    const fn = FUNCTIONS[which];
    const logGroup = `/aws/lambda/${fn.name}`;
    const logStream = streams[which][Math.floor(random() * fn.environments)];
    const requestId = randomUuid(random);
    const startMs = START_MS + index;
    const durationMs = fn.baseMs * (0.5 + random());
    const cold = random() < 0.01;
    const usedMb = Math.round(fn.memoryMb * (0.3 + random() * 0.3));
    const iso = new Date(startMs).toISOString();
    events.push(
      { logGroup, logStream, timestampMs: startMs, message: `START RequestId: ${requestId} Version: $LATEST` },
      { logGroup, logStream, timestampMs: startMs + 1, message: `${iso}\t${requestId}\tINFO\thandled order ${index}` },
      { logGroup, logStream, timestampMs: startMs + 2, message: `END RequestId: ${requestId}` },
      {
        logGroup,
        logStream,
        timestampMs: startMs + 2,
        message: `REPORT RequestId: ${requestId}\tDuration: ${durationMs.toFixed(2)} ms\tBilled Duration: ${Math.ceil(durationMs)} ms\tMemory Size: ${fn.memoryMb} MB\tMax Memory Used: ${usedMb} MB\t${cold ? `Init Duration: ${(150 + random() * 200).toFixed(2)} ms\t` : ''}`,
      },
    );
  }
  const batches = [];
  for (let from = 0; from < events.length; from += BATCH_EVENTS) batches.push(events.slice(from, from + BATCH_EVENTS));
  return { batches, events: events.length };
}

/** A terminal that accepts everything and shows nothing: blessed renders into it exactly as into a real one. */
class NullTerminal extends Writable {
  isTTY = true;
  columns = 140;
  rows = 45;
  bytes = 0;
  _write(chunk, _encoding, done) {
    this.bytes += chunk.length;
    done();
  }
}

class NullKeyboard extends PassThrough {
  isTTY = true;
  isRaw = false;
  setRawMode(raw) {
    this.isRaw = raw;
    return this;
  }
}

/**
 * One session over every batch. `frameIntervalMs` an hour: the control, with one frame at the start and none after.
 * The longest pause between two batches taken is how long the reading ever waited on anything (a frame included).
 */
async function measureDashboard(batches, events, frameIntervalMs) {
  const input = new NullKeyboard();
  const output = new NullTerminal();
  let fedAtMs;
  let longestPauseMs = 0;
  const startedAtMs = performance.now();
  const source = {
    label: 'bench',
    clock: 'events',
    batches: (async function* () {
      let previous = performance.now();
      for (const events of batches) {
        yield { events };
        const nowMs = performance.now();
        longestPauseMs = Math.max(longestPauseMs, nowMs - previous);
        previous = nowMs;
      }
      fedAtMs = performance.now();
      // Quit once the last batch is in and one more frame had its chance: the frame counts include the end.
      setTimeout(() => input.write('q'), 400);
    })(),
  };
  const exit = await runDashboard({
    source,
    input,
    output,
    errorOutput: process.stderr,
    captured: [],
    processEvents: new PassThrough(),
    frameIntervalMs,
  });
  const seconds = ((fedAtMs ?? performance.now()) - startedAtMs) / 1000;
  return { eventsPerSecond: events / seconds, seconds, exit, bytes: output.bytes, longestPauseMs };
}

async function measureReport(batches, events) {
  const startedAtMs = performance.now();
  const collector = createReportCollector();
  for (const batch of batches) collector.push(batch, {});
  const { functions } = collector.finish();
  const seconds = (performance.now() - startedAtMs) / 1000;
  return { eventsPerSecond: events / seconds, invocations: functions.reduce((sum, fn) => sum + fn.invocations, 0) };
}

async function measureParse(batches, events) {
  const startedAtMs = performance.now();
  let reports = 0;
  for (const batch of batches) {
    for (const event of batch) if (parseLine(event.message).kind === 'report') reports += 1;
    await yieldToEventLoop();
  }
  const seconds = (performance.now() - startedAtMs) / 1000;
  return { eventsPerSecond: events / seconds, reports };
}

const median = (values) => values.toSorted((left, right) => left - right)[Math.floor(values.length / 2)];
const format = (value) => Math.round(value).toLocaleString('en-US');

const { batches, events } = generateBatches();
process.stdout.write(
  `${events.toLocaleString('en-US')} events (${INVOCATIONS.toLocaleString('en-US')} invocations), ${RUNS} runs each, median\n`,
);
const dashboardRuns = [];
const controlRuns = [];
const reportRuns = [];
const parseRuns = [];
for (let run = 0; run < RUNS; run += 1) {
  dashboardRuns.push(await measureDashboard(batches, events, 250));
  controlRuns.push(await measureDashboard(batches, events, 3_600_000));
  reportRuns.push(await measureReport(batches, events));
  parseRuns.push(await measureParse(batches, events));
}
const dashboard = median(dashboardRuns.map((entry) => entry.eventsPerSecond));
const control = median(controlRuns.map((entry) => entry.eventsPerSecond));
const report = median(reportRuns.map((entry) => entry.eventsPerSecond));
const parse = median(parseRuns.map((entry) => entry.eventsPerSecond));
const last = dashboardRuns.at(-1);
const { stats } = last.exit;
// Dropped: events never ingested, and invocations read but too old for the window.
const dropped = Math.max(
  ...dashboardRuns.map((entry) => events - entry.exit.stats.events + entry.exit.stats.droppedInvocations),
);
process.stdout.write(
  [
    `dashboard ingest while rendering: ${format(dashboard)} events/s (${last.seconds.toFixed(2)} s for the last run; target ≥ ${format(TARGET_EVENTS_PER_SECOND)})`,
    `  frames rendered ${stats.framesRendered}, skipped as identical ${stats.framesSkipped}; view + render ${(stats.renderMs / Math.max(1, stats.framesRendered + stats.framesSkipped)).toFixed(1)} ms a frame on average, slowest ${stats.slowestFrameMs.toFixed(1)} ms; ${format(last.bytes)} bytes drawn`,
    `  events ingested ${format(last.exit.stats.events)} of ${format(events)}; dropped ${dropped}; exit ${last.exit.reason}`,
    `  longest pause in the reading ${last.longestPauseMs.toFixed(1)} ms (frames are drawn between batches, never waited for)`,
    `control, the same session drawing one frame only: ${format(control)} events/s; rendering at 4 frames/s costs ${(100 * (1 - dashboard / control)).toFixed(1)} % of the ingest rate`,
    `peer, report collector (same parse and join, exact statistics, no screen): ${format(report)} events/s`,
    `peer, bare parseLine loop (the floor): ${format(parse)} events/s`,
    `ratio dashboard / report: ${(dashboard / report).toFixed(2)}; dashboard / parse floor: ${(dashboard / parse).toFixed(2)}`,
    dashboard >= TARGET_EVENTS_PER_SECOND && dropped === 0 ? 'target met' : 'TARGET MISSED',
    '',
  ].join('\n'),
);
