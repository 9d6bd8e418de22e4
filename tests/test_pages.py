"""Reading inputs: every bad input is one PageError, the rest goes on."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from refcheck.models import Page, PageError, PageKind
from refcheck.pages import ReadOptions, iter_pages


def read(*inputs: str, **opts: int) -> list[Page | PageError]:
    return list(iter_pages(inputs, ReadOptions(**opts)))  # type: ignore[arg-type]


def test_directory_is_walked_recursively_in_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a.html").write_text("<p>PMID 1</p>")
    (tmp_path / "b" / "c.md").write_text("PMID 2")
    (tmp_path / "b" / "image.png").write_bytes(b"\x89PNG")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("PMID 3")
    pages = read(str(tmp_path))
    assert [Path(p.source).name for p in pages] == ["a.html", "c.md"]
    assert [p.kind for p in pages if isinstance(p, Page)] == [PageKind.HTML, PageKind.MARKDOWN]


def test_bad_inputs_become_one_line_errors_and_the_run_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("PMID 18349204")
    binary = tmp_path / "bin.html"
    binary.write_bytes(b"\x00\x01\x02binary\x00" * 50)
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 2048)
    pages = read(str(tmp_path / "missing.html"), str(binary), str(big), str(good), max_bytes=1024)
    errors = [p for p in pages if isinstance(p, PageError)]
    assert len(errors) == 3
    assert all("\n" not in e.message for e in errors)
    assert "no such file" in errors[0].message
    assert "binary" in errors[1].message
    assert "page limit" in errors[2].message
    assert isinstance(pages[-1], Page)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(tmp_path: Path) -> None:
    f = tmp_path / "secret.html"
    f.write_text("x")
    f.chmod(0)
    (err,) = read(str(f))
    assert isinstance(err, PageError)
    assert "permission denied" in err.message


def test_symlink_loop_does_not_trap_the_walk(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "p.txt").write_text("PMID 1")
    (tmp_path / "d" / "loop").symlink_to(tmp_path / "d")
    (tmp_path / "dangling.html").symlink_to(tmp_path / "nowhere.html")
    pages = read(str(tmp_path))
    assert [Path(p.source).name for p in pages if isinstance(p, Page)] == ["p.txt"]
    assert any(isinstance(p, PageError) for p in pages)


def test_empty_directory_is_reported(tmp_path: Path) -> None:
    (err,) = read(str(tmp_path))
    assert isinstance(err, PageError)
