/**
 * One CloudWatch Logs event, however it reached lambdatop: a file, a pipe, FilterLogEvents, Live Tail,
 * or the local harness. Every source yields these; the parser reads only these.
 * Missing is missing: a file of raw lines has no group, stream, timestamp or id.
 */
export interface LogEvent {
  /** The event's text. May hold `\n` (a REPORT followed by its XRAY part arrives as one event). */
  readonly message: string;
  /** `/aws/lambda/<function>` or a custom group. */
  readonly logGroup?: string | undefined;
  /** One stream per execution environment: `YYYY/MM/DD/[$LATEST]<32 hex>`. */
  readonly logStream?: string | undefined;
  /** Event time, epoch milliseconds. */
  readonly timestampMs?: number | undefined;
  /** CloudWatch's event id; unique within a log group. Absent for Live Tail, files and pipes. */
  readonly eventId?: string | undefined;
  /** When CloudWatch ingested the event, epoch milliseconds. */
  readonly ingestionTimeMs?: number | undefined;
}
