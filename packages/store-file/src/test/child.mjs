// child.mjs — the other process of machine.test.ts (run with node, importing the built packages):
//   write PATH ROWS [gate]  create PATH, append ROWS deterministic rows in random batches, flushing most
//                        of them; prints the committed row count after each flush returned, then "done";
//                        with "gate", waits for a line on stdin after the first flush (readers opening)
//   follow PATH ROWS async|sync  open PATH (a file being appended), print "ready", then refresh() until
//                        ROWS rows are seen, checking every new row and a random range after each refresh
//                        against the deterministic data; prints "ok SEEN REFRESHES CHECKED" or the error
//   hold PATH            open PATH to append (taking the writer lock), print "L", wait for stdin to end
//   open-append PATH     try to open PATH to append; prints "OK" or "<status> <message>"
import { createInterface } from "node:readline";
import { CddError, Dtype, Reader, Writer } from "@cdd/format";
import { FileStore } from "../../dist/index.js";

const ROW = 4;
export function expected(first, n) {
  const out = new Float64Array(n * ROW);
  for (let k = 0; k < n; k++) {
    const i = first + k;
    out.set([100 + Math.round(Math.sin(i / 50) * 400) / 100, ((i * 7919) % 1000) / 10, (i % 13) + 1, i], k * ROW);
  }
  return out;
}

function same(got, want) {
  return Buffer.from(got.buffer, got.byteOffset, got.byteLength).equals(Buffer.from(want.buffer));
}

const [mode, path, arg, extra] = process.argv.slice(2);
try {
  if (mode === "write") {
    const rows = Number(arg);
    const store = await FileStore.open(path, { mode: "create" });
    const w = await Writer.create(store, { dtype: Dtype.FLOAT64, rowShape: [ROW], chunkRows: 64, indexCapacity: 4 });
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    let gate = null;
    if (extra === "gate") {
      const rl = createInterface({ input: process.stdin });
      gate = new Promise((resolve) =>
        rl.once("line", () => {
          rl.close();
          process.stdin.destroy(); // nothing more is read: stdin must not keep this process alive
          resolve();
        }),
      );
    }
    let at = 0;
    while (at < rows) {
      const n = Math.min(rows - at, 1 + Math.floor(rnd() * 150));
      await w.append(expected(at, n));
      at += n;
      if (rnd() < 0.8 || at === rows) {
        await w.flush();
        process.stdout.write(`${w.rowsCommitted}\n`);
        if (gate) {
          await gate;
          gate = null;
        }
      }
    }
    await w.close();
    await store.close();
    process.stdout.write("done\n");
  } else if (mode === "follow") {
    const rows = Number(arg);
    const store = await FileStore.open(path, { reads: extra === "sync" ? "sync" : "async" });
    const r = await Reader.open(store);
    process.stdout.write("ready\n");
    let seen = 0;
    let refreshes = 0;
    let checked = 0;
    let seed = process.pid;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const deadline = Date.now() + 120000;
    while (seen < rows) {
      await r.refresh();
      refreshes++;
      const n = r.numRows;
      if (n < seen) throw new Error(`row count went backwards: ${seen} -> ${n}`);
      if (n > seen) {
        if (!same(await r.readRows(seen, n), expected(seen, n - seen))) throw new Error(`rows [${seen}, ${n}) differ`);
        const a = Math.floor(rnd() * n);
        const b = Math.min(n, a + 1 + Math.floor(rnd() * 300));
        if (!same(await r.readRows(a, b), expected(a, b - a))) throw new Error(`rows [${a}, ${b}) differ on a re-read`);
        checked += n - seen + (b - a);
        seen = n;
      } else {
        await new Promise((res) => setTimeout(res, 1));
      }
      if (Date.now() > deadline) throw new Error(`timed out at ${seen} of ${rows} rows`);
    }
    await store.close();
    process.stdout.write(`ok ${seen} ${refreshes} ${checked}\n`);
  } else if (mode === "hold") {
    const store = await FileStore.open(path, { mode: "write" });
    const w = await Writer.openAppend(store);
    process.stdout.write("L\n");
    process.stdin.resume();
    await new Promise((resolve) => process.stdin.on("end", resolve));
    await w.close();
    await store.close();
  } else if (mode === "open-append") {
    const store = await FileStore.open(path, { mode: "write" });
    const w = await Writer.openAppend(store);
    await w.close();
    await store.close();
    process.stdout.write("OK\n");
  }
} catch (e) {
  process.stdout.write(CddError.isInstance(e) ? `${e.code} ${e.message}\n` : `error ${e}\n`);
}
