// errors.ts — CddError, the one error type of the TypeScript packages, with a `code` that mirrors the C
// ABI's cdd_status (native/include/cdd/cdd.h) so that TS and native errors compare by code.

export const Status = {
  OK: 0,
  INVALID_ARGUMENT: 1,
  IO: 2,
  FORMAT: 3,
  VERSION: 4,
  CORRUPT: 5,
  UNSUPPORTED: 6,
  OUT_OF_RANGE: 7,
  NO_MEMORY: 8,
  LOCKED: 9,
  STATE: 10,
  CANCELLED: 11,
  CODEC: 12,
  INTERNAL: 13,
} as const;
export type Status = (typeof Status)[keyof typeof Status];

const STATUS_NAMES = new Map<number, string>(Object.entries(Status).map(([k, v]) => [v, `CDD_E_${k}`]));
/** "CDD_E_CORRUPT", ... as cdd_status_name(); "CDD_E_UNKNOWN" for unknown codes. */
export function statusName(code: number): string {
  if (code === Status.OK) return "CDD_OK";
  return STATUS_NAMES.get(code) ?? "CDD_E_UNKNOWN";
}

const MARKER = Symbol.for("@cdd/format.CddError");

export class CddError extends Error {
  readonly code: Status;
  readonly [MARKER] = true;

  constructor(code: Status, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "CddError";
    this.code = code;
  }

  /** "CDD_E_FORMAT", ... */
  get statusName(): string {
    return statusName(this.code);
  }

  /** True for any CddError, also one thrown by another copy of this package. */
  static isInstance(value: unknown): value is CddError {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[MARKER] === true;
  }
}

/** Throws a CddError with `code` and `message` when `cond` holds. */
export function failIf(cond: boolean, code: Status, message: string | (() => string)): void {
  if (cond) throw new CddError(code, typeof message === "function" ? message() : message);
}
