"""The exception hierarchy: one class per cdd_status code, all subclasses of CddError, each carrying the
native message; `check(status)` turns a failing C call into the matching exception."""

from __future__ import annotations

from . import _lib


class CddError(Exception):
    """Any error reported by libcdd. `code` is the cdd_status value, `status` its name."""

    code: int = _lib.E_INTERNAL

    def __init__(self, message: str, code: int | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code

    @property
    def status(self) -> str:
        return _lib.lib.cdd_status_name(self.code).decode()

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


class InvalidArgumentError(CddError, ValueError):
    code = _lib.E_INVALID_ARGUMENT


class CddIOError(CddError):
    """The operating system refused a read, write, open, lock or sync."""

    code = _lib.E_IO


class FormatError(CddError):
    """Not a CDD file, or a structure that violates spec/FORMAT.md (truncated files included)."""

    code = _lib.E_FORMAT


class VersionError(FormatError):
    """A CDD file of a format version this library does not know."""

    code = _lib.E_VERSION


class CorruptChunkError(CddError):
    """A hash mismatch: a chunk or an index block is damaged."""

    code = _lib.E_CORRUPT


class UnsupportedError(CddError):
    code = _lib.E_UNSUPPORTED


class OutOfRangeError(CddError, IndexError):
    code = _lib.E_OUT_OF_RANGE


class NoMemoryError(CddError, MemoryError):
    code = _lib.E_NO_MEMORY


class LockedError(CddError):
    """Another writer holds the file's single-writer lock."""

    code = _lib.E_LOCKED


class StateError(CddError):
    """The handle is closed or in the wrong mode for the call."""

    code = _lib.E_STATE


class CancelledError(CddError):
    """An async read was cancelled because its reader closed while it was in flight."""

    code = _lib.E_CANCELLED


class CodecError(CddError):
    """A codec failed to decode a payload whose hash was valid (or not verified)."""

    code = _lib.E_CODEC


class InternalError(CddError):
    code = _lib.E_INTERNAL


BY_CODE: dict[int, type[CddError]] = {
    cls.code: cls
    for cls in (
        InvalidArgumentError, CddIOError, FormatError, VersionError, CorruptChunkError, UnsupportedError,
        OutOfRangeError, NoMemoryError, LockedError, StateError, CancelledError, CodecError, InternalError,
    )
}


def from_status(code: int, message: str) -> CddError:
    cls = BY_CODE.get(code, CddError)
    if not message:
        message = _lib.lib.cdd_status_name(code).decode()
    return cls(message, code)


def last_error(code: int) -> CddError:
    """The exception for a call that just returned `code` on this thread (reads the thread-local
    message; ctypes calls and this read happen on the same OS thread)."""
    raw = _lib.lib.cdd_last_error_message()
    return from_status(code, raw.decode("utf-8", "replace") if raw else "")


def check(code: int) -> None:
    if code != _lib.OK:
        raise last_error(code)
