// index-block.ts — index blocks (spec/FORMAT.md §4): RAW blocks with two crash-safe commit records
// and slots filled in place, sealed LZ4 blocks; the commit-message hash; parse with every §4 check.
import { ByteBuilder, getU64Number, setU64Number, view } from "./bytes.js";
import {
  COMMIT_RECORD_SIZE,
  INDEX_FIXED_SIZE,
  INDEX_SLOTS_OFFSET,
  IndexType,
  LZ4_INDEX_PAYLOAD_OFFSET,
  MAX_INDEX_CAPACITY,
  RECORD_A_OFFSET,
  RECORD_B_OFFSET,
  rawIndexBlockSize,
} from "./constants.js";
import { CddError, Status } from "./errors.js";
import { type Hash128Fn, blake3_128 } from "./hash.js";
import { lz4CompressBlock, lz4DecompressBlock } from "./lz4.js";
import { bytesEqual } from "./bytes.js";

export interface CommitRecord {
  seq: number;
  count: number;
  next: number;
  hash: Uint8Array;
}

/** The state of one index block, as a reader takes it. */
export interface IndexBlock {
  offset: number;
  type: IndexType;
  /** Bytes of the block on disk. */
  size: number;
  capacity: number;
  /** The current (valid, highest-seq) record. */
  seq: number;
  count: number;
  next: number;
  /** 0 = record A is current, 1 = record B. */
  current: 0 | 1;
  /** Whether the non-current record is valid (or all zero and unused). */
  otherValid: boolean;
  otherZero: boolean;
  /** What the non-current record is when it is damaged ("none" when zero or valid). */
  damagedOther: DamagedRecord;
  /** The `next` field of the non-current record as stored (0 when not a safe integer). */
  otherNext: number;
  /** Chunk offsets and rows of slots [0, count). */
  offsets: number[];
  rows: number[];
  /** Whether every slot at positions >= count is zero (RAW blocks). */
  tailSlotsZero: boolean;
}

/** Slots per commit segment (§4.1): full segments enter the commit message as their 16-byte digest. */
export const COMMIT_SEGMENT_SLOTS = 256;

/** The segment digest D[j] of slots [256j, 256j+256): BLAKE3-128 of those offsets then those rows. */
export function segmentDigest(offs: Uint8Array, rows: Uint8Array, j: number, hash: Hash128Fn = blake3_128): Uint8Array {
  const a = 8 * COMMIT_SEGMENT_SLOTS * j;
  const b = a + 8 * COMMIT_SEGMENT_SLOTS;
  return hash([offs.subarray(a, b), rows.subarray(a, b)]);
}

/**
 * BLAKE3-128 of the commit message (§4.1): seq, count, next, the digests of the full 256-slot segments,
 * then the offsets and rows of the remaining slots. `offs`/`rows` hold at least `count` u64 LE each;
 * `digests` may supply already known segment digests (a writer caches them).
 */
export function commitHash(
  seq: number,
  count: number,
  next: number,
  offs: Uint8Array,
  rows: Uint8Array,
  hash: Hash128Fn = blake3_128,
  digests: readonly Uint8Array[] = [],
): Uint8Array {
  const head = new Uint8Array(24);
  putCommitHead(head, seq, count, next);
  return commitHashOfHead(head, count, offs, rows, hash, digests);
}

/** commitHash with the 24-byte head (seq, count, next as stored) given as bytes. */
function commitHashOfHead(
  head: Uint8Array,
  count: number,
  offs: Uint8Array,
  rows: Uint8Array,
  hash: Hash128Fn,
  digests: readonly Uint8Array[],
): Uint8Array {
  const full = Math.floor(count / COMMIT_SEGMENT_SLOTS);
  const parts: Uint8Array[] = [head];
  for (let j = 0; j < full; j++) parts.push(digests[j] ?? segmentDigest(offs, rows, j, hash));
  const tail = 8 * COMMIT_SEGMENT_SLOTS * full;
  parts.push(offs.subarray(tail, 8 * count), rows.subarray(tail, 8 * count));
  return hash(parts);
}

/** u64 seq, u64 count, u64 next + the 16-byte hash over the commit message (§4.1). */
export function commitRecordBytes(
  seq: number,
  count: number,
  next: number,
  offs: Uint8Array,
  rows: Uint8Array,
  hash: Hash128Fn = blake3_128,
  digests: readonly Uint8Array[] = [],
): Uint8Array {
  const rec = new Uint8Array(COMMIT_RECORD_SIZE);
  putCommitHead(rec, seq, count, next);
  rec.set(commitHash(seq, count, next, offs, rows, hash, digests), 24);
  return rec;
}

