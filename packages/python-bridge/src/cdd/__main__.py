"""`python -m cdd`: convert (zarr -> .cdd), bench (CDD vs zarr, blosc2, TensorStore), info (a file's
metadata as JSON)."""

from __future__ import annotations

import argparse
import json
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cdd", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    from . import convert

    convert.add_arguments(sub.add_parser("convert", help="convert a zarr v2/v3 array to .cdd (resumable)"))

    from . import bench

    bench.add_arguments(sub.add_parser("bench", help="benchmark CDD against zarr, blosc2 and TensorStore"))

    info = sub.add_parser("info", help="print a file's metadata as JSON")
    info.add_argument("path")

    args = parser.parse_args(argv)
    if args.command == "convert":
        return convert.main(args)
    if args.command == "bench":
        return bench.main(args)
    from . import open as cdd_open

    with cdd_open(args.path) as r:
        meta = r.metadata
        meta["shape"] = list(r.shape)
        meta["user_metadata_bytes"] = len(r.user_metadata)
        print(json.dumps(meta, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
