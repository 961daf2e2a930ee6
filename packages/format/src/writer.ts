// writer.ts — Writer: creates a CDD file or opens one to append (repairing an interrupted tail, spec §6.1),
// cuts appended rows into chunks (fixed rows or adaptive to a stored-size target) and commits each chunk
// in the exact order of spec §6: frame, slot, then the block's other commit record (the commit point).
import { ChunkIndex, walkChain } from "./chain.js";
import { type ChunkCodec, type ChunkDesc, CodecRegistry } from "./codec.js";
import {
  ChunkType,
  DOWN_CAST_MASK,
  type Dtype,
  Flag,
  IndexType,
  MAX_DECODED_CHUNK_BYTES,
  MAX_GROWN_INDEX_CAPACITY,
  RECORD_A_OFFSET,
  RECORD_B_OFFSET,
  STAGE_MASK,
  dtypeSize,
} from "./constants.js";
import { setU64Number, view } from "./bytes.js";
import { buildFrame, checkChunkFlags, parseFrameHeader, verifyFrame } from "./chunk-frame.js";
import { CddError, Status } from "./errors.js";
import { type BlobCompressor, readHeader, serializeHeader } from "./header.js";
import { type Hash128Fn, blake3_128 } from "./hash.js";
import {
  COMMIT_SEGMENT_SLOTS,
  type IndexBlock,
  commitRecordBytes,
  rawSlotOffsets,
  segmentDigest,
  serializeRawIndexBlock,
} from "./index-block.js";
import { type ArrayMeta, META_DEFAULTS, validateMeta } from "./metadata.js";
import type { ByteStore } from "./store.js";
import { asBytes } from "./typed-array.js";
import { PACKAGE_VERSION } from "./version.js";

export interface WriterCommonOptions {
  /** Codecs (default: RAW only). */
  registry?: CodecRegistry;
  /** BLAKE3-128 implementation (default: the registry's, else pure JS). */
  hash?: Hash128Fn;
  /** fsync after writing each frame and after each commit. */
  sync?: boolean;
}

export interface WriterOptions extends WriterCommonOptions {
  dtype: Dtype;
  rowShape: readonly number[];
  /** Default chunk type (default RAW, the one codec built into @cdd/format). */
  codec?: number;
  /** zstd level / LZ4 level (1–2 fast, 3–12 LZ4HC, −a fast with acceleration a; default 3 for a ZSTD stage, 1 for LZ4, 0 otherwise). */
  level?: number;
  /** Stage and down-cast flags (LZ4/ZSTD/DOWN_CAST_*); LITTLE_ENDIAN is added. Default: ZSTD for the
   * codecs that need a stage (ZSTD, SHUFFLE, DELTA, order-book), LZ4 for LZ4, none for RAW. */
  codecFlags?: bigint;
  /** Adaptive chunking target of stored bytes per chunk (default 4096; ignored when chunkRows > 0). */
  chunkTargetBytes?: number;
  /** Fixed rows per chunk (default 0 = adaptive). */
  chunkRows?: number;
  /** Slots of index block 0 (default 1024). */
  indexCapacity?: number;
  userMeta?: Uint8Array;
  codecParams?: Uint8Array;
  /** The metadata's writer string (default "@cdd/format <version>"). */
  writerName?: string;
  /** Compressor of METADATA/USER_META (default: zstd frames of Raw blocks, no native code). */
  compressBlob?: BlobCompressor;
}

function defaultStage(codec: number): bigint {
  if (codec === ChunkType.RAW) return 0n;
  if (codec === ChunkType.LZ4) return Flag.LZ4;
  return Flag.ZSTD;
}

/** The open (last) index block as the writer maintains it. */
interface OpenBlock {
  offset: number;
  capacity: number;
  count: number;
  seq: number;
  /** 0 = record A is current, 1 = B. */
  current: 0 | 1;
  offs: Uint8Array;
  rows: Uint8Array;
  /** Cached digests of the block's full 256-slot segments (§4.1). */
  digests: Uint8Array[];
}