/** u64 seq, count, next (LE) at the start of `out`: the head of a commit record and of its message. */
function putCommitHead(out: Uint8Array, seq: number, count: number, next: number): void {
  const dv = view(out);
  setU64Number(dv, 0, seq);
  setU64Number(dv, 8, count);
  setU64Number(dv, 16, next);
}

function u64Array(values: readonly number[], count: number): Uint8Array {
  const out = new Uint8Array(8 * count);
  const dv = view(out);
  for (let i = 0; i < count; i++) setU64Number(dv, 8 * i, values[i]!);
  return out;
}

/** A whole RAW index block with `offsets`/`rows` in its first slots and one valid record of `seq`. */
export function serializeRawIndexBlock(
  capacity: number,
  offsets: readonly number[],
  rows: readonly number[],
  seq: number,
  next: number,
  hash: Hash128Fn = blake3_128,
): Uint8Array {
  const count = offsets.length;
  if (capacity < 1 || capacity > MAX_INDEX_CAPACITY || count > capacity || rows.length !== count) {
    throw new CddError(Status.INVALID_ARGUMENT, `index block: capacity ${capacity}, ${count} slots`);
  }
  const block = new Uint8Array(rawIndexBlockSize(capacity));
  const dv = view(block);
  dv.setUint32(0, block.length, true);
  dv.setUint16(4, IndexType.RAW, true);
  dv.setUint32(8, capacity, true);
  const offs = u64Array(offsets, count);
  const rws = u64Array(rows, count);
  block.set(offs, INDEX_SLOTS_OFFSET);
  block.set(rws, INDEX_SLOTS_OFFSET + 8 * capacity);
  const rec = commitRecordBytes(seq, count, next, offs, rws, hash);
  block.set(rec, seq % 2 === 1 ? RECORD_A_OFFSET : RECORD_B_OFFSET);
  return block;
}

/** A sealed LZ4 index block (§4.2), or undefined when it would not be smaller than the RAW block. */
export function serializeLz4IndexBlock(
  offsets: readonly number[],
  rows: readonly number[],
  next: number,
  hash: Hash128Fn = blake3_128,
): Uint8Array | undefined {
  const count = offsets.length;
  if (count < 1 || rows.length !== count) throw new CddError(Status.INVALID_ARGUMENT, "lz4 index block: no slots");
  const offs = u64Array(offsets, count);
  const rws = u64Array(rows, count);
  const packed = new Uint8Array(16 * count);
  packed.set(offs, 0);
  packed.set(rws, 8 * count);
  const c = lz4CompressBlock(packed);
  if (LZ4_INDEX_PAYLOAD_OFFSET + c.length >= rawIndexBlockSize(count)) return undefined;
  const b = new ByteBuilder(LZ4_INDEX_PAYLOAD_OFFSET + c.length);
  b.u32(LZ4_INDEX_PAYLOAD_OFFSET + c.length).u16(IndexType.LZ4).u16(0).u32(count).u32(0);
  b.bytes(commitRecordBytes(1, count, next, offs, rws, hash)).zeros(COMMIT_RECORD_SIZE);
  b.u32(c.length).bytes(c);
  return b.finish().slice();
}

function isZero(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) if (b[i] !== 0) return false;
  return true;
}

/**
 * What a damaged non-current record (neither all zero nor valid) is, as far as its bytes tell
 * (spec/FORMAT.md §4.1, "Damaged records"): an older commit ("older"), the trace of an interrupted write
 * of the next commit ("interrupted") — in both cases the current record is the state — or a newer commit
 * that completed and was damaged since ("committed"): falling back to the older record would lose rows.
 */
export type DamagedRecord = "none" | "older" | "interrupted" | "committed";

/** A damaged record within this many bytes of what its place held before is an older one. */
export const OLDER_RECORD_SLACK_BYTES = 4;

function bytesDiffering(a: Uint8Array, b: Uint8Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) d++;
  return d;
}

/** Whether `d` is `n`'s first k bytes, one byte of anything, then `p`'s bytes from k + 1 on (k < 40). */
function tornBetween(d: Uint8Array, n: Uint8Array, p: Uint8Array): boolean {
  let m = COMMIT_RECORD_SIZE;
  while (m > 0 && d[m - 1] === p[m - 1]) m--;
  let q = 0;
  while (q < COMMIT_RECORD_SIZE && d[q] === n[q]) q++;
  const k = m === 0 ? 0 : m - 1;
  return k <= q && k < COMMIT_RECORD_SIZE;
}

/** A record's 40 bytes: the 24-byte head as given, then the commit hash over the block's slots. */
function recordFromHead(head: Uint8Array, count: number, offs: Uint8Array, rows: Uint8Array, hash: Hash128Fn, digests: readonly Uint8Array[]): Uint8Array {
  const rec = new Uint8Array(COMMIT_RECORD_SIZE);
  rec.set(head.subarray(0, 24), 0);
  rec.set(commitHashOfHead(rec.subarray(0, 24), count, offs, rows, hash, digests), 24);
  return rec;
}

