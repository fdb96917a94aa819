import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PendingInvocation } from '../../src/core/join/pending-invocation.js';
import { PendingTable } from '../../src/core/join/pending-table.js';
import { hashRequestId } from '../../src/core/join/request-hash.js';

/** The table as it was first written: forgetting walks the Map itself, oldest first. The reference for the order. */
class MapWalkTable {
  readonly entries = new Map<string, PendingInvocation | null>();
  tombstones = 0;
  constructor(readonly window: number) {}
  add(invocation: PendingInvocation): void {
    this.entries.set(invocation.requestId, invocation);
  }
  retire(invocation: PendingInvocation): void {
    if (!invocation.requestIdKnown) {
      this.entries.delete(invocation.requestId);
      return;
    }
    this.entries.set(invocation.requestId, null);
    this.tombstones += 1;
    if (this.tombstones <= this.window) return;
    for (const [requestId, entry] of this.entries) {
      if (this.tombstones <= this.window / 2) return;
      if (entry === null) {
        this.entries.delete(requestId);
        this.tombstones -= 1;
      }
    }
  }
}

type Step =
  | { readonly kind: 'add'; readonly id: number; readonly known: boolean }
  | { readonly kind: 'retire'; readonly pick: number; readonly from: 'newest' | 'oldest' | 'any' };

const steps = fc.array(
  fc.oneof(
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('add' as const), id: fc.nat(40), known: fc.boolean() }) },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('retire' as const),
        pick: fc.nat(),
        // Completing the newest first leaves old invocations open at the front, which forgetting must walk over.
        from: fc.constantFrom('newest' as const, 'newest' as const, 'oldest' as const, 'any' as const),
      }),
    },
  ),
  { maxLength: 400 },
);

describe('PendingTable (property)', () => {
  it('forgets exactly the tombstones the Map walk forgot, in the same order, and keeps open ids', () => {
    fc.assert(
      // `buckets` 1 makes every id's hash the same: each probe then walks past all the others (collision checks).
      fc.property(steps, fc.integer({ min: 1, max: 8 }), fc.constantFrom(0, 1, 3), (plan: Step[], window, buckets) => {
        const table = new PendingTable(window);
        const model = new MapWalkTable(window);
        const open: PendingInvocation[] = [];
        let synthetic = 0;
        for (const step of plan) {
          if (step.kind === 'add') {
            // As the joiner does: a known id is added only when the table has no entry for it.
            if (!step.known) synthetic += 1;
            const requestId = step.known ? `id-${step.id}` : `#${synthetic}`;
            if (
              table.get(requestId, buckets === 0 ? hashRequestId(requestId) : requestId.length % buckets) !== undefined
            ) {
              continue;
            }
            const hash = buckets === 0 ? hashRequestId(requestId) : requestId.length % buckets;
            const invocation = new PendingInvocation(requestId, step.known, undefined, undefined, undefined, 0, hash);
            table.add(invocation);
            model.add(invocation);
            open.push(invocation);
          } else if (open.length > 0) {
            const at = step.from === 'newest' ? open.length - 1 : step.from === 'oldest' ? 0 : step.pick % open.length;
            const [invocation] = open.splice(at, 1) as [PendingInvocation];
            table.retire(invocation);
            model.retire(invocation);
          }
          for (let id = 0; id <= 40; id += 1) {
            const requestId = `id-${id}`;
            const hash = buckets === 0 ? hashRequestId(requestId) : requestId.length % buckets;
            expect(table.get(requestId, hash)).toBe(model.entries.get(requestId));
          }
        }
        expect(table.live).toBe(open.length);
        expect(new Set(table.open())).toEqual(new Set(open));
      }),
      { numRuns: 600 },
    );
  });

  it('agrees with the Map walk over a long run whose order ring wraps, grows and compacts (seeded)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 3, max: 900 }), (seed, window) => {
        let state = seed >>> 0;
        const random = (): number => {
          state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
          return state / 4294967296;
        };
        const table = new PendingTable(window);
        const model = new MapWalkTable(window);
        const open: PendingInvocation[] = [];
        let next = 0;
        for (let step = 0; step < 12_000; step += 1) {
          // Mostly one add and one retire a step (a steady stream), with bursts of opens that stay open for long.
          if (open.length < 2 || random() < (open.length > 600 ? 0.3 : 0.55)) {
            const known = random() > 0.05;
            const requestId = known ? `id-${next}` : `#${next}`;
            next += 1;
            const invocation = new PendingInvocation(requestId, known, undefined, undefined, undefined, 0);
            table.add(invocation);
            model.add(invocation);
            open.push(invocation);
          } else {
            const at = random() < 0.8 ? 0 : Math.floor(random() * open.length);
            const [invocation] = open.splice(at, 1) as [PendingInvocation];
            table.retire(invocation);
            model.retire(invocation);
          }
        }
        for (let id = 0; id < next; id += 1) {
          expect(table.get(`id-${id}`)).toBe(model.entries.get(`id-${id}`));
        }
        expect(new Set(table.open())).toEqual(new Set(open));
      }),
      { numRuns: 12 },
    );
  });
});
