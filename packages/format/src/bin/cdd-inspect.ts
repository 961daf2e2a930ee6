#!/usr/bin/env node
// cdd-inspect — prints the structure of a CDD file (header, metadata, index blocks, chunks) using only
// @cdd/format. Usage: cdd-inspect FILE [--json] [--verify]. Exit 1 on a bad file or failed verification.
import { open } from "node:fs/promises";
import type { ByteStore } from "../store.js";
import { CddError, Status } from "../errors.js";
import { inspect } from "../inspect.js";

/** A minimal read-only file store, so this tool needs no other package. */
async function openReadOnly(path: string): Promise<ByteStore> {
  let fh;
  try {
    fh = await open(path, "r");
  } catch (e) {
    throw new CddError(Status.IO, `cannot open ${path}: ${(e as Error).message}`);
  }
  const handle = fh;
  const deny = async (): Promise<never> => {
    throw new CddError(Status.STATE, "read-only");
  };
  return {
    writable: false,
    async read(offset, length) {
      const buf = new Uint8Array(length);
      const { bytesRead } = await handle.read(buf, 0, length, offset);
      if (bytesRead !== length) throw new CddError(Status.IO, `${path}: read of ${length} bytes at ${offset} got ${bytesRead}`);
      return buf;
    },
    async size() {
      return (await handle.stat()).size;
    },
    append: deny,
    writeAt: deny,
    truncate: deny,
    async flush() {},
    async close() {
      await handle.close();
    },
  };
}

async function main(argv: string[]): Promise<number> {
  const args = argv.filter((a) => !a.startsWith("--"));
  const json = argv.includes("--json");
  const verify = argv.includes("--verify");
  if (args.length !== 1) {
    process.stderr.write("usage: cdd-inspect FILE [--json] [--verify]\n");
    return 2;
  }
  const store = await openReadOnly(args[0]!);
  try {
    const rep = await inspect(store, { verify });
    if (json) {
      process.stdout.write(JSON.stringify(rep, null, 2) + "\n");
    } else {
      const out: string[] = [];
      out.push(`format version ${rep.formatVersion}, writer ${rep.writer ?? "(none)"}`);
      out.push(`dtype ${rep.dtype}, row shape [${rep.rowShape.join(", ")}], ${rep.numRows} rows in ${rep.numChunks} chunks`);
      out.push(`codec ${rep.codec} level ${rep.codecLevel} flags ${rep.codecFlags}, chunk target ${rep.chunkTargetBytes} B, chunk rows ${rep.chunkRows}, index capacity ${rep.indexCapacity}`);
      out.push(`user metadata: ${rep.userMetaBytes} bytes`);
      for (const [i, b] of rep.indexBlocks.entries()) {
        out.push(`index block ${i} @${b.offset}: ${b.type}, ${b.count}/${b.capacity} slots, seq ${b.seq}, next ${b.next}`);
      }
      for (const c of rep.chunks) {
        out.push(`chunk ${c.index} @${c.offset}: ${c.type} flags ${c.flags}, rows ${c.firstRow}..${c.firstRow + c.rows} (${c.rows}), ${c.storedBytes} B`);
      }
      if (verify) out.push(rep.verifyError === undefined ? "verify: ok" : `verify: FAILED: ${rep.verifyError}`);
      process.stdout.write(out.join("\n") + "\n");
    }
    return verify && rep.verifyError !== undefined ? 1 : 0;
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`cdd-inspect: ${CddError.isInstance(e) ? `${e.statusName}: ${e.message}` : String(e)}\n`);
    process.exit(1);
  },
);
