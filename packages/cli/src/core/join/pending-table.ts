import type { PendingInvocation } from './pending-invocation.js';
import { hashRequestId } from './request-hash.js';

const EMPTY = 0;
const OPEN = 1;
/** A completed id, remembered so a repeated line is recognised (the `null` of `get`). */
const TOMBSTONE = 2;
/** A forgotten entry: free for an insert, passed over by a probe. */
const DELETED = 3;
const FIRST_CAPACITY = 64;
const FIRST_ORDER_CAPACITY = 1024;

/**
 * Open invocations by request id, and completed ones as `null` tombstones, in an open-addressing table keyed by
 * `hashRequestId` (linear probing over typed arrays: a probe that misses, as every START's does, reads two small
 * arrays and no string). At most `window` tombstones are kept; the oldest are forgotten first, in the order their ids
 * were added (as a Map's insertion order would have it).
 */
export class PendingTable {
  #mask = FIRST_CAPACITY - 1;
  #states = new Uint8Array(FIRST_CAPACITY);
  #hashes = new Int32Array(FIRST_CAPACITY);
  #ids: (string | undefined)[] = new Array<string | undefined>(FIRST_CAPACITY).fill(undefined);
  #values: (PendingInvocation | undefined)[] = new Array<PendingInvocation | undefined>(FIRST_CAPACITY).fill(undefined);
  /** Slots not EMPTY: what bounds a probe's length. */
  #filled = 0;
  // The entries in the order they were added, in a ring from #head to #tail: each one's slot, and whether its id is a
  // real request id. Forgetting walks these. A slot keeps its id until the walk forgets it (a rehash moves both).
  #orderSlots = new Int32Array(FIRST_ORDER_CAPACITY);
  #orderKnown = new Uint8Array(FIRST_ORDER_CAPACITY);
  #orderMask = FIRST_ORDER_CAPACITY - 1;
  #head = 0;
  #tail = 0;
  #live = 0;
  #tombstones = 0;
  #added = 0;

  constructor(readonly window: number) {}

  /** The open invocation, `null` when the id was completed within the window, undefined when never seen. */
  get(requestId: string, hash: number = hashRequestId(requestId)): PendingInvocation | null | undefined {
    const slot = this.#find(requestId, hash);
    if (slot === -1) return undefined;
    return this.#states[slot] === OPEN ? this.#values[slot] : null;
  }

