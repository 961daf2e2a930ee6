// header.ts — the file header (spec/FORMAT.md §2): MAGIC, VERSION, METADATA (u32 length + zstd blob) and
// USER_META (u32 length + zstd blob, 0 = absent); index block 0 starts right after it.
import { ByteBuilder, bytesEqual, toHex, view } from "./bytes.js";
import { FORMAT_VERSION, HEADER_PREFIX_SIZE, MAGIC } from "./constants.js";
import { CddError, Status } from "./errors.js";
import { type ArrayMeta, decodeMetaRecords, encodeMetaRecords } from "./metadata.js";
import type { ByteStore } from "./store.js";
import { zstdDecode, zstdEncodeRaw } from "./zstd.js";

/** Compresses a blob into one zstd frame with its content size (default: Raw-block frames, no native code). */
export type BlobCompressor = (data: Uint8Array) => Uint8Array;

export interface FileHeader {
  meta: ArrayMeta;
  /** USER_META bytes, undefined when absent. */
  userMeta: Uint8Array | undefined;
  /** Offset of INDEX_BLOCK_0 (= end of the header). */
  headerEnd: number;
}

/** Checks the 16-byte prefix and returns the METADATA length. */
export function parseHeaderPrefix(prefix: Uint8Array): number {
  if (prefix.length < 8) {
    throw new CddError(Status.FORMAT, `not a CDD file: ${prefix.length} bytes, shorter than the 8-byte magic`);
  }
  const magic = prefix.subarray(0, 8);
  if (!bytesEqual(magic, MAGIC)) {
    throw new CddError(Status.FORMAT, `not a CDD file: bad magic ${toHex(magic)} (expected ${toHex(MAGIC)})`);
  }
  if (prefix.length < HEADER_PREFIX_SIZE) {
    throw new CddError(Status.FORMAT, `truncated file: ${prefix.length} bytes, header needs ${HEADER_PREFIX_SIZE}`);
  }
  const dv = view(prefix);
  const version = dv.getUint32(8, true);
  if (version !== FORMAT_VERSION) throw new CddError(Status.VERSION, `unsupported format version ${version}`);
  const lm = dv.getUint32(12, true);
  if (lm === 0) throw new CddError(Status.FORMAT, "metadata length is 0 (METADATA is required)");
  return lm;
}

/** Reads and checks the header of a store: two reads (prefix, then metadata + user-meta length). */
export async function readHeader(store: ByteStore): Promise<FileHeader> {
  const size = await store.size();
  const prefix = await store.read(0, Math.min(HEADER_PREFIX_SIZE, size));
  const lm = parseHeaderPrefix(prefix);
  const metaEnd = HEADER_PREFIX_SIZE + lm;
  if (metaEnd + 4 > size) throw new CddError(Status.FORMAT, `truncated file: metadata of ${lm} bytes runs past ${size}`);
  const metaAndLen = await store.read(HEADER_PREFIX_SIZE, lm + 4);
  const meta = decodeMetaRecords(zstdDecode(metaAndLen.subarray(0, lm), "metadata", 1 << 24));
  const lu = view(metaAndLen).getUint32(lm, true);
  const userStart = metaEnd + 4;
  if (userStart + lu > size) {
    throw new CddError(Status.FORMAT, `truncated file: user metadata of ${lu} bytes runs past ${size}`);
  }
  const userMeta = lu === 0 ? undefined : zstdDecode(await store.read(userStart, lu), "user metadata");
  return { meta, userMeta, headerEnd: userStart + lu };
}

/** Serializes the header up to (not including) index block 0. */
export function serializeHeader(
  meta: ArrayMeta,
  userMeta: Uint8Array | undefined,
  compress: BlobCompressor = zstdEncodeRaw,
): Uint8Array {
  const metaBlob = compress(encodeMetaRecords(meta));
  const userBlob = userMeta === undefined ? undefined : compress(userMeta);
  const b = new ByteBuilder(HEADER_PREFIX_SIZE + metaBlob.length + 8 + (userBlob?.length ?? 0));
  b.bytes(MAGIC).u32(FORMAT_VERSION).u32(metaBlob.length).bytes(metaBlob);
  b.u32(userBlob?.length ?? 0);
  if (userBlob) b.bytes(userBlob);
  return b.finish().slice();
}