export class Writer {
  private pending: Uint8Array;
  private pendingRows = 0;
  private committed: number;
  private rowsPerChunk: number;
  private closed = false;
  /** Set when a write or sync failed mid-commit: the writer then refuses further work (see fail()). */
  private failed: string | undefined;
  private readonly rowBytes: number;
  private readonly elemSize: number;
  private readonly rowElems: number;
  private readonly codecImpl: ChunkCodec;
  private readonly maxChunkRows: number;
  /** Flags of every chunk: the metadata's default flags plus LITTLE_ENDIAN (§5.3). */
  private readonly chunkFlags: bigint;

  private constructor(
    private readonly store: ByteStore,
    readonly meta: ArrayMeta,
    private block: OpenBlock,
    private blockNo: number,
    private end: number,
    committedRows: number,
    private readonly registry: CodecRegistry,
    private readonly hash: Hash128Fn,
    private readonly sync: boolean,
  ) {
    this.elemSize = dtypeSize(meta.dtype);
    this.rowElems = meta.rowShape.reduce((a, b) => a * b, 1);
    this.rowBytes = this.elemSize * this.rowElems;
    this.committed = committedRows;
    this.maxChunkRows = Math.max(1, Math.min(0xffffffff, Math.floor(MAX_DECODED_CHUNK_BYTES / this.rowBytes)));
    this.rowsPerChunk =
      meta.chunkRows > 0
        ? meta.chunkRows
        : Math.min(this.maxChunkRows, Math.max(1, Math.floor(meta.chunkTargetBytes / this.rowBytes)));
    this.pending = new Uint8Array(Math.min(this.rowsPerChunk, 4096) * this.rowBytes);
    this.chunkFlags = meta.codecFlags | Flag.LITTLE_ENDIAN;
    checkChunkFlags(meta.codec, meta.dtype, this.chunkFlags, "writer options");
    this.codecImpl = registry.resolve(meta.codec, meta.dtype, meta.rowShape, this.chunkFlags);
  }

  /** Creates (truncates) the store's file: header and index block 0 with a valid empty record A. */
  static async create(store: ByteStore, opts: WriterOptions): Promise<Writer> {
    const codec = opts.codec ?? ChunkType.RAW;
    const stage = opts.codecFlags ?? defaultStage(codec);
    if ((stage & ~(STAGE_MASK | DOWN_CAST_MASK)) !== 0n) {
      throw new CddError(Status.INVALID_ARGUMENT, `codecFlags 0x${stage.toString(16)}: only LZ4/ZSTD/DOWN_CAST_* may be given`);
    }
    const meta: ArrayMeta = {
      dtype: opts.dtype,
      rowShape: [...opts.rowShape],
      codec,
      codecLevel: opts.level ?? ((stage & Flag.ZSTD) !== 0n ? 3 : (stage & Flag.LZ4) !== 0n ? 1 : 0),
      codecFlags: stage, // stored without LITTLE_ENDIAN, as the reference writer does; chunks add it
      chunkTargetBytes: (opts.chunkRows ?? 0) > 0 ? 0 : (opts.chunkTargetBytes ?? META_DEFAULTS.chunkTargetBytes),
      chunkRows: opts.chunkRows ?? META_DEFAULTS.chunkRows,
      indexCapacity: opts.indexCapacity ?? META_DEFAULTS.indexCapacity,
      writer: opts.writerName ?? `@cdd/format ${PACKAGE_VERSION}`,
      ...(opts.codecParams ? { codecParams: opts.codecParams } : {}),
    };
    validateMeta(meta);
    if (meta.chunkRows === 0 && meta.chunkTargetBytes === 0) {
      throw new CddError(Status.INVALID_ARGUMENT, "chunkTargetBytes and chunkRows are both 0");
    }
    if (!store.writable) throw new CddError(Status.STATE, "store is read-only");
    const registry = opts.registry ?? new CodecRegistry();
    registry.resolve(meta.codec, meta.dtype, meta.rowShape, meta.codecFlags | Flag.LITTLE_ENDIAN);
    const hash = opts.hash ?? registry.hash ?? blake3_128;
    await store.lock?.();
    try {
      const header = serializeHeader(meta, opts.userMeta, opts.compressBlob);
      const block0 = serializeRawIndexBlock(meta.indexCapacity, [], [], 1, 0, hash);
      await store.truncate(0);
      await store.writeAt(0, header);
      await store.writeAt(header.length, block0);
      await store.flush(opts.sync ?? false);
      const block = openBlockFrom(header.length, meta.indexCapacity, 1, 0, 0, block0);
      return new Writer(store, meta, block, 0, header.length + block0.length, 0, registry, hash, opts.sync ?? false);
    } catch (e) {
      await store.unlock?.();
      throw e;
    }
  }

