import type { Instrument } from '../instrument/instrument.js';
import { createTracingInstrument } from './create-tracing-instrument.js';

/** X-Ray and OpenTelemetry, decided per invocation; one per process, shared by every wrapped handler and middleware. */
export const PROCESS_INSTRUMENTS: readonly Instrument[] = [createTracingInstrument()];
