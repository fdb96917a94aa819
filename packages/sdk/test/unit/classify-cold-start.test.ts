import { describe, expect, it } from 'vitest';
import { classifyColdStart, PROACTIVE_INIT_THRESHOLD_MS } from '../../src/cold-start/classify-cold-start.js';

describe('classifyColdStart', () => {
  const first = { initEndMs: 180, invokeStartMs: 250, alreadyClaimed: false };

  it.each([
    [undefined, true, 'on-demand'],
    ['', true, 'on-demand'],
    ['on-demand', true, 'on-demand'],
    ['provisioned-concurrency', false, 'provisioned-concurrency'],
    ['snap-start', false, 'snap-start'],
    ['lambda-managed-instances', false, 'lambda-managed-instances'],
  ])('first invocation with init type %j: coldStart=%s', (initializationType, coldStart, initType) => {
    const result = classifyColdStart({ ...first, initializationType });
    expect(result).toEqual({ coldStart, initType, proactiveInit: false, initDurationMs: 250, claims: true });
  });

  it('calls an init proactive when the first invocation came more than 10 s after it, and not cold', () => {
    const late = classifyColdStart({
      initializationType: 'on-demand',
      initEndMs: 400,
      invokeStartMs: 400 + PROACTIVE_INIT_THRESHOLD_MS + 1,
      alreadyClaimed: false,
    });
    expect(late.coldStart).toBe(false);
    expect(late.proactiveInit).toBe(true);
    expect(late.initDurationMs).toBe(400 + PROACTIVE_INIT_THRESHOLD_MS + 1);
    const justInTime = classifyColdStart({
      initializationType: 'on-demand',
      initEndMs: 400,
      invokeStartMs: 400 + PROACTIVE_INIT_THRESHOLD_MS,
      alreadyClaimed: false,
    });
    expect(justInTime).toMatchObject({ coldStart: true, proactiveInit: false });
  });

  it('a slow init that a caller waited for is still a cold start', () => {
    const slow = classifyColdStart({
      initializationType: undefined,
      initEndMs: 15_000,
      invokeStartMs: 15_010,
      alreadyClaimed: false,
    });
    expect(slow).toMatchObject({ coldStart: true, proactiveInit: false, initDurationMs: 15_010 });
  });

  it('every invocation after the claimed one is warm, with no init facts', () => {
    expect(classifyColdStart({ ...first, initializationType: undefined, alreadyClaimed: true })).toEqual({
      coldStart: false,
      initType: 'on-demand',
      proactiveInit: undefined,
      initDurationMs: undefined,
      claims: false,
    });
  });
});
