// mem-store.ts — a minimal growable ByteStore for @cdd/format's own tests (the published one is
// @cdd/store-memory, which depends on this package and so cannot be a dependency of its tests).
import type { ByteStore } from "../store.js";
import { CddError, Status } from "../errors.js";

export class TestStore implements ByteStore {
  data = new Uint8Array(0);
  writable = true;
  locked = false;
  reads = 0;

  static of(bytes: Uint8Array): TestStore {
    const s = new TestStore();
    s.data = bytes.slice();
    return s;
  }
  async read(offset: number, length: number): Promise<Uint8Array> {
    this.reads++;
    if (offset < 0 || offset + length > this.data.length) {
      throw new CddError(Status.IO, `read ${length} at ${offset} past ${this.data.length}`);
    }
    return this.data.slice(offset, offset + length);
  }
  async append(bytes: Uint8Array): Promise<number> {
    const at = this.data.length;
    await this.writeAt(at, bytes);
    return at;
  }
  async writeAt(offset: number, bytes: Uint8Array): Promise<void> {
    const end = Math.max(this.data.length, offset + bytes.length);
    if (end > this.data.length) {
      const next = new Uint8Array(end);
      next.set(this.data);
      this.data = next;
    }
    this.data.set(bytes, offset);
  }
  async size(): Promise<number> {
    return this.data.length;
  }
  async truncate(size: number): Promise<void> {
    const next = new Uint8Array(size);
    next.set(this.data.subarray(0, Math.min(size, this.data.length)));
    this.data = next;
  }
  async flush(): Promise<void> {}
  async close(): Promise<void> {}
  async lock(): Promise<void> {
    if (this.locked) throw new CddError(Status.LOCKED, "locked");
    this.locked = true;
  }
  async unlock(): Promise<void> {
    this.locked = false;
  }
}

/** Deterministic pseudo-random bytes (xorshift32). */
export function prng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}
