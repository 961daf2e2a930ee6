"""cdd.progress: plain lines with rows, MB/s and ETA when not a terminal; a bar (tqdm when installed, else
one redrawn line) on a terminal; resumed rows count as done but not in the rates; off prints nothing."""

from __future__ import annotations

import io
import re

from cdd.progress import Progress


class FakeTty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_plain_lines():
    out = io.StringIO()
    p = Progress("convert X", 1000, row_bytes=1000, interval=0, stream=out)
    assert p.mode == "lines"
    p.skip(200)  # resumed: done already
    p.update(300)
    p.update(500)
    p.close()
    lines = out.getvalue().splitlines()
    assert len(lines) == 3
    assert re.fullmatch(r"convert X: 500/1,000 rows \(50\.0%\) [\d.]+ MB/s ETA \d+:\d\d:\d\d", lines[0]), lines[0]
    assert lines[-1].startswith("convert X: 1,000/1,000 rows (100.0%)") and lines[-1].endswith("ETA 0:00:00")
    p.update(1)  # after close: silent
    assert len(out.getvalue().splitlines()) == 3


def test_interval_limits_lines():
    out = io.StringIO()
    p = Progress("x", 100, interval=3600, stream=out)
    for _ in range(100):
        p.update(1)
    p.close()
    assert out.getvalue().count("\n") == 1  # only the last state


def test_bar_on_a_terminal_and_off():
    tty = FakeTty()
    p = Progress("verify X", 50, row_bytes=10, stream=tty)
    assert p.mode == "bar"
    for _ in range(50):
        p.update(1)
    p.close()
    text = tty.getvalue()
    assert "100" in text and "MB/s" in text and "\r" in text  # tqdm, or the self-drawn line
    quiet = io.StringIO()
    q = Progress("x", 10, mode="off", stream=quiet)
    q.update(10)
    q.close()
    assert quiet.getvalue() == ""
