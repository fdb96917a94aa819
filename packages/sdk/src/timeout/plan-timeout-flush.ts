/** Lumigo's margin: a tenth of the remaining time, at least 500 ms and at most 3 s. */
export const MIN_AUTO_MARGIN_MS = 500;
export const MAX_AUTO_MARGIN_MS = 3000;
export const AUTO_MARGIN_FRACTION = 0.1;
/** With less than the margin left at the start, flush when this share of what remains has passed. */
export const SHORT_DEADLINE_FRACTION = 0.5;
/** Below this much time a flush cannot finish before the kill; skip it rather than race it. */
export const MIN_FLUSH_DELAY_MS = 10;

export type TimeoutFlushPlan =
  | { readonly kind: 'flush'; readonly delayMs: number; readonly marginMs: number }
  | { readonly kind: 'skip'; readonly reason: string };

/**
 * When to write what an invocation has recorded before Lambda kills it. Pure: `remainingMs` comes from
 * `context.getRemainingTimeInMillis()`, `configuredMarginMs` from the options (undefined: the automatic margin).
 */
export function planTimeoutFlush(remainingMs: unknown, configuredMarginMs: number | undefined): TimeoutFlushPlan {
  if (typeof remainingMs !== 'number' || !Number.isFinite(remainingMs) || remainingMs <= 0) {
    return { kind: 'skip', reason: 'the context gives no remaining time' };
  }
  const marginMs =
    configuredMarginMs ??
    Math.max(MIN_AUTO_MARGIN_MS, Math.min(remainingMs * AUTO_MARGIN_FRACTION, MAX_AUTO_MARGIN_MS));
  if (remainingMs > marginMs) return { kind: 'flush', delayMs: Math.floor(remainingMs - marginMs), marginMs };
  const delayMs = Math.floor(remainingMs * SHORT_DEADLINE_FRACTION);
  if (delayMs < MIN_FLUSH_DELAY_MS) return { kind: 'skip', reason: `only ${remainingMs} ms remain` };
  return { kind: 'flush', delayMs, marginMs: remainingMs - delayMs };
}
