// index.ts — @cdd/store-memory: MemoryStore, an in-memory ByteStore for @cdd/format; growable, or over an
// existing Uint8Array (read-only wrap, or a writable copy).
import { type ByteStore, CddError, Status } from "@cdd/format";

export class MemoryStore implements ByteStore {
  private buf: Uint8Array;
  private len: number;
  private closed = false;
  private locked = false;
  readonly writable: boolean;

  private constructor(buf: Uint8Array, len: number, writable: boolean) {
    this.buf = buf;
    this.len = len;
    this.writable = writable;
  }

  /** An empty growable store. */
  static create(initialCapacity = 64 * 1024): MemoryStore {
    return new MemoryStore(new Uint8Array(initialCapacity), 0, true);
  }
  /** A read-only store over `bytes` (not copied: the caller must not change them while it is used). */
  static wrap(bytes: Uint8Array): MemoryStore {
    return new MemoryStore(bytes, bytes.length, false);
  }
  /** A growable store starting with a copy of `bytes`. */
  static copy(bytes: Uint8Array): MemoryStore {
    const s = MemoryStore.create(Math.max(bytes.length, 1024));
    s.buf.set(bytes);
    s.len = bytes.length;
    return s;
  }

  /** The current contents (a view: valid until the next write). */
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    this.checkOpen();
    if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0 || offset + length > this.len) {
      throw new CddError(Status.IO, `read of ${length} bytes at ${offset} past the end of a ${this.len}-byte memory store`);
    }
    return this.buf.subarray(offset, offset + length);
  }

  async append(bytes: Uint8Array): Promise<number> {
    const at = this.len;
    await this.writeAt(at, bytes);
    return at;
  }

  async writeAt(offset: number, bytes: Uint8Array): Promise<void> {
    this.checkWritable();
    if (!Number.isInteger(offset) || offset < 0) throw new CddError(Status.INVALID_ARGUMENT, `write offset ${offset}`);
    const end = offset + bytes.length;
    this.ensure(end);
    if (offset > this.len) this.buf.fill(0, this.len, offset);
    this.buf.set(bytes, offset);
    this.len = Math.max(this.len, end);
  }

  async size(): Promise<number> {
    this.checkOpen();
    return this.len;
  }

  async truncate(size: number): Promise<void> {
    this.checkWritable();
    if (!Number.isInteger(size) || size < 0) throw new CddError(Status.INVALID_ARGUMENT, `truncate to ${size}`);
    this.ensure(size);
    if (size > this.len) this.buf.fill(0, this.len, size);
    this.len = size;
  }

  async flush(): Promise<void> {
    this.checkOpen();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.locked = false;
  }

  /** The single-writer lock of this store object (two writers on one MemoryStore: the second is LOCKED). */
  async lock(): Promise<void> {
    this.checkWritable();
    if (this.locked) throw new CddError(Status.LOCKED, "memory store: another writer holds the store");
    this.locked = true;
  }

  async unlock(): Promise<void> {
    this.locked = false;
  }

  private ensure(size: number): void {
    if (size <= this.buf.length) return;
    const next = new Uint8Array(Math.max(size, this.buf.length * 2, 1024));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  private checkOpen(): void {
    if (this.closed) throw new CddError(Status.STATE, "memory store is closed");
  }

  private checkWritable(): void {
    this.checkOpen();
    if (!this.writable) throw new CddError(Status.STATE, "memory store is read-only (wrapped bytes)");
  }
}