  /**
   * Opens an existing file to append: truncates it to its logical end, zeroes the unused slots of the last
   * block and its non-current record if invalid (spec §6.1), then continues the chain.
   */
  static async openAppend(store: ByteStore, opts: WriterCommonOptions = {}): Promise<Writer> {
    if (!store.writable) throw new CddError(Status.STATE, "store is read-only");
    const hash = opts.hash ?? opts.registry?.hash ?? blake3_128;
    await store.lock?.();
    try {
      const header = await readHeader(store);
      const fileSize = await store.size();
      const index = new ChunkIndex();
      await walkChain(store, index, header.headerEnd, 0, {
        headerEnd: header.headerEnd,
        indexCapacity: header.meta.indexCapacity,
        fileSize,
        hash,
      });
      let logicalEnd = index.indexEnd();
      const n = index.numChunks;
      if (n > 0) {
        const off = index.offsets[n - 1]!;
        const bound = index.chunkBound(n - 1, fileSize);
        const where = `chunk ${n - 1} at offset ${off}`;
        if (off >= fileSize) {
          // The file was cut after this chunk's commit: appending would put the next frame at or before it.
          throw new CddError(
            Status.CORRUPT,
            `${where}: the file ends at ${fileSize}, before this committed chunk (it was cut); append mode refuses to write after it`,
          );
        }
        const region = await store.read(off, bound - off);
        const h = parseFrameHeader(region, where);
        let intact = h.size <= region.length;
        if (intact) {
          try {
            verifyFrame(region.subarray(0, h.size), where, hash);
          } catch (e) {
            if (!CddError.isInstance(e) || e.code !== Status.CORRUPT) throw e;
            intact = false;
          }
        }
        // §6.1: a committed last chunk that fails its check was damaged after its commit; its end cannot
        // be trusted, so every byte up to the end of the file is kept and appends go after it.
        logicalEnd = Math.max(logicalEnd, intact ? off + h.size : fileSize);
      }
      if (fileSize > logicalEnd) await store.truncate(logicalEnd);
      const last = index.blocks[index.blocks.length - 1]!;
      await repairLastBlock(store, last);
      await store.flush(opts.sync ?? false);
      const block = openBlockFromState(last);
      return new Writer(
        store,
        header.meta,
        block,
        index.blocks.length - 1,
        logicalEnd,
        index.numRows,
        opts.registry ?? new CodecRegistry(),
        hash,
        opts.sync ?? false,
      );
    } catch (e) {
      await store.unlock?.();
      throw e;
    }
  }

  /** Rows committed to the store (durable after the last commit). */
  get rowsCommitted(): number {
    return this.committed;
  }
  /** Rows appended in total (committed + buffered). */
  get rowsAppended(): number {
    return this.committed + this.pendingRows;
  }

