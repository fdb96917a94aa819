import { describe, expect, it } from 'vitest';
import {
  findDimensionNameProblem,
  findDimensionValueProblem,
  findMetricNameProblem,
  findMetricValueProblem,
  findNamespaceProblem,
  isEmfUnit,
} from '../../src/emf/emf-validation.js';

describe('findNamespaceProblem', () => {
  it.each([
    ['Shop', true],
    ['My App/Orders-1.2_#:x', true],
    ['a'.repeat(255), true],
    ['a'.repeat(256), false],
    ['', false],
    ['   ', false],
    [':Leading', false],
    ['Shop$', false],
    ['Shöp', false],
    [42, false],
  ])('%j valid=%s', (namespace, valid) => {
    expect(findNamespaceProblem(namespace) === undefined).toBe(valid);
  });
});

describe('findMetricNameProblem', () => {
  it.each([
    ['OrdersPlaced', true],
    ['latency p99 (ms)', true],
    ['Größe', true],
    ['x'.repeat(255), true],
    ['x'.repeat(256), false],
    ['', false],
    [' \t', false],
    ['tab\there', false],
    ['new\nline', false],
    [undefined, false],
  ])('%j valid=%s', (name, valid) => {
    expect(findMetricNameProblem(name) === undefined).toBe(valid);
  });
});

describe('findMetricValueProblem', () => {
  it.each([
    [0, true],
    [-0, true],
    [3.5, true],
    [-1e100, true],
    [2 ** 360, true],
    [2 ** -360, true],
    [2 ** 361, false],
    [2 ** -361, false],
    [Number.NaN, false],
    [Number.POSITIVE_INFINITY, false],
    ['3', false],
    [3n, false],
  ])('%s valid=%s', (value, valid) => {
    expect(findMetricValueProblem(value) === undefined).toBe(valid);
  });
});

describe('isEmfUnit', () => {
  it('accepts every CloudWatch unit and nothing else', () => {
    expect(isEmfUnit('Count')).toBe(true);
    expect(isEmfUnit('Bytes/Second')).toBe(true);
    expect(isEmfUnit('None')).toBe(true);
    expect(isEmfUnit('count')).toBe(false);
    expect(isEmfUnit('Milliseconds ')).toBe(false);
    expect(isEmfUnit(undefined)).toBe(false);
  });
});

describe('dimension names and values', () => {
  it.each([
    ['stage', true],
    ['x'.repeat(250), true],
    ['x'.repeat(251), false],
    [':stage', false],
    ['stäge', false],
    [' ', false],
  ])('name %j valid=%s', (name, valid) => {
    expect(findDimensionNameProblem(name) === undefined).toBe(valid);
  });

  it.each([
    ['prod', true],
    ['eu west 1', true],
    ['x'.repeat(1024), true],
    ['x'.repeat(1025), false],
    ['', false],
    ['   ', false],
    ['prød', false],
    ['line\nbreak', false],
    [7, false],
  ])('value %j valid=%s', (value, valid) => {
    expect(findDimensionValueProblem(value) === undefined).toBe(valid);
  });
});
