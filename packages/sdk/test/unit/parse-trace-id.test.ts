import { describe, expect, it } from 'vitest';
import { parseTraceId } from '../../src/trace/parse-trace-id.js';

describe('parseTraceId', () => {
  it.each([
    [
      'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
      '1-5759e988-bd862e3fe1be46a994272793',
    ],
    [
      'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0',
      '1-5759e988-bd862e3fe1be46a994272793',
    ],
    ['Parent=53995c3f42cd8ad8;Root=1-67891233-abcdef012345678912345678', '1-67891233-abcdef012345678912345678'],
    ['Root=1-67891233-abcdef012345678912345678', '1-67891233-abcdef012345678912345678'],
    ['1-67891233-abcdef012345678912345678', '1-67891233-abcdef012345678912345678'],
    ['Root=garbage;Sampled=1', undefined],
    ['Root=1-5759e988-bd862e3fe1be46a99427279";Sampled=1', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%j → %j', (header, id) => {
    expect(parseTraceId(header)).toBe(id);
    // A second call hits the one-entry cache and must agree.
    expect(parseTraceId(header)).toBe(id);
  });
});
