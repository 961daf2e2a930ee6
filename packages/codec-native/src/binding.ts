// binding.ts — loads the compiled addon (build/Release/cdd_node.node) and types its raw functions. The raw
// binding stays private: the rest of the package validates arguments and maps errors before calling it.
import { createRequire } from "node:module";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CddError, Status } from "@cdd/format";

/** The writer settings a chunk type starts from (the core's cdd_writer_options_set_codec). */
export interface NativeCodecPreset {
  /** Stage flag (LZ4 or ZSTD, or 0). */
  codecFlags: bigint;
  level: number;
  chunkTargetBytes: number;
  /** Metadata tag 10 (empty: the codec's own default). */
  codecParams: Uint8Array;
}

export interface RawCoreReader {
  numRows(): number;
  numChunks(): number;
  info(): Record<string, unknown>;
  readRows(start: number, end: number, out: Uint8Array): void;
  readChunk(chunk: number, out: Uint8Array): void;
  refresh(): void;
  close(): void;
}

export interface RawCoreWriter {
  append(data: ArrayBufferView, nrows: number): void;
  flush(): void;
  rowsCommitted(): number;
  close(): void;
}

export interface RawBinding {
  encode(type: number, dtype: number, flags: bigint, rows: number, rowShape: readonly number[], level: number, input: Uint8Array, codecParams?: Uint8Array): Uint8Array;
  decode(type: number, dtype: number, flags: bigint, rows: number, rowShape: readonly number[], payload: Uint8Array, out: Uint8Array): void;
  decodeBatch(dtype: number, rowShape: readonly number[], types: Uint16Array, flags: BigUint64Array, rows: Float64Array,
    payloads: Uint8Array[], outs: Uint8Array[], threads: number): void;
  decodeBatchAsync(dtype: number, rowShape: readonly number[], types: Uint16Array, flags: BigUint64Array, rows: Float64Array,
    payloads: Uint8Array[], outs: Uint8Array[], threads: number): Promise<void>;
  check(type: number, dtype: number, rowShape: readonly number[], flags: bigint): void;
  hash128(parts: readonly Uint8Array[]): Uint8Array;
  codecName(type: number): string | undefined;
  codecPreset(type: number): NativeCodecPreset | undefined;
  CoreReader: new (source: string | Uint8Array, opts?: { verifyChunks?: boolean; threads?: number }) => RawCoreReader;
  CoreWriter: new (path: string, opts?: Record<string, unknown>) => RawCoreWriter;
  verifyFile(path: string): void;
  generate(
    kind: 0 | 1 | 2,
    seed: number | bigint,
    rows: number,
    regime?: string,
  ): Float32Array | Uint16Array | BigInt64Array;
  simdTarget(): string;
  setSimdTarget(name: string): void;
  version(): { library: string; abi: number; format: number };
  flock(fd: number): boolean;
  funlock(fd: number): void;
}

const here = dirname(fileURLToPath(import.meta.url));
const candidates = [join(here, "..", "build", "Release", "cdd_node.node"), join(here, "..", "build", "cdd_node.node")];

function load(): RawBinding {
  const require = createRequire(import.meta.url);
  const tried: string[] = [];
  for (const path of candidates) {
    if (!existsSync(path)) {
      tried.push(`${path} (not built)`);
      continue;
    }
    return require(path) as RawBinding;
  }
  throw new CddError(
    Status.UNSUPPORTED,
    `@cdd/codec-native: the native addon is not built (tried ${tried.join(", ")}). ` +
      "Run `pnpm --filter @cdd/codec-native build` (needs cmake, ninja-build, g++ and libzstd-dev liblz4-dev " +
      "libhwy-dev libtbb-dev librust-blake3-dev on Debian).",
  );
}

let cached: RawBinding | undefined;
/** The raw addon, loaded on first use. */
export function binding(): RawBinding {
  cached ??= load();
  return cached;
}

/** Whether the addon is built (without throwing). */
export function isAvailable(): boolean {
  return candidates.some((p) => existsSync(p));
}

/** Runs a native call, turning addon errors (with `cddCode`) into CddError; `where` names the subject. */
export function call<T>(fn: () => T, where?: (e: { cddJob?: number }) => string | undefined): T {
  try {
    return fn();
  } catch (e) {
    throw toCddError(e, where);
  }
}

export function toCddError(e: unknown, where?: (e: { cddJob?: number }) => string | undefined): unknown {
  if (e instanceof Error && typeof (e as { cddCode?: unknown }).cddCode === "number") {
    const prefix = where?.(e as { cddJob?: number });
    const code = (e as unknown as { cddCode: Status }).cddCode;
    return new CddError(code, prefix ? `${prefix}: ${e.message}` : e.message, { cause: e });
  }
  return e;
}
