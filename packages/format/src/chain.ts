// chain.ts — walks the chain of index blocks from INDEX_BLOCK_0 (spec/FORMAT.md §4.3), one read per block,
// applying every §4.3 check, and builds the in-memory chunk index (offsets, rows, first rows).
import { MAX_GROWN_INDEX_CAPACITY, rawIndexBlockSize } from "./constants.js";
import { CddError, Status } from "./errors.js";
import type { Hash128Fn } from "./hash.js";
import { type IndexBlock, indexBlockSizeFromPrefix, parseIndexBlock } from "./index-block.js";
import type { ByteStore } from "./store.js";

/** The chunk index of a file: parallel arrays over chunks, plus the blocks that hold them. */
export class ChunkIndex {
  readonly blocks: IndexBlock[] = [];
  readonly offsets: number[] = [];
  readonly rows: number[] = [];
  /** firstRows[i] = rows before chunk i; firstRows[numChunks] = total rows. */
  readonly firstRows: number[] = [0];

  get numChunks(): number {
    return this.offsets.length;
  }
  get numRows(): number {
    return this.firstRows[this.firstRows.length - 1]!;
  }

  /** The chunk that holds `row` (0 <= row < numRows), by binary search over first rows. */
  chunkOfRow(row: number): number {
    let lo = 0;
    let hi = this.offsets.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.firstRows[mid]! <= row) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Upper bound of chunk i's frame end: the next structure's offset, or `fileSize`. */
  chunkBound(i: number, fileSize: number): number {
    const off = this.offsets[i]!;
    let bound = i + 1 < this.offsets.length ? this.offsets[i + 1]! : fileSize;
    // Index blocks are few; the first one after the chunk (if any) bounds it too.
    let lo = 0;
    let hi = this.blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.blocks[mid]!.offset > off) hi = mid;
      else lo = mid + 1;
    }
    if (lo < this.blocks.length) bound = Math.min(bound, this.blocks[lo]!.offset);
    return bound;
  }

  /** The logical end of the index structures (largest end of any index block). */
  indexEnd(): number {
    let end = 0;
    for (const b of this.blocks) end = Math.max(end, b.offset + b.size);
    return end;
  }
}

/** Reads one block whole (speculatively `guessCapacity` slots at once, a second read only if larger). */
export async function readIndexBlock(
  store: ByteStore,
  offset: number,
  fileSize: number,
  guessCapacity: number,
  hash: Hash128Fn,
): Promise<IndexBlock> {
  const where = `index block at offset ${offset}`;
  // `fileSize` was taken before the walk: a block past it may have been appended since by a writer
  // (spec §6.2: a block is written before the commit that links to it), so look at the size again first.
  if (offset + 16 > fileSize) fileSize = await store.size();
  if (offset + 16 > fileSize) throw new CddError(Status.FORMAT, `${where} runs past the end of the file (${fileSize})`);
  let bytes = await store.read(offset, Math.min(rawIndexBlockSize(guessCapacity), fileSize - offset));
  const size = indexBlockSizeFromPrefix(bytes, offset);
  if (offset + size > fileSize) fileSize = await store.size();
  if (offset + size > fileSize) {
    throw new CddError(Status.FORMAT, `${where}: ${size} bytes run past the end of the file (${fileSize})`);
  }
  if (size > bytes.length) bytes = await store.read(offset, size);
  // A reader following a live file can read a commit record while the writer rewrites it; such a view
  // is transient, damage is not: read the block again before reporting a damaged record.
  for (let attempt = 0; ; attempt++) {
    try {
      const blk = parseIndexBlock(bytes.subarray(0, size), offset, hash);
      await checkInterruptedLink(store, blk, fileSize, hash);
      return blk;
    } catch (e) {
      if (!(e instanceof CddError) || e.code !== Status.CORRUPT || attempt >= DAMAGED_BLOCK_REREADS) throw e;
      const again = await store.read(offset, size);
      if (again.length < size || indexBlockSizeFromPrefix(again, offset) !== size) throw e;
      bytes = again;
    }
  }
}

const DAMAGED_BLOCK_REREADS = 2;

/**
 * A full block whose damaged record reads as an interrupted linking commit (spec/FORMAT.md §4.1): if the
 * block it would link holds later commits (seq >= 2, or a link of its own), the writer went on after that
 * commit, so it completed and was damaged since — stopping at this block would drop every later row.
 */
async function checkInterruptedLink(store: ByteStore, blk: IndexBlock, fileSize: number, hash: Hash128Fn): Promise<void> {
  if (blk.damagedOther !== "interrupted" || blk.next !== 0 || blk.count !== blk.capacity) return;
  const succ = blk.otherNext;
  if (succ <= blk.offset || succ >= fileSize) return;
  let next: IndexBlock;
  try {
    next = await readIndexBlock(store, succ, fileSize, 1, hash);
  } catch {
    return;
  }
  if (next.seq < 2 && next.next === 0) return;
  throw new CddError(
    Status.CORRUPT,
    `index block at offset ${blk.offset}: commit record ${blk.current === 0 ? "B" : "A"} (the link to the index block at ` +
      `offset ${succ}) is damaged, and that block holds later commits: reading would drop its rows`,
  );
}

/**
 * Appends the blocks from `start` (block number `blockNo`) to `index`, following `next`. `index` may
 * already hold earlier blocks (refresh); checks run across the whole chain.
 */
export async function walkChain(
  store: ByteStore,
  index: ChunkIndex,
  start: number,
  blockNo: number,
  opts: { headerEnd: number; indexCapacity: number; fileSize: number; hash: Hash128Fn },
): Promise<void> {
  let off = start;
  let k = blockNo;
  while (off !== 0) {
    const guess = k === 0 ? opts.indexCapacity : Math.min(opts.indexCapacity * 2 ** k, MAX_GROWN_INDEX_CAPACITY);
    const blk = await readIndexBlock(store, off, opts.fileSize, guess, opts.hash);
    const where = `index block ${k} at offset ${off}`;
    if (blk.next !== 0 && blk.next <= off) {
      throw new CddError(Status.FORMAT, `${where}: next ${blk.next} is not after the block`);
    }
    if (blk.next !== 0 && blk.count < blk.capacity) {
      throw new CddError(Status.FORMAT, `${where}: links to a next block with only ${blk.count} of ${blk.capacity} slots filled`);
    }
    appendBlockChunks(index, blk, 0, opts.headerEnd, where);
    index.blocks.push(blk);
    off = blk.next;
    k++;
  }
}

/** Adds slots [from, blk.count) of a block to the index with the §4.3 per-chunk checks. */
export function appendBlockChunks(index: ChunkIndex, blk: IndexBlock, from: number, headerEnd: number, where: string): void {
  let prev = index.offsets.length > 0 ? index.offsets[index.offsets.length - 1]! : 0;
  let total = index.numRows;
  for (let i = from; i < blk.count; i++) {
    const off = blk.offsets[i]!;
    const rows = blk.rows[i]!;
    if (off < headerEnd) throw new CddError(Status.FORMAT, `${where}: slot ${i} offset ${off} lies inside the header`);
    if (off <= prev) throw new CddError(Status.FORMAT, `${where}: slot ${i} offset ${off} is not after the previous chunk (${prev})`);
    if (rows === 0) throw new CddError(Status.FORMAT, `${where}: slot ${i} has 0 rows`);
    total += rows;
    if (total > Number.MAX_SAFE_INTEGER) throw new CddError(Status.FORMAT, `${where}: row total overflows`);
    index.offsets.push(off);
    index.rows.push(rows);
    index.firstRows.push(total);
    prev = off;
  }
}
