// machine.test.ts — real files shared with another process and the machine's errors through FileStore:
// one writer process with four reader processes (test/child.mjs) following it by refresh() (100,000
// rows; every row they see checked against the deterministic data, never a torn or unflushed one), a writer lock
// held by another process, permission denied (checked as an unprivileged user when running as root), and
// a full disk (a 256 KiB tmpfs, when this runs as root and may mount one; skipped with the reason else).
import { execFileSync, spawn } from "node:child_process";
import { chmod, mkdtemp, rm, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CddError, Dtype, Reader, Status, Writer } from "@cdd/format";
import { FileStore } from "./index.js";

const CHILD = fileURLToPath(new URL("./test/child.mjs", import.meta.url));
const ROW = 4;

function expected(first: number, n: number): Float64Array {
  const out = new Float64Array(n * ROW);
  for (let k = 0; k < n; k++) {
    const i = first + k;
    out.set([100 + Math.round(Math.sin(i / 50) * 400) / 100, ((i * 7919) % 1000) / 10, (i % 13) + 1, i], k * ROW);
  }
  return out;
}

function same(got: ArrayBufferView, want: Float64Array): boolean {
  return Buffer.from(got.buffer, got.byteOffset, got.byteLength).equals(Buffer.from(want.buffer));
}

/** A child process of test/child.mjs whose stdout lines arrive through next(). */
function child(args: string[], uid?: number) {
  const p = spawn(process.execPath, [CHILD, ...args], {
    stdio: ["pipe", "pipe", "inherit"],
    ...(uid !== undefined ? { uid, gid: uid } : {}),
  });
  const lines: string[] = [];
  const waiters: (() => void)[] = [];
  let buf = "";
  let ended = false;
  p.stdout.setEncoding("utf8");
  p.stdout.on("data", (d: string) => {
    buf += d;
    for (let nl = buf.indexOf("\n"); nl >= 0; nl = buf.indexOf("\n")) {
      lines.push(buf.slice(0, nl));
      buf = buf.slice(nl + 1);
    }
    waiters.splice(0).forEach((f) => f());
  });
  p.stdout.on("end", () => {
    ended = true;
    waiters.splice(0).forEach((f) => f());
  });
  const exited = new Promise<number | null>((resolve) => p.on("exit", (code) => resolve(code)));
  return {
    proc: p,
    exited,
    /** The next line, or undefined once the child closed its stdout. */
    async next(): Promise<string | undefined> {
      while (lines.length === 0 && !ended) await new Promise<void>((r) => waiters.push(r));
      return lines.shift();
    },
  };
}

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "cdd-machine-"));
  await chmod(dir, 0o755); // the unprivileged user of the permission test must reach its file
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeFileRows(path: string, rows: number): Promise<void> {
  const s = await FileStore.open(path, { mode: "create" });
  const w = await Writer.create(s, { dtype: Dtype.FLOAT64, rowShape: [ROW], chunkRows: 64 });
  await w.append(expected(0, rows));
  await w.close();
  await s.close();
}

async function expectFile(path: string, rows: number): Promise<void> {
  const s = await FileStore.open(path);
  const r = await Reader.open(s);
  expect(r.numRows).toBe(rows);
  expect(same(await r.readRows(0, rows), expected(0, rows))).toBe(true);
  await s.close();
}