  /** Appends whole rows (row-major, little-endian); cuts and commits chunks as they fill. */
  async append(data: ArrayBufferView): Promise<void> {
    this.checkOpen();
    const bytes = asBytes(data);
    if (bytes.length % this.rowBytes !== 0) {
      throw new CddError(Status.INVALID_ARGUMENT, `append of ${bytes.length} bytes is not a whole number of ${this.rowBytes}-byte rows`);
    }
    let at = 0;
    let rows = bytes.length / this.rowBytes;
    while (rows > 0) {
      if (this.pendingRows === 0 && rows >= this.rowsPerChunk) {
        const take = this.rowsPerChunk; // cut straight from the caller's bytes
        await this.cut(bytes.subarray(at, at + take * this.rowBytes), take);
        at += take * this.rowBytes;
        rows -= take;
        continue;
      }
      const take = Math.min(rows, this.rowsPerChunk - this.pendingRows);
      this.bufferRows(bytes.subarray(at, at + take * this.rowBytes), take);
      at += take * this.rowBytes;
      rows -= take;
      if (this.pendingRows >= this.rowsPerChunk) await this.cutPending();
    }
  }

  /** Cuts the buffered rows into a chunk and commits; the rows then survive a crash. */
  async flush(): Promise<void> {
    this.checkOpen();
    if (this.pendingRows > 0) await this.cutPending();
    await this.guard(() => this.store.flush(this.sync));
  }

  /** Flushes and releases the single-writer lock. The store itself stays open (it is the caller's). */
  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.flush(); // after a failure: the STATE error naming it
    } finally {
      this.closed = true;
      await this.store.unlock?.();
    }
  }

  private bufferRows(bytes: Uint8Array, rows: number): void {
    const need = (this.pendingRows + rows) * this.rowBytes;
    if (need > this.pending.length) {
      const next = new Uint8Array(Math.max(need, this.pending.length * 2));
      next.set(this.pending.subarray(0, this.pendingRows * this.rowBytes));
      this.pending = next;
    }
    this.pending.set(bytes, this.pendingRows * this.rowBytes);
    this.pendingRows += rows;
  }

  private async cutPending(): Promise<void> {
    const rows = this.pendingRows;
    const bytes = this.pending.subarray(0, rows * this.rowBytes);
    await this.cut(bytes, rows);
    this.pendingRows = 0;
  }

  private async cut(bytes: Uint8Array, rows: number): Promise<void> {
    const m = this.meta;
    const desc: ChunkDesc = {
      type: m.codec,
      dtype: m.dtype,
      flags: this.chunkFlags,
      rows,
      rowShape: m.rowShape,
      elemSize: this.elemSize,
      rowElems: this.rowElems,
      decodedBytes: rows * this.rowBytes,
      codecParams: m.codecParams,
    };
    const payload = this.codecImpl.encode(desc, bytes, m.codecLevel);
    const frame = buildFrame(m.codec, m.dtype, this.chunkFlags, [rows, ...m.rowShape], payload, this.hash);
    await this.commitChunk(frame, rows);
    if (m.chunkRows === 0) {
      // Adaptive chunking: aim the next chunk at the target from this chunk's stored bytes per row.
      const perRow = frame.length / rows;
      const want = Math.round(m.chunkTargetBytes / perRow);
      const capped = Math.min(want, this.rowsPerChunk * 8);
      this.rowsPerChunk = Math.max(1, Math.min(this.maxChunkRows, capped));
    }
  }

  /**
   * Runs a write or sync of a commit. When it fails (a full disk, EIO, a failed fsync) the writer stops:
   * the file is left as the last successful commit made it (the next openAppend repairs the tail), and
   * every later call fails with STATE naming the first error. Retrying is not safe — after a failed fsync
   * the kernel may have dropped the unsynced pages, and a second fsync would report success for them.
   */
  private async guard<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (e) {
      this.failed ??= (e as Error).message;
      throw e;
    }
  }

  /** Spec §6 commit order: frame at the logical end, slot, then the other commit record. */
  private async commitChunk(frame: Uint8Array, rows: number): Promise<void> {
    await this.guard(() => this.writeCommit(frame, rows));
  }

  private async writeCommit(frame: Uint8Array, rows: number): Promise<void> {
    const store = this.store;
    const off = this.end;
    await store.writeAt(off, frame);
    this.end += frame.length;
    if (this.sync) await store.flush(true);
    const b = this.block;
    if (b.count < b.capacity) {
      const n = b.count;
      const slot = rawSlotOffsets(b.capacity, n);
      setU64Number(view(b.offs), 8 * n, off);
      setU64Number(view(b.rows), 8 * n, rows);
      await store.writeAt(b.offset + slot.offset, b.offs.subarray(8 * n, 8 * n + 8));
      await store.writeAt(b.offset + slot.rows, b.rows.subarray(8 * n, 8 * n + 8));
      await this.commitBlock(b, n + 1, 0);
    } else {
      const capacity = Math.min(this.meta.indexCapacity * 2 ** (this.blockNo + 1), MAX_GROWN_INDEX_CAPACITY);
      const newOff = this.end;
      const nb = serializeRawIndexBlock(capacity, [off], [rows], 1, 0, this.hash);
      await store.writeAt(newOff, nb);
      this.end += nb.length;
      if (this.sync) await store.flush(true);
      await this.commitBlock(b, b.count, newOff);
      this.block = openBlockFrom(newOff, capacity, 1, 1, 0, nb);
      this.blockNo++;
    }
    if (this.sync) await store.flush(true);
    this.committed += rows;
  }

  /** Writes the block's non-current record with seq + 1: the commit point. */
  private async commitBlock(b: OpenBlock, count: number, next: number): Promise<void> {
    const seq = b.seq + 1;
    for (let j = b.digests.length; j < Math.floor(count / COMMIT_SEGMENT_SLOTS); j++) {
      b.digests.push(segmentDigest(b.offs, b.rows, j, this.hash));
    }
    const rec = commitRecordBytes(seq, count, next, b.offs, b.rows, this.hash, b.digests);
    const target: 0 | 1 = b.current === 0 ? 1 : 0;
    await this.store.writeAt(b.offset + (target === 0 ? RECORD_A_OFFSET : RECORD_B_OFFSET), rec);
    b.seq = seq;
    b.count = count;
    b.current = target;
  }

  private checkOpen(): void {
    if (this.closed) throw new CddError(Status.STATE, "writer is closed");
    if (this.failed !== undefined) {
      throw new CddError(Status.STATE, `writer stopped after an earlier failure: ${this.failed}`);
    }
  }
}

