// locker.ts — the single-writer lock of a file store. The C core takes flock(LOCK_EX|LOCK_NB) on the file
// itself; Node has no flock, so the default here is a lock file beside the data file, and
// @cdd/codec-native's `nativeFileLocker` takes the very flock the core takes (compatible with C writers).
import { open, readFile, unlink } from "node:fs/promises";
import { CddError, Status } from "@cdd/format";

/** Takes/releases the writer lock of an open file (`fd`) at `path`. lock() throws CddError LOCKED if held. */
export interface FileLocker {
  readonly kind: string;
  lock(path: string, fd: number): Promise<void>;
  unlock(path: string, fd: number): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * `<path>.lock`, created exclusively and holding the owner's pid; a lock file whose process is gone is
 * taken over. Limitation: the C core does not look at it (use nativeFileLocker to exclude C writers too).
 */
export const lockFileLocker: FileLocker = {
  kind: "lockfile",
  async lock(path) {
    const lockPath = `${path}.lock`;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fh = await open(lockPath, "wx");
        await fh.writeFile(String(process.pid));
        await fh.close();
        return;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") {
          throw new CddError(Status.IO, `cannot create lock file ${lockPath}: ${(e as Error).message}`);
        }
      }
      const owner = Number.parseInt(await readFile(lockPath, "utf8").catch(() => ""), 10);
      if (Number.isInteger(owner) && owner > 0 && alive(owner)) {
        throw new CddError(Status.LOCKED, `${path}: another writer (pid ${owner}) holds the lock file ${lockPath}`);
      }
      await unlink(lockPath).catch(() => undefined); // stale: its process is gone
    }
    throw new CddError(Status.LOCKED, `${path}: lock file ${lockPath} is held`);
  },
  async unlock(path) {
    await unlink(`${path}.lock`).catch(() => undefined);
  },
};

/** No locking at all (the caller guarantees a single writer). */
export const noLocker: FileLocker = {
  kind: "none",
  async lock() {},
  async unlock() {},
};
