// reader.ts — Reader: opens a CDD file over a ByteStore, builds the chunk index at open (one read per index
// block), reads chunks and row ranges (one read per range, hash-verified, decoded by the CodecRegistry,
// batched when the codec can; a range inside one chunk is served by a small cache of decoded chunks, as
// the core's reader does), and picks up newly committed chunks with refresh().
import type { ArrayInfo, ChunkHeaderInfo, ChunkInfo } from "./reader-types.js";
import { ChunkIndex, appendBlockChunks, readIndexBlock, walkChain } from "./chain.js";
import { type ChunkCodec, type ChunkDesc, CodecRegistry, type DecodeJob } from "./codec.js";
import { FORMAT_VERSION, dtypeSize } from "./constants.js";
import { CddError, Status } from "./errors.js";
import { type FrameHeader, MAX_FRAME_HEADER_SIZE, checkFrame, parseFrameHeader, verifyFrame } from "./chunk-frame.js";
import { readHeader } from "./header.js";
import { type Hash128Fn, blake3_128 } from "./hash.js";
import type { IndexBlock } from "./index-block.js";
import type { ArrayMeta } from "./metadata.js";
import type { ByteStore } from "./store.js";
import { type CddTypedArray, typedView } from "./typed-array.js";

export interface ReaderOptions {
  /** Codecs for the chunk types of the file (default: a registry with RAW only). */
  registry?: CodecRegistry;
  /**
   * Check a chunk's hash before decoding it, the first time this reader reads it (default true; committed
   * chunks never change, so each is hashed once, as the core's reader does; index blocks are always checked).
   */
  verifyChunks?: boolean;
  /** BLAKE3-128 implementation (default: the registry's, else pure JS; @cdd/codec-native provides a native one). */
  hash?: Hash128Fn;
  /** Use the codec's off-main-thread batch decode where it has one (default false). */
  asyncDecode?: boolean;
  /**
   * Decoded chunks kept for reads that need only part of one chunk (single rows, short ranges): such a
   * read decodes the whole chunk once and later reads of its rows copy them (default 8; 0 = no cache).
   * Only chunks that decoded and passed their hash check are kept.
   */
  cacheChunks?: number;
}

export class Reader {
  private index: ChunkIndex;
  private fileSize: number;
  private readonly registry: CodecRegistry;
  private readonly verify: boolean;
  private readonly hash: Hash128Fn;
  private readonly asyncDecode: boolean;
  private readonly cacheChunks: number;
  /** Decoded chunks by index, least recently used first (Map keeps insertion order). */
  private readonly cache = new Map<number, Uint8Array>();
  /** Per chunk: 1 once its hash checked out. */
  private verified = new Uint8Array(0);
  /** Decode buffers of chunks a read cuts, kept between reads (each in use by one read at a time). */
  private readonly scratch: Uint8Array[] = [];
  private readonly rowElems: number;
  private readonly elemSize: number;
  private closed = false;

  private constructor(
    private readonly store: ByteStore,
    readonly meta: ArrayMeta,
    readonly userMeta: Uint8Array | undefined,
    readonly headerEnd: number,
    index: ChunkIndex,
    fileSize: number,
    opts: ReaderOptions,
  ) {
    this.index = index;
    this.fileSize = fileSize;
    this.registry = opts.registry ?? new CodecRegistry();
    this.verify = opts.verifyChunks ?? true;
    this.hash = opts.hash ?? this.registry.hash ?? blake3_128;
    this.asyncDecode = opts.asyncDecode ?? false;
    this.cacheChunks = Math.max(0, Math.floor(opts.cacheChunks ?? 8));
    this.elemSize = dtypeSize(meta.dtype);
    this.rowElems = meta.rowShape.reduce((a, b) => a * b, 1);
  }

  /** Opens a file: header (2-3 reads) and the whole index chain (one read per block). */
  static async open(store: ByteStore, opts: ReaderOptions = {}): Promise<Reader> {
    const hash = opts.hash ?? opts.registry?.hash ?? blake3_128;
    const header = await readHeader(store);
    const index = new ChunkIndex();
    // INDEX_BLOCK_0 sits right after the header (§2).
    await walkChain(store, index, header.headerEnd, 0, {
      headerEnd: header.headerEnd,
      indexCapacity: header.meta.indexCapacity,
      fileSize: await store.size(),
      hash,
    });
    // The size after the walk: a chunk committed while the chain was read lies before it (spec §6.2), so
    // the last chunk's frame is bounded by a size that contains it.
    const fileSize = await store.size();
    return new Reader(store, header.meta, header.userMeta, header.headerEnd, index, fileSize, opts);
  }