function openBlockFrom(offset: number, capacity: number, seq: number, count: number, current: 0 | 1, raw: Uint8Array): OpenBlock {
  const slots = rawSlotOffsets(capacity, 0);
  return {
    offset,
    capacity,
    count,
    seq,
    current,
    offs: raw.slice(slots.offset, slots.offset + 8 * capacity),
    rows: raw.slice(slots.rows, slots.rows + 8 * capacity),
    digests: [],
  };
}

function openBlockFromState(s: IndexBlock): OpenBlock {
  const offs = new Uint8Array(8 * s.capacity);
  const rows = new Uint8Array(8 * s.capacity);
  for (let i = 0; i < s.count; i++) {
    setU64Number(view(offs), 8 * i, s.offsets[i]!);
    setU64Number(view(rows), 8 * i, s.rows[i]!);
  }
  return { offset: s.offset, capacity: s.capacity, count: s.count, seq: s.seq, current: s.current, offs, rows, digests: [] };
}

/** §6.1: zero the unused slots of the last block and its non-current record when that is not valid. */
async function repairLastBlock(store: ByteStore, s: IndexBlock): Promise<void> {
  if (s.type === IndexType.RAW && !s.tailSlotsZero) {
    const from = rawSlotOffsets(s.capacity, s.count);
    const zeros = new Uint8Array(8 * (s.capacity - s.count));
    await store.writeAt(s.offset + from.offset, zeros);
    await store.writeAt(s.offset + from.rows, zeros);
  }
  if (!s.otherValid && !s.otherZero) {
    await store.writeAt(s.offset + (s.current === 0 ? RECORD_B_OFFSET : RECORD_A_OFFSET), new Uint8Array(40));
  }
}
