import { EMF_UNITS, type EmfUnit } from '../catalog.js';
import {
  DIMENSION_TEXT_PATTERN,
  MAX_DIMENSION_NAME_LENGTH,
  MAX_DIMENSION_VALUE_LENGTH,
  MAX_METRIC_NAME_LENGTH,
  MAX_NAMESPACE_LENGTH,
  MAX_VALUE_MAGNITUDE,
  MIN_NONZERO_VALUE_MAGNITUDE,
  NAMESPACE_PATTERN,
} from './emf-limits.js';

/** Each `find…Problem` returns undefined when the input is valid, else a sentence saying what is wrong. */

const UNITS: ReadonlySet<string> = new Set(EMF_UNITS);
// Control characters survive JSON escaping but no CloudWatch console or query shows them sensibly.
function hasControlCharacter(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
const NON_SPACE = /\S/;

export function findNamespaceProblem(namespace: unknown): string | undefined {
  if (typeof namespace !== 'string') return `namespace must be a string, got ${typeof namespace}`;
  if (namespace.length > MAX_NAMESPACE_LENGTH) return `namespace is longer than ${MAX_NAMESPACE_LENGTH} characters`;
  if (!NAMESPACE_PATTERN.test(namespace) || namespace.startsWith(':')) {
    return `namespace ${JSON.stringify(namespace)} must use only letters, digits, spaces and . _ # : / - (not starting with ':')`;
  }
  return undefined;
}

export function findMetricNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string') return `metric name must be a string, got ${typeof name}`;
  if (name.length === 0 || !NON_SPACE.test(name)) return 'metric name is empty';
  if (name.length > MAX_METRIC_NAME_LENGTH) return `metric name is longer than ${MAX_METRIC_NAME_LENGTH} characters`;
  if (hasControlCharacter(name)) return `metric name ${JSON.stringify(name)} contains control characters`;
  return undefined;
}

export function findMetricValueProblem(value: unknown): string | undefined {
  if (typeof value !== 'number') return `metric value must be a number, got ${typeof value}`;
  if (!Number.isFinite(value)) return `metric value ${String(value)} is not finite`;
  const magnitude = Math.abs(value);
  if (magnitude > MAX_VALUE_MAGNITUDE || (magnitude !== 0 && magnitude < MIN_NONZERO_VALUE_MAGNITUDE)) {
    return `metric value ${value} is outside CloudWatch's range (2^-360 to 2^360)`;
  }
  return undefined;
}

export function isEmfUnit(unit: unknown): unit is EmfUnit {
  return typeof unit === 'string' && UNITS.has(unit);
}

export function findDimensionNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string') return `dimension name must be a string, got ${typeof name}`;
  if (name.length > MAX_DIMENSION_NAME_LENGTH)
    return `dimension name is longer than ${MAX_DIMENSION_NAME_LENGTH} characters`;
  if (!DIMENSION_TEXT_PATTERN.test(name) || name.startsWith(':')) {
    return `dimension name ${JSON.stringify(name)} must be printable ASCII with a non-space character, not starting with ':'`;
  }
  return undefined;
}

export function findDimensionValueProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return `dimension value must be a string, got ${typeof value}`;
  if (value.length > MAX_DIMENSION_VALUE_LENGTH)
    return `dimension value is longer than ${MAX_DIMENSION_VALUE_LENGTH} characters`;
  if (!DIMENSION_TEXT_PATTERN.test(value)) {
    return `dimension value ${JSON.stringify(value)} must be printable ASCII with a non-space character`;
  }
  return undefined;
}