  /** Adds an invocation whose id has no entry (the joiner adds only after `get` found none). */
  add(invocation: PendingInvocation): void {
    if ((this.#filled + 1) * 2 > this.#states.length) this.#rehash();
    const hash = invocation.requestHash;
    const mask = this.#mask;
    const states = this.#states;
    let slot = hash & mask;
    while (states[slot] === OPEN || states[slot] === TOMBSTONE) slot = (slot + 1) & mask;
    if (states[slot] === EMPTY) this.#filled += 1;
    states[slot] = OPEN;
    this.#hashes[slot] = hash;
    this.#ids[slot] = invocation.requestId;
    this.#values[slot] = invocation;
    invocation.tableSlot = slot;
    invocation.addedAt = this.#added;
    this.#added += 1;
    if (this.#tail - this.#head > this.#orderMask) this.#growOrder();
    this.#orderSlots[this.#tail & this.#orderMask] = slot;
    this.#orderKnown[this.#tail & this.#orderMask] = invocation.requestIdKnown ? 1 : 0;
    this.#tail += 1;
    this.#live += 1;
  }

  /**
   * Whether `invocation` is the open one for its id: not completed yet. An id's open invocation is never replaced (a
   * second one is only added after a miss), so this needs no lookup.
   */
  holds(invocation: PendingInvocation): boolean {
    return !invocation.retired;
  }

  /** Completes an invocation: a known id leaves a tombstone, a synthetic one leaves nothing. */
  retire(invocation: PendingInvocation): void {
    invocation.retired = true;
    this.#live -= 1;
    const slot = invocation.tableSlot;
    this.#values[slot] = undefined;
    if (!invocation.requestIdKnown) {
      this.#delete(slot);
      return;
    }
    this.#states[slot] = TOMBSTONE;
    this.#tombstones += 1;
    if (this.#tombstones > this.window) this.#forgetOldest();
  }

  get live(): number {
    return this.#live;
  }

  /** The open invocations in the order they were added, as a snapshot (completing them while iterating is safe). */
  open(): PendingInvocation[] {
    const open: PendingInvocation[] = [];
    const states = this.#states;
    for (let slot = 0; slot < states.length; slot += 1) {
      if (states[slot] === OPEN) open.push(this.#values[slot] as PendingInvocation);
    }
    return open.sort((left, right) => left.addedAt - right.addedAt);
  }

  #find(requestId: string, hash: number): number {
    const mask = this.#mask;
    const states = this.#states;
    const hashes = this.#hashes;
    let slot = hash & mask;
    for (;;) {
      const state = states[slot];
      if (state === EMPTY) return -1;
      if (state !== DELETED && hashes[slot] === hash && this.#ids[slot] === requestId) return slot;
      slot = (slot + 1) & mask;
    }
  }

  /**
   * Frees a slot. A probe stops at the first EMPTY slot, so DELETED ones just before an EMPTY one are no longer passed
   * over by any probe: they become EMPTY too (at the low load kept, most are), and rehashing is rarely needed.
   */
  #delete(slot: number): void {
    const states = this.#states;
    const mask = this.#mask;
    states[slot] = DELETED;
    this.#ids[slot] = undefined;
    if (states[(slot + 1) & mask] !== EMPTY) return;
    let at = slot;
    while (states[at] === DELETED) {
      states[at] = EMPTY;
      this.#filled -= 1;
      at = (at - 1) & mask;
    }
  }

  /** A table sized for what it holds now (open ids and tombstones at most a third of it), without DELETED slots. */
  #rehash(): void {
    const states = this.#states;
    const hashes = this.#hashes;
    const ids = this.#ids;
    const values = this.#values;
    let capacity = FIRST_CAPACITY;
    while (capacity < (this.#live + this.#tombstones + 1) * 3) capacity *= 2;
    const mask = capacity - 1;
    this.#mask = mask;
    this.#states = new Uint8Array(capacity);
    this.#hashes = new Int32Array(capacity);
    this.#ids = new Array<string | undefined>(capacity).fill(undefined);
    this.#values = new Array<PendingInvocation | undefined>(capacity).fill(undefined);
    this.#filled = 0;
    const moved = new Int32Array(states.length);
    for (let old = 0; old < states.length; old += 1) {
      const state = states[old] as number;
      if (state !== OPEN && state !== TOMBSTONE) continue;
      const hash = hashes[old] as number;
      let slot = hash & mask;
      while (this.#states[slot] !== EMPTY) slot = (slot + 1) & mask;
      moved[old] = slot;
      this.#states[slot] = state;
      this.#hashes[slot] = hash;
      this.#ids[slot] = ids[old];
      const value = values[old];
      this.#values[slot] = value;
      if (value !== undefined) value.tableSlot = slot;
      this.#filled += 1;
    }
    const orderSlots = this.#orderSlots;
    const orderMask = this.#orderMask;
    for (let index = this.#head; index < this.#tail; index += 1) {
      orderSlots[index & orderMask] = moved[orderSlots[index & orderMask] as number] as number;
    }
  }

  #growOrder(): void {
    const count = this.#tail - this.#head;
    const slots = new Int32Array(this.#orderSlots.length * 2);
    const known = new Uint8Array(slots.length);
    for (let index = 0; index < count; index += 1) {
      const from = (this.#head + index) & this.#orderMask;
      slots[index] = this.#orderSlots[from] as number;
      known[index] = this.#orderKnown[from] as number;
    }
    this.#orderSlots = slots;
    this.#orderKnown = known;
    this.#orderMask = slots.length - 1;
    this.#head = 0;
    this.#tail = count;
  }

  /** Forgets the oldest tombstones, in the order their ids were added, until half the window is left. */
  #forgetOldest(): void {
    const slots = this.#orderSlots;
    const known = this.#orderKnown;
    const mask = this.#orderMask;
    const states = this.#states;
    const kept: number[] = [];
    let index = this.#head;
    for (; index < this.#tail && this.#tombstones > this.window / 2; index += 1) {
      // A synthetic id is never a tombstone (it leaves the table when completed), so its place does not matter.
      if (known[index & mask] === 0) continue;
      const slot = slots[index & mask] as number;
      if (states[slot] === TOMBSTONE) {
        this.#delete(slot);
        this.#tombstones -= 1;
      } else {
        kept.push(index);
      }
    }
    // The open ones walked over keep their places, just before the rest.
    let write = index;
    for (let at = kept.length - 1; at >= 0; at -= 1) {
      write -= 1;
      const from = (kept[at] as number) & mask;
      slots[write & mask] = slots[from] as number;
      known[write & mask] = known[from] as number;
    }
    this.#head = write;
  }
}
