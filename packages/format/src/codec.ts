// codec.ts — the codec interface and CodecRegistry: a codec declares the chunk types and dtypes it handles,
// the registry maps a chunk type to its codec (RAW is built in); an unknown type is a typed error naming it.
import { ChunkType, type Dtype, Flag, chunkTypeName, dtypeName } from "./constants.js";
import { CddError, Status } from "./errors.js";
import type { Hash128Fn } from "./hash.js";

/** What a codec knows of the chunk it encodes or decodes. */
export interface ChunkDesc {
  /** Chunk type (§5.1). */
  type: number;
  dtype: Dtype;
  /** Chunk flags (§5.3), LITTLE_ENDIAN included. */
  flags: bigint;
  rows: number;
  rowShape: readonly number[];
  elemSize: number;
  /** Elements of one row (product of rowShape). */
  rowElems: number;
  /** rows · rowElems · elemSize. */
  decodedBytes: number;
  /** Codec parameters from the metadata (tag 10), if any. */
  codecParams?: Uint8Array | undefined;
}

/** One chunk of a batch decode: its payload and where its decoded bytes go. */
export interface DecodeJob {
  desc: ChunkDesc;
  payload: Uint8Array;
  /** Exactly desc.decodedBytes bytes (usually a view into the caller's output). */
  out: Uint8Array;
  /** Names the chunk in errors, e.g. "chunk 17 at offset 73821". */
  where?: string;
}

export interface ChunkCodec {
  /** A stable name, e.g. "RAW", "native" (registering two codecs of one name for a type is harmless). */
  readonly name: string;
  /** The chunk types this codec handles. */
  readonly types: readonly number[];
  /** The dtypes it handles. */
  readonly dtypes: readonly Dtype[];
  /** Throws a CddError when it cannot store this dtype/row shape/flags with `type` (writer: once; reader: per chunk). */
  check?(type: number, dtype: Dtype, rowShape: readonly number[], flags: bigint): void;
  /** The payload of `input` (desc.decodedBytes bytes, row-major LE). */
  encode(desc: ChunkDesc, input: Uint8Array, level: number): Uint8Array;
  /** Decodes `payload` into `out` (exactly desc.decodedBytes bytes). A bad payload is CddError CODEC. */
  decode(desc: ChunkDesc, payload: Uint8Array, out: Uint8Array): void;
  /** Decodes many chunks in one call (the native codecs do this in parallel). */
  decodeBatch?(jobs: readonly DecodeJob[]): void;
  /** The same, off the main thread. */
  decodeBatchAsync?(jobs: readonly DecodeJob[]): Promise<void>;
}

/** RAW (§5.1 type 1): the decoded bytes as they are. */
export const rawCodec: ChunkCodec = {
  name: "RAW",
  types: [ChunkType.RAW],
  dtypes: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
  check(_type, _dtype, _shape, flags) {
    if ((flags & (Flag.LZ4 | Flag.ZSTD)) !== 0n) {
      throw new CddError(Status.INVALID_ARGUMENT, "RAW chunks take no LZ4/ZSTD flag");
    }
  },
  encode(desc, input) {
    if (input.length !== desc.decodedBytes) {
      throw new CddError(Status.INVALID_ARGUMENT, `RAW encode: ${input.length} bytes, expected ${desc.decodedBytes}`);
    }
    return input.slice();
  },
  decode(desc, payload, out) {
    if (payload.length !== desc.decodedBytes) {
      throw new CddError(Status.CODEC, `RAW payload of ${payload.length} bytes, expected ${desc.decodedBytes}`);
    }
    out.set(payload);
  },
};

function typeLabel(type: number): string {
  const name = chunkTypeName(type);
  return name ? `${type} (${name})` : `${type}`;
}

export class CodecRegistry {
  private readonly byType = new Map<number, ChunkCodec>();
  /**
   * The BLAKE3-128 implementation Readers and Writers using this registry prefer when their options name
   * none (e.g. the native one, set by @cdd/codec-native's registerNativeCodecs); undefined = pure JS.
   */
  hash: Hash128Fn | undefined;

  /** A registry with RAW registered. */
  constructor() {
    this.register(rawCodec);
  }

  /**
   * Registers a codec for every type it declares. The same (type, name) again is harmless; the same type
   * with another name is CddError INVALID_ARGUMENT.
   */
  register(codec: ChunkCodec): this {
    for (const t of codec.types) {
      if (!Number.isInteger(t) || t < 1 || t > 0xffff) {
        throw new CddError(Status.INVALID_ARGUMENT, `codec ${codec.name}: chunk type ${t} is invalid`);
      }
      const had = this.byType.get(t);
      if (had && had.name !== codec.name) {
        throw new CddError(Status.INVALID_ARGUMENT, `chunk type ${typeLabel(t)} is already registered to ${had.name}, not ${codec.name}`);
      }
    }
    for (const t of codec.types) this.byType.set(t, codec);
    return this;
  }

  has(type: number): boolean {
    return this.byType.has(type);
  }

  /** The codec of a chunk type; CddError UNSUPPORTED "unknown chunk type N" when none is registered. */
  get(type: number): ChunkCodec {
    const c = this.byType.get(type);
    if (!c) throw new CddError(Status.UNSUPPORTED, `unknown chunk type ${type}`);
    return c;
  }

  /** The codec for `type` after checking that it handles `dtype` and the flags. */
  resolve(type: number, dtype: Dtype, rowShape: readonly number[], flags: bigint): ChunkCodec {
    const c = this.get(type);
    if (!c.dtypes.includes(dtype)) {
      throw new CddError(Status.UNSUPPORTED, `codec ${c.name} (chunk type ${typeLabel(type)}) does not handle dtype ${dtypeName(dtype)}`);
    }
    c.check?.(type, dtype, rowShape, flags);
    return c;
  }

  /** The registered chunk types, ascending. */
  types(): number[] {
    return [...this.byType.keys()].sort((a, b) => a - b);
  }
}