  get numRows(): number {
    return this.index.numRows;
  }
  get numChunks(): number {
    return this.index.numChunks;
  }
  /** Bytes of one decoded row. */
  get rowBytes(): number {
    return this.rowElems * this.elemSize;
  }

  /** Metadata, counts and the logical end of the file. */
  info(): ArrayInfo {
    const lastChunk = this.index.numChunks - 1;
    return {
      ...this.meta,
      rowShape: [...this.meta.rowShape],
      rowBytes: this.rowBytes,
      numRows: this.numRows,
      numChunks: this.numChunks,
      numIndexBlocks: this.index.blocks.length,
      formatVersion: FORMAT_VERSION,
      indexEnd: Math.max(this.index.indexEnd(), lastChunk >= 0 ? this.index.offsets[lastChunk]! : 0),
    };
  }

  /** Chunk i from the index only (no chunk I/O). */
  chunk(i: number): ChunkInfo {
    this.checkChunk(i);
    return { index: i, offset: this.index.offsets[i]!, firstRow: this.index.firstRows[i]!, rows: this.index.rows[i]! };
  }

  /** The index blocks of the chain, as read (state of each: current record, slots). */
  indexBlocks(): readonly IndexBlock[] {
    return this.index.blocks;
  }

  /** Every chunk from the index. */
  chunks(): ChunkInfo[] {
    return Array.from({ length: this.numChunks }, (_, i) => this.chunk(i));
  }

  /** Reads and checks chunk i's frame header (not its payload). */
  async chunkHeader(i: number): Promise<ChunkHeaderInfo> {
    const info = this.chunk(i);
    const bound = this.index.chunkBound(i, this.fileSize);
    const bytes = await this.store.read(info.offset, Math.min(MAX_FRAME_HEADER_SIZE, bound - info.offset));
    const h = parseFrameHeader(bytes, this.where(i));
    checkFrame(h, { dtype: this.meta.dtype, rowShape: this.meta.rowShape, rows: info.rows, maxSize: bound - info.offset }, this.where(i));
    return { ...info, type: h.type, storedBytes: h.size, flags: h.flags, shape: h.shape };
  }

  /** Decodes chunk i (into `out` if given: rows · rowBytes bytes). */
  async readChunk(i: number, out?: Uint8Array): Promise<CddTypedArray> {
    const info = this.chunk(i);
    return this.readRows(info.firstRow, info.firstRow + info.rows, out);
  }

