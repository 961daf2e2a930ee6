// constants.ts — every constant and enumeration of spec/FORMAT.md v1 (magic, version, chunk types, dtypes,
// flags, metadata tags, index-block types and the fixed sizes of each structure).

/** §2: `\x89CDD\r\n\x1a\n`. */
export const MAGIC: Uint8Array = Uint8Array.of(0x89, 0x43, 0x44, 0x44, 0x0d, 0x0a, 0x1a, 0x0a);
/** §2: the only format version this package reads and writes. */
export const FORMAT_VERSION = 1;

/** §5.1 chunk types (= codecs). */
export const ChunkType = {
  RAW: 1,
  ZSTD: 2,
  LZ4: 3,
  SHUFFLE: 4,
  DELTA: 5,
  OKX_OB_F16: 16,
  OKX_OB_F32: 17,
  GENERIC_OB_F16: 18,
  GENERIC_OB_F32: 19,
} as const;
export type ChunkType = (typeof ChunkType)[keyof typeof ChunkType];

/** First code of the band of user/experimental chunk types (§5.1). */
export const USER_CHUNK_TYPE_MIN = 32768;

/** §5.2 dtypes. */
export const Dtype = {
  FLOAT16: 1,
  BFLOAT16: 2,
  FLOAT32: 3,
  FLOAT64: 4,
  INT8: 5,
  INT16: 6,
  INT32: 7,
  INT64: 8,
  UINT8: 9,
  UINT16: 10,
  UINT32: 11,
  UINT64: 12,
} as const;
export type Dtype = (typeof Dtype)[keyof typeof Dtype];

const DTYPE_INFO: Record<Dtype, { name: string; size: number }> = {
  1: { name: "float16", size: 2 },
  2: { name: "bfloat16", size: 2 },
  3: { name: "float32", size: 4 },
  4: { name: "float64", size: 8 },
  5: { name: "int8", size: 1 },
  6: { name: "int16", size: 2 },
  7: { name: "int32", size: 4 },
  8: { name: "int64", size: 8 },
  9: { name: "uint8", size: 1 },
  10: { name: "uint16", size: 2 },
  11: { name: "uint32", size: 4 },
  12: { name: "uint64", size: 8 },
};

export function isDtype(code: number): code is Dtype {
  return Number.isInteger(code) && code >= 1 && code <= 12;
}
/** Bytes of one element; 0 for an unknown code. */
export function dtypeSize(code: number): number {
  return isDtype(code) ? DTYPE_INFO[code].size : 0;
}
/** "float32", ...; undefined for an unknown code. */
export function dtypeName(code: number): string | undefined {
  return isDtype(code) ? DTYPE_INFO[code].name : undefined;
}
/** The dtype code of a name ("float16", ...), or undefined. */
export function dtypeFromName(name: string): Dtype | undefined {
  for (const [code, info] of Object.entries(DTYPE_INFO)) if (info.name === name) return Number(code) as Dtype;
  return undefined;
}
export function isIntegerDtype(code: number): boolean {
  return code >= Dtype.INT8 && code <= Dtype.UINT64;
}

const CHUNK_TYPE_NAMES = new Map<number, string>(Object.entries(ChunkType).map(([k, v]) => [v, k]));
/** "ZSTD", "OKX_OB_F16", ...; undefined for a code without a name in v1. */
export function chunkTypeName(code: number): string | undefined {
  return CHUNK_TYPE_NAMES.get(code);
}

/** §5.3 chunk flags (u64, as bigint). */
export const Flag = {
  LZ4: 1n << 0n,
  ZSTD: 1n << 1n,
  LITTLE_ENDIAN: 1n << 2n,
  BIG_ENDIAN: 1n << 3n,
  DOWN_CAST_8: 1n << 4n,
  DOWN_CAST_16: 1n << 5n,
  DOWN_CAST_32: 1n << 6n,
  DOWN_CAST_64: 1n << 7n,
  DOWN_CAST_128: 1n << 8n,
  RESERVED: 1n << 63n,
} as const;
/** Every flag bit v1 knows (RESERVED excluded: it must be zero). */
export const KNOWN_FLAGS: bigint = (1n << 9n) - 1n;
export const DOWN_CAST_MASK: bigint =
  Flag.DOWN_CAST_8 | Flag.DOWN_CAST_16 | Flag.DOWN_CAST_32 | Flag.DOWN_CAST_64 | Flag.DOWN_CAST_128;
export const STAGE_MASK: bigint = Flag.LZ4 | Flag.ZSTD;

/** §3 metadata record tags. */
export const MetaTag = {
  DTYPE: 1,
  ROW_SHAPE: 2,
  CODEC: 3,
  CODEC_LEVEL: 4,
  CODEC_FLAGS: 5,
  CHUNK_TARGET_BYTES: 6,
  CHUNK_ROWS: 7,
  INDEX_CAPACITY: 8,
  WRITER: 9,
  CODEC_PARAMS: 10,
} as const;
export type MetaTag = (typeof MetaTag)[keyof typeof MetaTag];

/** §4 index-block types. */
export const IndexType = { RAW: 1, LZ4: 2 } as const;
export type IndexType = (typeof IndexType)[keyof typeof IndexType];

// §2 header: magic (8) + version (4) + metadata length (4).
export const HEADER_PREFIX_SIZE = 16;
// §4.1: fixed part of an index block: size u32 @0, type u16 @4, pad u16 @6, capacity u32 @8,
// pad u32 @12, record A @16, record B @56; slots start @96.
export const INDEX_FIXED_SIZE = 96;
export const COMMIT_RECORD_SIZE = 40;
export const RECORD_A_OFFSET = 16;
export const RECORD_B_OFFSET = RECORD_A_OFFSET + COMMIT_RECORD_SIZE; // 56
export const INDEX_SLOTS_OFFSET = RECORD_B_OFFSET + COMMIT_RECORD_SIZE; // 96
/** §4.2: LZ4 blocks carry u32 C at 96 and the compressed slots at 100. */
export const LZ4_INDEX_PAYLOAD_OFFSET = INDEX_SLOTS_OFFSET + 4; // 100
/** §4.4 / §8 limits of index capacities. */
export const MAX_INDEX_CAPACITY = 1 << 20;
export const DEFAULT_INDEX_CAPACITY = 1024;
export const MAX_GROWN_INDEX_CAPACITY = 65536;

// §5 chunk frame: size u32 @0, type u16 @4, dtype u16 @6, hash 16 @8, flags u64 @24, shape u32[] @32.
export const FRAME_HASH_OFFSET = 8;
export const FRAME_FLAGS_OFFSET = 24;
export const FRAME_SHAPE_OFFSET = 32;
/** §5: a chunk shape has 2..8 dims plus the terminating 0. */
export const MAX_CHUNK_DIMS = 8;
export const MAX_ROW_DIMS = 7;
/** §5: decoded chunks larger than this are refused. */
export const MAX_DECODED_CHUNK_BYTES = 2 ** 31;

/** Raw byte size of the index block that holds `capacity` slots (§4.1). */
export function rawIndexBlockSize(capacity: number): number {
  return INDEX_FIXED_SIZE + 16 * capacity;
}
