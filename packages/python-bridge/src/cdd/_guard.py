"""A shared/exclusive guard for one native handle. Sync calls and async reads in flight share it;
refresh takes it exclusively (waits for both kinds), close waits only for sync calls — the native close
itself cancels or waits for the async reads in flight — so the handle is never refreshed or freed under a
read.

Synchronous calls enter and leave without taking the lock (they are the hot path: a single-row read costs
a few microseconds in all): each appends to and pops from a list, which the GIL makes atomic, and only then
looks at the exclusive flag; a refresh or close sets that flag under the lock and then waits for the list
to empty, so either it sees the call, or the call sees the flag and backs off to the locked path."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Iterator

from .errors import StateError


class HandleGuard:
    def __init__(self, what: str) -> None:
        self._what = what
        self._cv = threading.Condition(threading.Lock())
        self._calls: list[None] = []  # one entry per synchronous native call running
        self._async = 0  # async reads started and not yet completed
        self._exclusive = False
        self._closed = False

    @property
    def closed(self) -> bool:
        return self._closed

    def _enter(self, is_async: bool) -> None:
        with self._cv:
            while self._exclusive:
                self._cv.wait()
            if self._closed:
                raise StateError(f"{self._what} is closed")
            if is_async:
                self._async += 1
            else:
                self._calls.append(None)

    def enter(self) -> None:
        calls = self._calls
        calls.append(None)
        if self._exclusive or self._closed:  # a refresh or close is waiting or running: wait for it
            self.leave()
            self._enter(False)

    def leave(self) -> None:
        self._calls.pop()
        if self._exclusive:
            with self._cv:
                self._cv.notify_all()

    def enter_async(self) -> None:
        self._enter(True)

    def leave_async(self) -> None:
        with self._cv:
            self._async -= 1
            if self._async == 0:
                self._cv.notify_all()

    @contextmanager
    def shared(self) -> Iterator[None]:
        self._enter(False)
        try:
            yield
        finally:
            self.leave()

    @contextmanager
    def exclusive(self, closing: bool = False) -> Iterator[bool]:
        """Holds the handle alone: waits for sync calls, and unless closing for async reads too. Yields
        True; when closing an already closed handle yields False (nothing to do); otherwise a closed
        handle raises StateError."""
        with self._cv:
            while self._exclusive:
                self._cv.wait()
            already_closed = self._closed
            if not already_closed:
                self._exclusive = True
                while self._calls or (self._async and not closing):
                    self._cv.wait()
        if already_closed:
            if not closing:
                raise StateError(f"{self._what} is closed")
            yield False
            return
        try:
            yield True
        finally:
            with self._cv:
                self._exclusive = False
                if closing:
                    self._closed = True
                self._cv.notify_all()
