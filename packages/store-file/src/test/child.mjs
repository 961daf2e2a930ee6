// child.mjs — the other process of machine.test.ts (run with node, importing the built packages):
//   write PATH ROWS      create PATH, append ROWS deterministic rows in random batches, flushing most of
//                        them; prints the committed row count after each flush returned, then "done"
//   hold PATH            open PATH to append (taking the writer lock), print "L", wait for stdin to end
//   open-append PATH     try to open PATH to append; prints "OK" or "<status> <message>"
import { CddError, Dtype, Writer } from "@cdd/format";
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

const [mode, path, arg] = process.argv.slice(2);
try {
  if (mode === "write") {
    const rows = Number(arg);
    const store = await FileStore.open(path, { mode: "create" });
    const w = await Writer.create(store, { dtype: Dtype.FLOAT64, rowShape: [ROW], chunkRows: 64, indexCapacity: 4 });
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    let at = 0;
    while (at < rows) {
      const n = Math.min(rows - at, 1 + Math.floor(rnd() * 150));
      await w.append(expected(at, n));
      at += n;
      if (rnd() < 0.8 || at === rows) {
        await w.flush();
        process.stdout.write(`${w.rowsCommitted}\n`);
      }
    }
    await w.close();
    await store.close();
    process.stdout.write("done\n");
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
