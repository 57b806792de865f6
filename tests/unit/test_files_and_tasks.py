"""The shared pieces of long operations: one cancellation, one way to write a file."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from lotsen_desktop import files
from lotsen_desktop.errors import LotsenError
from lotsen_desktop.tasks import Cancelled, check


def test_check_raises_cancelled_only_when_told_to_stop() -> None:
    seen: list[tuple[int, int]] = []
    check(None, 1, 2)
    check(lambda done, total: seen.append((done, total)) or True, 1, 2)
    assert seen == [(1, 2)]
    with pytest.raises(Cancelled, match="Nothing kept") as caught:
        check(lambda _done, _total: False, 1, 2, "Nothing kept")
    assert isinstance(caught.value, LotsenError)


def test_write_atomic_replaces_the_file_and_removes_a_stale_partial(tmp_path: Path) -> None:
    target = tmp_path / "Liste – Şahin.pdf"
    target.write_bytes(b"old")
    stale = tmp_path / f".{target.name}.deadbeef.partial"
    stale.write_bytes(b"left by a killed write")
    files.write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]


def test_cancelled_write_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "_CHUNK", 4)
    target = tmp_path / "bericht.xlsx"
    target.write_bytes(b"old")
    calls: list[int] = []

    def stop_at_second(done: int, total: int) -> bool:
        calls.append(done)
        return len(calls) < 2

    with pytest.raises(Cancelled):
        files.write_atomic(target, b"0123456789", stop_at_second)
    assert calls == [4, 8]
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]


def test_a_full_disk_is_a_message_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", full)
    target = tmp_path / "zertifikat.pdf"
    with pytest.raises(LotsenError, match=r"zertifikat\.pdf") as caught:
        files.write_atomic(target, b"%PDF")
    assert not isinstance(caught.value, Cancelled)
    assert list(tmp_path.iterdir()) == []