function classifyDamaged(
  d: Uint8Array,
  type: IndexType,
  cur: CommitRecord,
  capacity: number,
  offs: Uint8Array,
  rows: Uint8Array,
  hash: Hash128Fn,
  digests: readonly Uint8Array[],
): DamagedRecord {
  // A sealed LZ4 block only ever had its one record; a linking commit is a block's last one.
  if (type === IndexType.LZ4 || cur.next !== 0) return "older";
  const s = cur.seq;
  const c = cur.count;
  const head = new Uint8Array(24);
  const before: Uint8Array[] = [new Uint8Array(COMMIT_RECORD_SIZE)];
  if (s >= 2 && c >= 1) {
    putCommitHead(head, s - 1, c - 1, 0);
    before.push(recordFromHead(head, c - 1, offs, rows, hash, digests));
  }
  for (const p of before) if (bytesDiffering(d, p) <= OLDER_RECORD_SLACK_BYTES) return "older";
  let next: Uint8Array;
  if (c < capacity) {
    putCommitHead(head, s + 1, c + 1, 0);
    next = recordFromHead(head, c + 1, offs, rows, hash, digests);
  } else {
    putCommitHead(head, s + 1, c, 0);
    head.set(d.subarray(16, 24), 16); // the linked block's offset: only the damaged record tells it
    next = recordFromHead(head, c, offs, rows, hash, digests);
  }
  for (const p of before) if (tornBetween(d, next, p)) return "interrupted";
  return "committed";
}

/** Reads the `size` and `type`/`capacity` prefix: what a reader needs to fetch the whole block. */
export function indexBlockSizeFromPrefix(prefix: Uint8Array, offset: number): number {
  const dv = view(prefix);
  const size = dv.getUint32(0, true);
  const type = dv.getUint16(4, true);
  const capacity = dv.getUint32(8, true);
  const where = `index block at offset ${offset}`;
  if (type !== IndexType.RAW && type !== IndexType.LZ4) throw new CddError(Status.FORMAT, `${where}: unknown type ${type}`);
  if (capacity < 1 || capacity > MAX_INDEX_CAPACITY) {
    throw new CddError(Status.FORMAT, `${where}: capacity ${capacity} outside 1..${MAX_INDEX_CAPACITY}`);
  }
  if (type === IndexType.RAW && size !== rawIndexBlockSize(capacity)) {
    throw new CddError(Status.FORMAT, `${where}: size ${size} disagrees with capacity ${capacity}`);
  }
  if (type === IndexType.LZ4 && size < LZ4_INDEX_PAYLOAD_OFFSET + 1) {
    throw new CddError(Status.FORMAT, `${where}: lz4 block size ${size} too small`);
  }
  return size;
}

