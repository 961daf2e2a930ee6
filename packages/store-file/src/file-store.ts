// file-store.ts — FileStore, a ByteStore over one file with positional reads and writes through
// fs/promises FileHandle, fsync on flush(true), and the single-writer lock of a FileLocker.
import { read as readCallback, readSync } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import { type ByteStore, CddError, Status } from "@cdd/format";
import { type FileLocker, lockFileLocker } from "./locker.js";

export type FileStoreMode = "read" | "write" | "create";

export interface FileStoreOptions {
  /** "read" (default): read-only; "write": read-write, the file must exist; "create": created if missing. */
  mode?: FileStoreMode;
  /** Writer lock implementation (default: lock file; nativeFileLocker of @cdd/codec-native: flock like the core). */
  locker?: FileLocker;
  /**
   * How reads reach the OS: "async" (default) through the FileHandle on libuv's thread pool, or "sync":
   * a positional readSync on the caller's thread — no thread hop, so lower latency for the small reads of
   * a Reader on a local disk / page cache, at the price of blocking the event loop while the OS reads.
   */
  reads?: "async" | "sync";
}

export class FileStore implements ByteStore {
  private closed = false;
  private locked = false;

  private constructor(
    private readonly handle: FileHandle,
    readonly path: string,
    readonly writable: boolean,
    private readonly locker: FileLocker,
    private readonly syncReads: boolean,
  ) {}

  static async open(path: string, opts: FileStoreOptions = {}): Promise<FileStore> {
    const mode = opts.mode ?? "read";
    const flags = mode === "read" ? "r" : mode === "write" ? "r+" : "a+";
    let handle: FileHandle;
    try {
      // "a+" creates without truncating; reopen "r+" so positional writes are not forced to the end.
      if (mode === "create") await (await open(path, flags)).close();
      handle = await open(path, mode === "read" ? "r" : "r+");
    } catch (e) {
      throw new CddError(Status.IO, `cannot open ${path} (${mode}): ${(e as Error).message}`, { cause: e });
    }
    return new FileStore(handle, path, mode !== "read", opts.locker ?? lockFileLocker, opts.reads === "sync");
  }

  /** The OS file descriptor (for lockers and native code). */
  get fd(): number {
    return this.handle.fd;
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    this.checkOpen();
    // Not zero-filled: every byte is overwritten by the reads below, or the call throws.
    const buf = new Uint8Array(Buffer.allocUnsafeSlow(length).buffer, 0, length);
    let got = 0;
    while (got < length) {
      const bytesRead = this.syncReads
        ? this.readNow(buf, got, length - got, offset + got)
        : await this.readLater(buf, got, length - got, offset + got);
      if (bytesRead === 0) {
        throw new CddError(Status.IO, `${this.path}: read of ${length} bytes at ${offset} past the end of the file (got ${got})`);
      }
      got += bytesRead;
    }
    return buf;
  }

  // The callback form of fs.read on the FileHandle's descriptor: one libuv request, without the
  // FileHandle promise machinery (measurably cheaper for the small reads of a Reader).
  private readLater(buf: Uint8Array, at: number, length: number, position: number): Promise<number> {
    return new Promise((resolve, reject) => {
      readCallback(this.handle.fd, buf, at, length, position, (err, bytesRead) => {
        if (err) reject(new CddError(Status.IO, `${this.path}: read failed: ${err.message}`, { cause: err }));
        else resolve(bytesRead);
      });
    });
  }

  private readNow(buf: Uint8Array, at: number, length: number, position: number): number {
    try {
      return readSync(this.handle.fd, buf, at, length, position);
    } catch (e) {
      throw new CddError(Status.IO, `${this.path}: read failed: ${(e as Error).message}`, { cause: e });
    }
  }

  async append(bytes: Uint8Array): Promise<number> {
    const at = await this.size();
    await this.writeAt(at, bytes);
    return at;
  }

  async writeAt(offset: number, bytes: Uint8Array): Promise<void> {
    this.checkWritable();
    let done = 0;
    while (done < bytes.length) {
      const { bytesWritten } = await this.io(
        () => this.handle.write(bytes, done, bytes.length - done, offset + done),
        "write",
      );
      // A short write is continued from where it stopped; no progress at all would loop forever.
      if (bytesWritten === 0) throw new CddError(Status.IO, `${this.path}: write at ${offset + done} wrote 0 bytes`);
      done += bytesWritten;
    }
  }

  async size(): Promise<number> {
    this.checkOpen();
    return (await this.io(() => this.handle.stat(), "stat")).size;
  }

  async truncate(size: number): Promise<void> {
    this.checkWritable();
    await this.io(() => this.handle.truncate(size), "truncate");
  }

  async flush(sync = false): Promise<void> {
    this.checkOpen();
    if (sync && this.writable) await this.io(() => this.handle.sync(), "fsync");
  }

  async lock(): Promise<void> {
    this.checkWritable();
    if (this.locked) throw new CddError(Status.LOCKED, `${this.path}: this store already holds the writer lock`);
    await this.locker.lock(this.path, this.handle.fd);
    this.locked = true;
  }

  async unlock(): Promise<void> {
    if (!this.locked || this.closed) return;
    this.locked = false;
    await this.locker.unlock(this.path, this.handle.fd);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.unlock();
    this.closed = true;
    await this.handle.close();
  }

  private async io<T>(op: () => Promise<T>, what: string): Promise<T> {
    try {
      return await op();
    } catch (e) {
      throw new CddError(Status.IO, `${this.path}: ${what} failed: ${(e as Error).message}`, { cause: e });
    }
  }

  private checkOpen(): void {
    if (this.closed) throw new CddError(Status.STATE, `${this.path}: store is closed`);
  }

  private checkWritable(): void {
    this.checkOpen();
    if (!this.writable) throw new CddError(Status.STATE, `${this.path}: store is read-only`);
  }
}