describe("StoreFile across processes and machine errors", () => {
  it("one writer process, four reader processes following it with refresh(): every flushed row, never a wrong one", async () => {
    const rows = 100000;
    const path = join(dir, "swmr.cdd");
    const w = child(["write", path, String(rows), "gate"]);
    const first = await w.next(); // the first flush: readers open a file that has rows, mid-append
    expect(Number(first)).toBeGreaterThan(0);
    const readers = [0, 1, 2, 3].map((i) => child(["follow", path, String(rows), i % 2 ? "sync" : "async"]));
    for (const r of readers) expect(await r.next()).toBe("ready");
    w.proc.stdin.write("go\n");
    const reports: string[] = [];
    for (let l = await w.next(); l !== undefined; l = await w.next()) reports.push(l);
    expect(reports[reports.length - 1]).toBe("done");
    expect(await w.exited).toBe(0);
    expect(reports.length).toBeGreaterThan(100); // many flushes, each a state a reader may see
    for (const r of readers) {
      const [word, seen, refreshes, checked] = String(await r.next()).split(" ");
      expect(word).toBe("ok");
      expect(Number(seen)).toBe(rows);
      expect(Number(checked)).toBeGreaterThanOrEqual(rows);
      expect(Number(refreshes)).toBeGreaterThan(1);
      expect(await r.exited).toBe(0);
    }
    await expectFile(path, rows);
  }, 180000);

  it("a writer lock held by another process: LOCKED, readers unaffected, free once it ends", async () => {
    const path = join(dir, "locked.cdd");
    await writeFileRows(path, 300);
    const holder = child(["hold", path]);
    expect(await holder.next()).toBe("L");
    const s = await FileStore.open(path, { mode: "write" });
    await expect(Writer.openAppend(s)).rejects.toSatisfy((e: unknown) => CddError.isInstance(e) && e.code === Status.LOCKED);
    await expectFile(path, 300);
    holder.proc.stdin.end();
    expect(await holder.exited).toBe(0);
    const w = await Writer.openAppend(s);
    await w.append(expected(300, 10));
    await w.close();
    await s.close();
    await expectFile(path, 310);
  }, 60000);

  it("permission denied is IO naming the file; the file stays readable", async () => {
    const path = join(dir, "readonly.cdd");
    await writeFileRows(path, 200);
    await chmod(path, 0o444);
    // Root bypasses permissions: the refusal is checked as the unprivileged user 65534.
    const c = child(["open-append", path], isRoot ? 65534 : undefined);
    const said = await c.next();
    await c.exited;
    expect(said).toMatch(new RegExp(`^${Status.IO} cannot open .*readonly\\.cdd.*EACCES`));
    await expectFile(path, 200);
  }, 60000);

  it("a full disk (tmpfs): IO ENOSPC, the writer stops, flushed rows survive, appending resumes", async (ctx) => {
    if (!isRoot) ctx.skip("not root: cannot mount a tmpfs (the injected ENOSPC test of @cdd/format still runs)");
    const mnt = join(dir, "tmpfs");
    execFileSync("mkdir", ["-p", mnt]);
    try {
      execFileSync("mount", ["-t", "tmpfs", "-o", "size=256k", "tmpfs", mnt], { stdio: "pipe" });
    } catch (e) {
      ctx.skip(`cannot mount a tmpfs at ${mnt}: ${(e as Error).message}`);
    }
    try {
      const path = join(mnt, "full.cdd");
      await writeFile(join(mnt, "filler"), Buffer.alloc(64 << 10, 1));
      const s = await FileStore.open(path, { mode: "create" });
      const w = await Writer.create(s, { dtype: Dtype.FLOAT64, rowShape: [ROW], chunkRows: 64, sync: true });
      let rows = 0;
      let lastOk = 0;
      let error: unknown;
      while (error === undefined) {
        try {
          rows += 97;
          await w.append(expected(rows - 97, 97));
          await w.flush();
          lastOk = rows;
        } catch (e) {
          error = e;
        }
      }
      expect(CddError.isInstance(error) && error.code === Status.IO).toBe(true);
      expect((error as Error).message).toMatch(/ENOSPC/);
      await expect(w.close()).rejects.toThrow(/writer stopped after an earlier failure/);
      await s.close();
      const rs = await FileStore.open(path);
      const r = await Reader.open(rs);
      expect(r.numRows).toBeGreaterThanOrEqual(lastOk);
      const have = r.numRows;
      expect(same(await r.readRows(0, have), expected(0, have))).toBe(true);
      await rs.close();
      await unlink(join(mnt, "filler"));
      const ws = await FileStore.open(path, { mode: "write" });
      const w2 = await Writer.openAppend(ws, { sync: true });
      expect(w2.rowsCommitted).toBe(have);
      await w2.append(expected(have, 100));
      await w2.close();
      await ws.close();
      await expectFile(path, have + 100);
    } finally {
      execFileSync("umount", ["-l", mnt]);
    }
  }, 60000);
});
