"""Progress of long Python-side work (convert, bench): rows, MB/s and ETA, thread-safe.

On a terminal (stderr is a TTY) a bar: tqdm when installed, else rich, else one line redrawn with "\\r".
Elsewhere (CI logs, pipes) plain lines, one every `interval` seconds and one at the end, e.g.
    convert BTC: 12,000/27,000 rows (44.4%) 35.1 MB/s ETA 0:00:03
"""

from __future__ import annotations

import sys
import threading
import time
from typing import Any, TextIO


def _eta(seconds: float) -> str:
    if seconds != seconds or seconds == float("inf"):
        return "?"
    s = int(seconds + 0.5)
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}"


class Progress:
    """update(rows, nbytes) from any thread; close() prints the final state.

    mode: "auto" (bar on a TTY, lines otherwise), "bar", "lines" or "off"."""

    def __init__(self, desc: str, total_rows: int, *, initial_rows: int = 0, row_bytes: float = 0.0,
                 mode: str = "auto", interval: float = 5.0, stream: TextIO | None = None,
                 clock_from_first_update: bool = False) -> None:
        self.desc, self.total, self.n = desc, int(total_rows), int(initial_rows)
        self.row_bytes, self.interval = float(row_bytes), float(interval)
        self.stream = stream if stream is not None else sys.stderr
        self._lock = threading.Lock()
        self._t0 = time.perf_counter()
        self._n0 = self.n
        self._bytes = 0.0
        self._last = self._t0
        self._t_end: float | None = None  # when the last row was done: the rates stop there
        self._waiting = clock_from_first_update  # a phase that starts later (verification) times from then
        if mode == "auto":
            isatty = getattr(self.stream, "isatty", None)
            mode = "bar" if isatty is not None and isatty() else "lines"
        self.mode = mode
        self._bar: Any = None
        self._kind = ""
        if mode == "bar":
            try:
                from tqdm import tqdm  # type: ignore[import-not-found]

                self._bar = tqdm(total=self.total, initial=self.n, desc=desc, unit="rows", unit_scale=True,
                                 file=self.stream, dynamic_ncols=True)
                self._kind = "tqdm"
            except ImportError:
                try:
                    from rich.progress import (BarColumn, MofNCompleteColumn, Progress as RichProgress,
                                               TextColumn, TimeRemainingColumn, TransferSpeedColumn)

                    self._bar = RichProgress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                             TransferSpeedColumn(), TimeRemainingColumn())
                    self._bar.start()
                    self._task = self._bar.add_task(desc, total=self.total * max(self.row_bytes, 1.0),
                                                    completed=self.n * max(self.row_bytes, 1.0))
                    self._kind = "rich"
                except ImportError:
                    self._kind = "line"

    def rates(self) -> tuple[float, float, float]:
        """(rows/s, MB/s, seconds left) since the start."""
        end = self._t_end if self._t_end is not None else time.perf_counter()
        dt = max(end - self._t0, 1e-9)
        rows_s = (self.n - self._n0) / dt
        mb_s = self._bytes / dt / 1e6
        left = (self.total - self.n) / rows_s if rows_s > 0 else float("inf")
        return rows_s, mb_s, left

    def text(self) -> str:
        rows_s, mb_s, left = self.rates()
        pct = 100.0 * self.n / self.total if self.total else 100.0
        return (f"{self.desc}: {self.n:,}/{self.total:,} rows ({pct:.1f}%) {mb_s:.1f} MB/s "
                f"ETA {_eta(left) if self.n < self.total else '0:00:00'}")

    def skip(self, rows: int) -> None:
        """Rows already done before this run (resumed work): counted as done, not in the rates."""
        with self._lock:
            self.n += int(rows)
            self._n0 += int(rows)
            if self._kind == "tqdm":
                self._bar.update(int(rows))

    def update(self, rows: int, nbytes: float | None = None) -> None:
        with self._lock:
            if self._waiting:
                self._waiting = False
                self._t0 = self._last = time.perf_counter()
            self.n += int(rows)
            self._bytes += rows * self.row_bytes if nbytes is None else float(nbytes)
            if self.n >= self.total and self._t_end is None:
                self._t_end = time.perf_counter()
            if self.mode == "off":
                return
            if self._kind == "tqdm":
                self._bar.update(int(rows))
                self._bar.set_postfix_str(f"{self.rates()[1]:.1f} MB/s", refresh=False)
                return
            if self._kind == "rich":
                self._bar.update(self._task, advance=rows * max(self.row_bytes, 1.0))
                return
            now = time.perf_counter()
            if self.mode == "bar":  # the self-drawn line, five times a second
                if now - self._last >= 0.2 or self.n >= self.total:
                    self._last = now
                    self.stream.write("\r" + self.text() + "   ")
                    self.stream.flush()
            elif now - self._last >= self.interval:
                self._last = now
                self.stream.write(self.text() + "\n")
                self.stream.flush()

    def close(self) -> None:
        with self._lock:
            if self.mode == "off":
                return
            if self._kind == "tqdm":
                self._bar.close()
            elif self._kind == "rich":
                self._bar.stop()
            elif self.mode == "bar":
                self.stream.write("\r" + self.text() + "\n")
            else:
                self.stream.write(self.text() + "\n")
            self.stream.flush()
            self.mode = "off"