  /** Decodes rows [start, end) into a typed array of the dtype (into `out` if given). */
  async readRows(start: number, end: number, out?: Uint8Array): Promise<CddTypedArray> {
    this.checkOpen();
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > this.numRows) {
      throw new CddError(Status.OUT_OF_RANGE, `rows [${start}, ${end}) outside the array's ${this.numRows} rows`);
    }
    const need = (end - start) * this.rowBytes;
    if (out !== undefined && out.length < need) {
      throw new CddError(Status.INVALID_ARGUMENT, `output of ${out.length} bytes, rows [${start}, ${end}) need ${need}`);
    }
    const target = out ?? allocate(need, `rows [${start}, ${end})`);
    if (start === end) return typedView(this.meta.dtype, target.subarray(0, 0));
    const idx = this.index;
    const c0 = idx.chunkOfRow(start);
    const c1 = idx.chunkOfRow(end - 1);
    if (c0 === c1 && this.cacheChunks > 0) {
      const first = idx.firstRows[c0]!;
      if (start > first || end < first + idx.rows[c0]!) {
        const decoded = this.cache.get(c0) ?? (await this.decodeIntoCache(c0));
        if (this.cache.delete(c0)) this.cache.set(c0, decoded); // most recently used last (if still kept)
        target.set(decoded.subarray((start - first) * this.rowBytes, (end - first) * this.rowBytes));
        return typedView(this.meta.dtype, target.subarray(0, need));
      }
    }
    const base = idx.offsets[c0]!;
    const regionEnd = idx.chunkBound(c1, this.fileSize);
    const region = await this.store.read(base, regionEnd - base);
    const rb = this.rowBytes;
    const jobs: DecodeJob[] = [];
    // Chunks cut by the range decode into scratch and are copied; whole ones decode in place.
    const partial: { job: DecodeJob; from: number; to: number; at: number }[] = [];
    let codec: ChunkCodec | undefined;
    let mixed = false;
    for (let i = c0; i <= c1; i++) {
      const rel = idx.offsets[i]! - base;
      const bound = idx.chunkBound(i, this.fileSize) - base;
      const where = this.where(i);
      const h = parseFrameHeader(region.subarray(rel, Math.min(bound, rel + MAX_FRAME_HEADER_SIZE)), where);
      if (h.size > bound - rel) {
        throw new CddError(Status.FORMAT, `${where}: frame size ${h.size} runs past the next structure (${bound - rel} bytes available)`);
      }
      const frame = region.subarray(rel, rel + h.size);
      if (this.verify && this.verified[i] !== 1) {
        verifyFrame(frame, where, this.hash);
        this.markVerified(i);
      }
      const first = idx.firstRows[i]!;
      const rows = idx.rows[i]!;
      const whole = first >= start && first + rows <= end;
      const job = this.job(
        h,
        frame,
        i,
        whole ? target.subarray((first - start) * rb, (first - start + rows) * rb) : this.takeScratch(rows * rb, where),
        where,
      );
      if (!whole) {
        const from = Math.max(start, first);
        const to = Math.min(end, first + rows);
        partial.push({ job, from: (from - first) * rb, to: (to - first) * rb, at: (from - start) * rb });
      }
      const c = this.registry.resolve(h.type, this.meta.dtype, this.meta.rowShape, h.flags);
      if (codec !== undefined && c !== codec) mixed = true;
      codec = c;
      jobs.push(job);
    }
    try {
      await this.decodeAll(jobs, codec!, mixed);
      for (const p of partial) target.set(p.job.out.subarray(p.from, p.to), p.at);
    } finally {
      for (const p of partial) this.giveScratch(p.job.out);
    }
    return typedView(this.meta.dtype, target.subarray(0, need));
  }

  /**
   * The rows at `indices` (any order, repeats allowed): row indices[i] at row i of the result (into `out`
   * if given). Each chunk is read and decoded once, from the first to the last row asked of it (the C ABI's
   * cdd_reader_read_rows_at). An index outside the array is OUT_OF_RANGE before anything is read.
   */
  async readRowsAt(indices: ArrayLike<number>, out?: Uint8Array): Promise<CddTypedArray> {
    this.checkOpen();
    const n = indices.length;
    for (let i = 0; i < n; i++) {
      const row = indices[i]!;
      if (!Number.isInteger(row) || row < 0 || row >= this.numRows) {
        throw new CddError(Status.OUT_OF_RANGE, `row ${row} (index ${i} of the request) outside the array's ${this.numRows} rows`);
      }
    }
    const rb = this.rowBytes;
    const need = n * rb;
    if (out !== undefined && out.length < need) {
      throw new CddError(Status.INVALID_ARGUMENT, `output of ${out.length} bytes, ${n} rows need ${need}`);
    }
    const target = out ?? allocate(need, `${n} rows`);
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => indices[a]! - indices[b]! || a - b);
    let scratch: Uint8Array = new Uint8Array(0); // the rows of one chunk at a time, grown as needed
    for (let k = 0; k < n; ) {
      const lo = indices[order[k]!]!;
      const chunk = this.index.chunkOfRow(lo);
      const end = this.index.firstRows[chunk]! + this.index.rows[chunk]!;
      let j = k;
      while (j < n && indices[order[j]!]! < end) j++;
      const hi = indices[order[j - 1]!]! + 1;
      if (scratch.length < (hi - lo) * rb) scratch = allocate((hi - lo) * rb, this.where(chunk));
      const rows = scratch.subarray(0, (hi - lo) * rb);
      await this.readRows(lo, hi, rows);
      for (; k < j; k++) {
        const at = indices[order[k]!]! - lo;
        target.set(rows.subarray(at * rb, (at + 1) * rb), order[k]! * rb);
      }
    }
    return typedView(this.meta.dtype, target.subarray(0, need));
  }

  /** Picks up chunks committed since open (or the last refresh) and empties the chunk cache; returns how many were added. */
  async refresh(): Promise<number> {
    this.checkOpen();
    this.cache.clear();
    const before = this.numChunks;
    const fileSize = await this.store.size();
    const idx = this.index;
    const lastNo = idx.blocks.length - 1;
    const last = idx.blocks[lastNo]!;
    // A copy that caught both commit records mid-write (two commits during one read) has no valid
    // record; that view is transient (spec §6.2), so the block is read up to three times.
    let blk: IndexBlock | undefined;
    for (let attempt = 0; blk === undefined; attempt++) {
      try {
        blk = await readIndexBlock(this.store, last.offset, fileSize, last.capacity, this.hash);
      } catch (e) {
        if (attempt >= 2 || !CddError.isInstance(e) || e.code !== Status.CORRUPT) throw e;
      }
    }
    const where = `index block ${lastNo} at offset ${last.offset}`;
    if (blk.count < last.count || blk.seq < last.seq) {
      throw new CddError(Status.FORMAT, `${where}: commit went backwards (count ${last.count} → ${blk.count})`);
    }
    for (let i = 0; i < last.count; i++) {
      if (blk.offsets[i] !== last.offsets[i] || blk.rows[i] !== last.rows[i]) {
        throw new CddError(Status.FORMAT, `${where}: committed slot ${i} changed`);
      }
    }
    if (blk.next !== 0 && (blk.next <= blk.offset || blk.count < blk.capacity)) {
      throw new CddError(Status.FORMAT, `${where}: bad link to next ${blk.next}`);
    }
    appendBlockChunks(idx, blk, last.count, this.headerEnd, where);
    idx.blocks[lastNo] = blk;
    if (blk.next !== 0) {
      await walkChain(this.store, idx, blk.next, lastNo + 1, {
        headerEnd: this.headerEnd,
        indexCapacity: this.meta.indexCapacity,
        fileSize,
        hash: this.hash,
      });
    }
    // The size after the walk bounds the last chunk (committed, so written, before the size was taken).
    this.fileSize = await this.store.size();
    return this.numChunks - before;
  }

  /** Marks the reader closed (the store belongs to the caller). */
  close(): void {
    this.closed = true;
  }

  /** Chunks held by the decoded-chunk cache (tests and diagnostics). */
  get cachedChunks(): number {
    return this.cache.size;
  }

  /** Decodes chunk i whole (the ordinary read path: hash check, codec) and keeps it in the cache. */
  private async decodeIntoCache(i: number): Promise<Uint8Array> {
    const first = this.index.firstRows[i]!;
    const rows = this.index.rows[i]!;
    const decoded = allocate(rows * this.rowBytes, this.where(i));
    await this.readRows(first, first + rows, decoded);
    while (this.cache.size >= this.cacheChunks) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(i, decoded);
    return decoded;
  }

  private takeScratch(bytes: number, where: string): Uint8Array {
    const k = this.scratch.findIndex((b) => b.length >= bytes);
    if (k < 0) return allocate(bytes, where);
    return this.scratch.splice(k, 1)[0]!.subarray(0, bytes);
  }

  private giveScratch(view: Uint8Array): void {
    if (this.scratch.length < 4) this.scratch.push(new Uint8Array(view.buffer, view.byteOffset, view.buffer.byteLength - view.byteOffset));
  }

  private markVerified(i: number): void {
    if (i >= this.verified.length) {
      const grown = new Uint8Array(Math.max(this.numChunks, i + 1, 2 * this.verified.length));
      grown.set(this.verified);
      this.verified = grown;
    }
    this.verified[i] = 1;
  }

  private job(h: FrameHeader, frame: Uint8Array, i: number, out: Uint8Array | undefined, where: string): DecodeJob {
    const rows = this.index.rows[i]!;
    const decodedBytes = checkFrame(
      h,
      { dtype: this.meta.dtype, rowShape: this.meta.rowShape, rows, maxSize: frame.length },
      where,
    );
    const desc: ChunkDesc = {
      type: h.type,
      dtype: this.meta.dtype,
      flags: h.flags,
      rows,
      rowShape: this.meta.rowShape,
      elemSize: this.elemSize,
      rowElems: this.rowElems,
      decodedBytes,
      codecParams: this.meta.codecParams,
    };
    return { desc, payload: frame.subarray(h.payloadOffset), out: out ?? allocate(decodedBytes, where), where };
  }

  private async decodeAll(jobs: DecodeJob[], codec: ChunkCodec, mixed: boolean): Promise<void> {
    if (!mixed) {
      if (this.asyncDecode && codec.decodeBatchAsync) return codec.decodeBatchAsync(jobs);
      if (jobs.length > 1 && codec.decodeBatch) return codec.decodeBatch(jobs);
    }
    for (const j of jobs) {
      const c = mixed ? this.registry.get(j.desc.type) : codec;
      try {
        c.decode(j.desc, j.payload, j.out);
      } catch (e) {
        if (CddError.isInstance(e)) throw new CddError(e.code, `${j.where}: ${e.message}`, { cause: e });
        throw e;
      }
    }
  }

  private where(i: number): string {
    return `chunk ${i} at offset ${this.index.offsets[i]}`;
  }

  private checkChunk(i: number): void {
    this.checkOpen();
    if (!Number.isInteger(i) || i < 0 || i >= this.numChunks) {
      throw new CddError(Status.OUT_OF_RANGE, `chunk ${i} outside the array's ${this.numChunks} chunks`);
    }
  }

  private checkOpen(): void {
    if (this.closed) throw new CddError(Status.STATE, "reader is closed");
  }
}

/** A zeroed buffer; an allocation the engine refuses is CddError NO_MEMORY naming what it was for. */
function allocate(bytes: number, what: string): Uint8Array {
  try {
    return new Uint8Array(bytes);
  } catch (e) {
    throw new CddError(Status.NO_MEMORY, `${what}: cannot allocate ${bytes} bytes`, { cause: e });
  }
}
