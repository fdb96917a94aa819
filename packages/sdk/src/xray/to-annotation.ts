// Segment document limits: https://docs.aws.amazon.com/xray/latest/devguide/xray-api-segmentdocuments.html#api-segmentdocuments-annotations
// and `annotations.patternProperties` in the segment document schema (test/fixtures/xray-segmentdocument-schema-v1.0.0.json).
export const MAX_ANNOTATION_KEY_LENGTH = 500;
export const MAX_ANNOTATION_VALUE_LENGTH = 1000;
/** X-Ray indexes at most 50 annotations per trace; the SDK's own two count. */
export const MAX_ANNOTATIONS = 50;

export type AnnotationValue = string | number | boolean;

export type Annotation =
  | { readonly key: string; readonly value: AnnotationValue; readonly problem?: undefined }
  | { readonly problem: string };

const NOT_KEY_CHARACTER = /[^A-Za-z0-9_]/g;

/** Cuts a string to `max` UTF-16 units without splitting a surrogate pair. */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/**
 * An annotation X-Ray accepts, or why not. Keys become `^[a-zA-Z0-9_]{1,500}$` (every other character turns into
 * `_`), strings are cut to 1000 characters; values must be strings, finite numbers or booleans. Pure.
 */
export function toAnnotation(key: unknown, value: unknown): Annotation {
  if (typeof key !== 'string' || key === '') return { problem: 'annotation key must be a non-empty string' };
  const safeKey = truncateText(key, MAX_ANNOTATION_KEY_LENGTH).replace(NOT_KEY_CHARACTER, '_');
  if (typeof value === 'string') return { key: safeKey, value: truncateText(value, MAX_ANNOTATION_VALUE_LENGTH) };
  if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) {
    return { key: safeKey, value };
  }
  return { problem: `annotation ${JSON.stringify(safeKey)} must be a string, a finite number or a boolean` };
}
