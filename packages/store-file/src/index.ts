// index.ts — @cdd/store-file: a file ByteStore for @cdd/format and its writer-lock strategies.
export { FileStore, type FileStoreMode, type FileStoreOptions } from "./file-store.js";
export { type FileLocker, lockFileLocker, noLocker } from "./locker.js";
