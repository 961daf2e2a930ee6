// version.ts — this package's version, written into the metadata's `writer` record.
export const PACKAGE_VERSION = "0.1.0";
