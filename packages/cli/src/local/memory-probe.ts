import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Reads a worker's memory from Linux procfs, the way Lambda reports it: the peak resident set size.
 * https://man7.org/linux/man-pages/man5/proc_pid_status.5.html
 */

/**
 * `peak-rss`: VmHWM, the kernel's own high-water mark, reset per invocation through clear_refs.
 * `sampled-rss`: the highest VmRSS seen while polling, when clear_refs is refused (it may miss short peaks).
 */
export type MemoryMeasurement = 'peak-rss' | 'sampled-rss';

export interface MemoryProbe {
  measurement(): MemoryMeasurement;
  /** Starts a new peak (an invocation begins). */
  reset(): void;
  /** The peak in KiB since the last reset, polling once more; undefined when the process is gone. */
  sampleKib(): number | undefined;
}

/** A `Vm…:   1234 kB` field of /proc/<pid>/status, in KiB. */
export function parseProcStatusKib(statusText: string, field: 'VmHWM' | 'VmRSS'): number | undefined {
  const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB$`, 'm').exec(statusText);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** Whole MB as Lambda prints Max Memory Used; a started megabyte counts. */
export function toMemoryUsedMb(kib: number): number {
  return Math.ceil(kib / 1024);
}

/** Writing 5 to clear_refs resets VmHWM to the current RSS (Linux ≥ 4.0). */
const RESET_PEAK_RSS = '5';

export function createMemoryProbe(pid: number): MemoryProbe {
  let measurement: MemoryMeasurement = 'peak-rss';
  let sampledPeakKib: number | undefined;

  const readStatus = (): string | undefined => {
    try {
      return readFileSync(`/proc/${pid}/status`, 'utf8');
    } catch {
      return undefined;
    }
  };

  return {
    measurement: () => measurement,
    reset() {
      sampledPeakKib = undefined;
      if (measurement === 'sampled-rss') return;
      try {
        writeFileSync(`/proc/${pid}/clear_refs`, RESET_PEAK_RSS);
      } catch {
        // Refused (no procfs write access, or not Linux): fall back to polling RSS for this worker's life.
        measurement = 'sampled-rss';
      }
    },
    sampleKib() {
      const status = readStatus();
      if (status === undefined) return sampledPeakKib;
      const field = measurement === 'peak-rss' ? 'VmHWM' : 'VmRSS';
      const kib = parseProcStatusKib(status, field);
      if (kib === undefined) return sampledPeakKib;
      sampledPeakKib = Math.max(sampledPeakKib ?? 0, kib);
      return sampledPeakKib;
    },
  };
}
