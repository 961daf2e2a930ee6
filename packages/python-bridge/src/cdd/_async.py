"""Bridges cdd_reader_read_rows_async to asyncio: one process-wide ctypes callback (kept alive here for
the life of the module) looks up the pending read by its token and resolves its future on the owning
event loop with loop.call_soon_threadsafe. The output buffer stays referenced until then."""

from __future__ import annotations

import asyncio
import ctypes
import itertools
import threading
from typing import Callable, NamedTuple

import numpy as np

from . import _lib
from .errors import from_status, last_error


class _Pending(NamedTuple):
    future: asyncio.Future
    loop: asyncio.AbstractEventLoop
    out: np.ndarray
    done: Callable[[], None]


_pending: dict[int, _Pending] = {}
_lock = threading.Lock()
_tokens = itertools.count(1)


def _settle(future: asyncio.Future, status: int, message: str, out: np.ndarray) -> None:
    if future.done():  # cancelled by the awaiting side: the rows landed in `out` anyway
        return
    if status == _lib.OK:
        future.set_result(out)
    else:
        future.set_exception(from_status(status, message))


def _on_complete(user_data: int | None, status: int, message: bytes | None) -> None:
    # Runs on a libcdd thread, holding the GIL that ctypes took for the call. Must never raise.
    try:
        with _lock:
            op = _pending.pop(user_data or 0, None)
        if op is None:
            return
        op.done()
        text = message.decode("utf-8", "replace") if message else ""
        try:
            op.loop.call_soon_threadsafe(_settle, op.future, status, text, op.out)
        except RuntimeError:  # the loop was closed before the read finished: nobody is waiting
            pass
    except BaseException:  # noqa: BLE001 - an exception here would only be printed by ctypes
        pass


_CALLBACK = _lib.READ_CALLBACK(_on_complete)


def submit(handle: ctypes.c_void_p, start: int, stop: int, out: np.ndarray, future: asyncio.Future,
           loop: asyncio.AbstractEventLoop, done: Callable[[], None]) -> None:
    """Starts the native read of rows [start, stop) into `out`. `done` runs once the native side is
    finished with the reader and the buffer (before the future resolves). Raises if the read could not
    be started (then `done` has not run and will not)."""
    token = next(_tokens)
    with _lock:
        _pending[token] = _Pending(future, loop, out, done)
    code = _lib.lib.cdd_reader_read_rows_async(handle, start, stop, out.ctypes.data, out.nbytes, _CALLBACK, token)
    if code != _lib.OK:
        err = last_error(code)
        with _lock:
            still_pending = _pending.pop(token, None) is not None
        if still_pending:
            raise err
        # The callback already ran (and called done): report through the future it settled.


def in_flight() -> int:
    """Async reads started and not yet completed (for tests and diagnostics)."""
    with _lock:
        return len(_pending)
