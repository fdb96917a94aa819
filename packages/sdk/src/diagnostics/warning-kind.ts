/**
 * Every way the SDK can fail quietly. Each kind is counted and reported once per process as one warning line,
 * so a handler that adds a bad metric a million times writes one line, not a million.
 */
export const WARNING_KINDS = [
  'invalid-metric-name',
  'invalid-metric-value',
  'invalid-unit',
  'invalid-storage-resolution',
  'metric-conflict',
  'reserved-key',
  'invalid-property',
  'invalid-timestamp',
  'values-limit',
  'property-limit',
  'document-too-large',
  'outside-invocation',
  'invalid-environment',
  'stdout-write-failed',
  'agent-send-failed',
  'instrument-failed',
  'invalid-annotation',
  'invalid-metadata',
  'trace-limit',
  'trace-send-failed',
  'trace-flush-failed',
  'trace-flush-timeout',
  'tracing-unavailable',
  'sdk-internal-error',
] as const;

export type WarningKind = (typeof WARNING_KINDS)[number];

/** Why one input was refused; the caller decides whether to count it. */
export interface Rejection {
  readonly kind: WarningKind;
  readonly detail: string;
}
