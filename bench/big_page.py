"""How long one very large page takes to read and extract (docs/reliability.md).

The test suite only checks that a big page (5 MB there) is read correctly and does not
hang; the figures live here. Each size and kind runs in its own process, so one page's
memory does not sit under the next one's.

    .venv/bin/python bench/big_page.py            # 5 and 50 MB, HTML and plain text
    .venv/bin/python bench/big_page.py --mb 50    # one size
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PARA = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor. "
ENTRY = "Eichenberger U et al. 2008, Anesthesia & Analgesia (PMID 18349204)"


def write_page(path: Path, mb: int, kind: str) -> None:
    """Prose of `mb` megabytes and one reference at the end (the suite's big page, scaled)."""
    n = mb * 1024 * 1024 // (len(PARA) + 8)
    if kind == "html":
        body = "<html><body>" + f"<p>{PARA}</p>\n" * n
        body += f"<h2>References</h2><ol><li>{ENTRY.replace('&', '&amp;')}</li></ol></body></html>"
    else:
        body = f"{PARA}\n" * n + f"References\n\n1. {ENTRY}\n"
    path.write_text(body, encoding="utf-8")


def measure(path: Path) -> None:
    """In this process: read, then extract; print one line of figures."""
    from refcheck.extract import extract
    from refcheck.pages import ReadOptions, read_file

    t0 = time.perf_counter()
    page = read_file(str(path), ReadOptions())
    t1 = time.perf_counter()
    found = extract(page).citations
    t2 = time.perf_counter()
    pmids = ",".join(c.pmid for c in found)
    print(f"read {t1 - t0:6.2f} s   extract {t2 - t1:6.2f} s   PMIDs found: {pmids}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=int, action="append", help="page size in MB (repeatable)")
    ap.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # the child's entry
    args = ap.parse_args(argv)
    if args.measure:
        measure(args.measure)
        return 0
    with tempfile.TemporaryDirectory(prefix="refcheck-big-") as tmp:
        for mb in args.mb or [5, 50]:
            for kind in ("html", "txt"):
                path = Path(tmp) / f"big.{kind}"
                write_page(path, mb, kind)
                print(f"{mb:3d} MB {kind:4s}  ", end="", flush=True)
                subprocess.run([sys.executable, __file__, "--measure", str(path)], check=True)
                path.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