/** Parses a whole block read from `offset` and takes its state (§4.1: the valid record with higher seq). */
export function parseIndexBlock(block: Uint8Array, offset: number, hash: Hash128Fn = blake3_128): IndexBlock {
  const where = `index block at offset ${offset}`;
  const size = indexBlockSizeFromPrefix(block, offset);
  if (block.length < size) throw new CddError(Status.FORMAT, `${where}: truncated (${block.length} of ${size} bytes)`);
  const dv = view(block);
  const type = dv.getUint16(4, true) as IndexType;
  const capacity = dv.getUint32(8, true);
  if (dv.getUint16(6, true) !== 0 || dv.getUint32(12, true) !== 0) {
    throw new CddError(Status.FORMAT, `${where}: non-zero padding`);
  }
  let offsBytes: Uint8Array;
  let rowsBytes: Uint8Array;
  if (type === IndexType.RAW) {
    offsBytes = block.subarray(INDEX_SLOTS_OFFSET, INDEX_SLOTS_OFFSET + 8 * capacity);
    rowsBytes = block.subarray(INDEX_SLOTS_OFFSET + 8 * capacity, INDEX_SLOTS_OFFSET + 16 * capacity);
  } else {
    const c = dv.getUint32(INDEX_SLOTS_OFFSET, true);
    if (LZ4_INDEX_PAYLOAD_OFFSET + c !== size) {
      throw new CddError(Status.FORMAT, `${where}: lz4 length ${c} disagrees with block size ${size}`);
    }
    // LZ4 expands at most 255-fold: refuse a capacity the payload cannot fill before allocating its slots.
    if (16 * capacity > 255 * c) {
      throw new CddError(Status.FORMAT, `${where}: ${c} lz4 bytes cannot hold ${capacity} slots`);
    }
    let packed: Uint8Array;
    try {
      packed = lz4DecompressBlock(block.subarray(LZ4_INDEX_PAYLOAD_OFFSET, size), 16 * capacity);
    } catch (e) {
      throw new CddError(Status.CORRUPT, `${where}: ${(e as Error).message}`, { cause: e });
    }
    offsBytes = packed.subarray(0, 8 * capacity);
    rowsBytes = packed.subarray(8 * capacity);
  }
  const records: (CommitRecord | undefined)[] = [];
  const zeroRec: boolean[] = [];
  const digests: Uint8Array[] = []; // segment digests, shared by both records
  for (const at of [RECORD_A_OFFSET, RECORD_B_OFFSET]) {
    const raw = block.subarray(at, at + COMMIT_RECORD_SIZE);
    zeroRec.push(isZero(raw));
    const rdv = view(raw);
    const seqHi = rdv.getUint32(4, true);
    const countHi = rdv.getUint32(12, true);
    const nextHi = rdv.getUint32(20, true);
    const seq = rdv.getUint32(0, true) + seqHi * 0x100000000;
    const count = rdv.getUint32(8, true) + countHi * 0x100000000;
    if (seq === 0 || seqHi > 0x1fffff || countHi !== 0 || nextHi > 0x1fffff || count > capacity) {
      records.push(undefined);
      continue;
    }
    const next = rdv.getUint32(16, true) + nextHi * 0x100000000;
    for (let j = digests.length; j < Math.floor(count / COMMIT_SEGMENT_SLOTS); j++) {
      digests.push(segmentDigest(offsBytes, rowsBytes, j, hash));
    }
    const digest = commitHash(seq, count, next, offsBytes, rowsBytes, hash, digests);
    records.push(bytesEqual(digest, raw.subarray(24, 40)) ? { seq, count, next, hash: raw.slice(24, 40) } : undefined);
  }
  const [a, b] = records;
  let current: 0 | 1;
  if (a && b) current = b.seq > a.seq ? 1 : 0;
  else if (a) current = 0;
  else if (b) current = 1;
  else throw new CddError(Status.CORRUPT, `${where}: no valid commit record (hash mismatch)`);
  const rec = records[current]!;
  const other = 1 - current;
  if (type === IndexType.LZ4 && rec.count !== capacity) {
    throw new CddError(Status.FORMAT, `${where}: sealed LZ4 block counts ${rec.count} of its ${capacity} slots`);
  }
  let damagedOther: DamagedRecord = "none";
  if (records[other] === undefined && !zeroRec[other]) {
    const at = other === 0 ? RECORD_A_OFFSET : RECORD_B_OFFSET;
    damagedOther = classifyDamaged(block.subarray(at, at + COMMIT_RECORD_SIZE), type, rec, capacity, offsBytes, rowsBytes, hash, digests);
    if (damagedOther === "committed") {
      throw new CddError(
        Status.CORRUPT,
        `${where}: commit record ${other === 0 ? "A" : "B"} is damaged (hash mismatch) and is not the trace of an ` +
          `interrupted commit: the block's newest commit (seq ${rec.seq + 1}) may be lost, so the reader refuses to ` +
          `fall back to seq ${rec.seq}`,
      );
    }
  }
  const odv = view(offsBytes);
  const rdv = view(rowsBytes);
  const offsets: number[] = new Array<number>(rec.count);
  const rows: number[] = new Array<number>(rec.count);
  for (let i = 0; i < rec.count; i++) {
    offsets[i] = getU64Number(odv, 8 * i, `${where}: slot ${i} offset`);
    rows[i] = getU64Number(rdv, 8 * i, `${where}: slot ${i} rows`);
  }
  const tailSlotsZero =
    isZero(offsBytes.subarray(8 * rec.count)) && isZero(rowsBytes.subarray(8 * rec.count));
  return {
    offset,
    type,
    size,
    capacity,
    seq: rec.seq,
    count: rec.count,
    next: rec.next,
    current,
    otherValid: records[other] !== undefined,
    otherZero: zeroRec[other]!,
    damagedOther,
    otherNext: (() => {
      const v = view(block).getBigUint64((other === 0 ? RECORD_A_OFFSET : RECORD_B_OFFSET) + 16, true);
      return v > BigInt(Number.MAX_SAFE_INTEGER) ? 0 : Number(v);
    })(),
    offsets,
    rows,
    tailSlotsZero,
  };
}

/** Byte offsets, inside a RAW block, of slot `i`'s offset and rows fields. */
export function rawSlotOffsets(capacity: number, i: number): { offset: number; rows: number } {
  return { offset: INDEX_SLOTS_OFFSET + 8 * i, rows: INDEX_SLOTS_OFFSET + 8 * capacity + 8 * i };
}

/** Offset inside a block of the record a commit with `seq` writes (odd → A, even → B). */
export function recordOffsetForSeq(seq: number): number {
  return seq % 2 === 1 ? RECORD_A_OFFSET : RECORD_B_OFFSET;
}

export { INDEX_FIXED_SIZE };
