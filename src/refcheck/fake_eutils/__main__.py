"""`python -m refcheck.fake_eutils`: run the fake E-utilities for demos and benchmarks.

Prints the base URL on stdout (one line, flushed) so a launching script can
read it and export `REFCHECK_EUTILS_URL`; `--url-file` writes it too, for
shells that background the process. Serves until SIGTERM or SIGINT.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path
from types import FrameType

from refcheck.fake_eutils.server import FakeEutils


def _limit(text: str) -> float | None:
    return None if text.lower() in ("none", "off", "0") else float(text)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m refcheck.fake_eutils",
        description="A fake NCBI E-utilities server on 127.0.0.1 (efetch, esummary, "
        "esearch, ecitmatch) with NCBI's rate limit and switchable faults.",
    )
    p.add_argument(
        "--records",
        type=Path,
        action="append",
        default=[],
        help="directory of PubmedArticleSet *.xml / *.xml.gz (repeatable)",
    )
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0, help="0 picks a free port")
    p.add_argument(
        "--rate-limit",
        type=_limit,
        default=3.0,
        help="requests/s per IP without api_key ('none' disables); default 3",
    )
    p.add_argument(
        "--api-key-rate-limit", type=_limit, default=10.0, help="requests/s per api_key; default 10"
    )
    p.add_argument("--latency", type=float, default=0.0, help="seconds added to each reply")
    p.add_argument(
        "--per-record-latency", type=float, default=0.0, help="seconds added per record served"
    )
    p.add_argument(
        "--synthesize",
        type=int,
        default=0,
        metavar="N",
        help="add N cloned records under new PMIDs (benchmarks)",
    )
    p.add_argument("--synthesize-start", type=int, default=90_000_000, metavar="PMID")
    p.add_argument("--url-file", type=Path, help="also write the base URL to this file")
    p.add_argument("--verbose", action="store_true", help="log each request to stderr")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    fake = FakeEutils(
        None,
        rate_limit=args.rate_limit,
        api_key_rate_limit=args.api_key_rate_limit,
        latency=args.latency,
        per_record_latency=args.per_record_latency,
        host=args.host,
        port=args.port,
        verbose=args.verbose,
    )
    for directory in args.records:
        if not directory.is_dir():
            print(f"error: --records {directory}: not a directory", file=sys.stderr)
            return 2
        fake.store.load_dir(directory)
    if args.synthesize:
        fake.synthesize(args.synthesize, args.synthesize_start)

    done = threading.Event()

    def _stop(signum: int, frame: FrameType | None) -> None:
        done.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    fake.start()
    url = fake.base_url
    if args.url_file:
        args.url_file.write_text(url + "\n", encoding="utf-8")
    print(url, flush=True)
    print(
        f"fake-eutils: {len(fake.store)} records; rate limit {args.rate_limit}/s",
        file=sys.stderr,
        flush=True,
    )
    try:
        while not done.wait(0.5):
            pass
    finally:
        fake.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
