import { describe, expect, it } from 'vitest';
import { createPeakRssReader } from '../../src/invocation/create-peak-rss-reader.js';

describe('createPeakRssReader', () => {
  it('reads on first use, shares a reading younger than the maximum age, and reads again once it is older', () => {
    let nowMs = 1000;
    const readings = [100, 150, 220];
    let reads = 0;
    const peakKb = createPeakRssReader(
      () => readings[reads++] ?? Number.NaN,
      () => nowMs,
      10,
    );
    expect(peakKb()).toBe(100);
    nowMs = 1009.9;
    expect(peakKb()).toBe(100);
    expect(reads).toBe(1);
    nowMs = 1010;
    expect(peakKb()).toBe(150);
    nowMs = 1025;
    expect(peakKb()).toBe(220);
    expect(reads).toBe(3);
  });
});
