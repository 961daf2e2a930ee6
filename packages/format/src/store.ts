// store.ts — ByteStore, the interface the Reader and Writer use to reach bytes (memory, file, or anything
// positional). All methods are async so stores may do real I/O; implementations: @cdd/store-memory,
// @cdd/store-file.

export interface ByteStore {
  /**
   * Reads exactly `length` bytes at `offset`. Reading past the end is a CddError IO naming the range.
   * The result may be a view into the store's own memory: callers must not write to it.
   */
  read(offset: number, length: number): Promise<Uint8Array>;
  /** Appends bytes at the end; returns the offset they were written at. */
  append(bytes: Uint8Array): Promise<number>;
  /** Writes bytes at `offset` (may extend the store). */
  writeAt(offset: number, bytes: Uint8Array): Promise<void>;
  /** Current size in bytes. */
  size(): Promise<number>;
  /** Cuts (or zero-extends) the store to `size` bytes. Used by append-mode repair (spec §6.1). */
  truncate(size: number): Promise<void>;
  /** Makes previous writes durable (`sync`: also fsync, where the store has a disk). */
  flush(sync?: boolean): Promise<void>;
  /** Releases the store (and its lock, if held). Further calls fail with CddError STATE. */
  close(): Promise<void>;
  /** Takes the single-writer lock; CddError LOCKED if another writer holds it. Optional. */
  lock?(): Promise<void>;
  /** Releases the single-writer lock. Optional. */
  unlock?(): Promise<void>;
  /** Whether the store accepts writes. */
  readonly writable: boolean;
}
