"""Every bad file ends with one clear German line, exit code 5, and an unchanged database."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sync_helpers import PASS, digest, full_export, log_keys, replica

from lotsen_desktop import fileformat
from lotsen_desktop.cli import main
from lotsen_desktop.fileformat import MAGIC, SyncFileError, open_sealed, read_bytes, seal
from lotsen_desktop.services import volunteers
from lotsen_desktop.store.database import Store


@pytest.fixture(autouse=True)
def _fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fileformat, "SCRYPT_N", 2**10)


@pytest.fixture
def sender(tmp_path: Path) -> Iterator[Store]:
    store = replica(tmp_path, "Büro")
    volunteers.add_volunteer(store, given_name="Олена", family_name="Коваль", city="Celle")
    yield store
    store.close()


@pytest.fixture
def receiver(tmp_path: Path, sender: Store) -> Iterator[Store]:
    store = replica(tmp_path, "Laptop")
    from sync_helpers import import_

    import_(store, full_export(sender, tmp_path / "join"))
    yield store
    store.close()


@pytest.fixture
def good(tmp_path: Path, sender: Store, receiver: Store) -> Path:
    volunteers.add_volunteer(sender, given_name="Łukasz", family_name="Nowak")
    return full_export(sender, tmp_path / "good")


@pytest.fixture
def passfile(tmp_path: Path) -> Path:
    path = tmp_path / "pass.txt"
    path.write_text(PASS + "\n", encoding="utf-8")
    return path


def run_import(
    store: Store, path: Path, passfile: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str]:
    store_path = str(store.path)
    code = main(["--db", store_path, "import", str(path), "--passphrase-file", str(passfile)])
    err = capsys.readouterr().err.strip()
    return code, err


def assert_refused(
    store: Store, path: Path, passfile: Path, capsys: pytest.CaptureFixture[str], words: str
) -> None:
    before, keys = digest(store), log_keys(store)
    code, err = run_import(store, path, passfile, capsys)
    assert code == 5
    assert len(err.splitlines()) == 1
    assert err.startswith("Fehler: ")
    assert words in err, err
    assert digest(store) == before
    assert log_keys(store) == keys


def test_good_file_imports(
    receiver: Store, good: Path, passfile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["--db", str(receiver.path), "import", str(good), "--passphrase-file", str(passfile)]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "1 neue Person" in out


def test_wrong_passphrase(
    tmp_path: Path, receiver: Store, good: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("falsches-passwort", encoding="utf-8")
    assert_refused(receiver, good, wrong, capsys, "Falsches Passwort")


@pytest.mark.parametrize("keep", [3, 8, 11, 40, -200, -1])
def test_truncated(
    tmp_path: Path,
    receiver: Store,
    good: Path,
    passfile: Path,
    capsys: pytest.CaptureFixture[str],
    keep: int,
) -> None:
    data = good.read_bytes()
    cut = tmp_path / "cut.lotsen"
    cut.write_bytes(data[:keep])
    assert_refused(receiver, cut, passfile, capsys, "unvollständig")


@pytest.mark.parametrize("where", ["header", "salt", "ciphertext", "tag"])
def test_flipped_byte(
    tmp_path: Path,
    receiver: Store,
    good: Path,
    passfile: Path,
    capsys: pytest.CaptureFixture[str],
    where: str,
) -> None:
    data = bytearray(good.read_bytes())
    header_end = len(MAGIC) + 4 + int.from_bytes(data[len(MAGIC) : len(MAGIC) + 4], "big")
    positions = {
        "header": len(MAGIC) + 6,
        "salt": data.index(b'"salt":"') + 10,
        "ciphertext": (header_end + 32 + len(data)) // 2,
        "tag": len(data) - 1,
    }
    data[positions[where]] ^= 0x04
    flipped = tmp_path / "flipped.lotsen"
    flipped.write_bytes(bytes(data))
    assert_refused(receiver, flipped, passfile, capsys, "beschädigt")


def _resealed(good: Path, **changes: object) -> tuple[dict[str, object], bytes]:
    manifest, payload = open_sealed(read_bytes(good), PASS)
    manifest.update(changes)
    for key in ("payload_sha256", "payload_bytes"):
        manifest.pop(key)
    return manifest, payload


def test_newer_format(
    tmp_path: Path,
    receiver: Store,
    good: Path,
    passfile: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    manifest, payload = _resealed(good)
    monkeypatch.setattr(fileformat, "FORMAT_VERSION", 7)
    newer = tmp_path / "newer.lotsen"
    newer.write_bytes(seal(manifest, payload, PASS))
    monkeypatch.setattr(fileformat, "FORMAT_VERSION", 1)
    assert_refused(receiver, newer, passfile, capsys, "neueren Version")


def test_newer_schema(
    tmp_path: Path, receiver: Store, good: Path, passfile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest, payload = _resealed(good, schema="0099")
    newer = tmp_path / "schema.lotsen"
    newer.write_bytes(seal(manifest, payload, PASS))
    assert_refused(receiver, newer, passfile, capsys, "neueren Version")


def test_unknown_column_counts_as_newer(
    tmp_path: Path, receiver: Store, good: Path, passfile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest, payload = _resealed(good)
    body = json.loads(payload)
    body["changes"][-1][7]["shoe_size"] = 42
    newer = tmp_path / "column.lotsen"
    newer.write_bytes(seal(manifest, json.dumps(body).encode(), PASS))
    assert_refused(receiver, newer, passfile, capsys, "neueren Version")


def test_bad_value_in_a_valid_envelope(
    tmp_path: Path, receiver: Store, good: Path, passfile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest, payload = _resealed(good)
    body = json.loads(payload)
    entry = next(e for e in body["changes"] if e[3] == "volunteer")
    entry[7]["birth_date"] = "31.02.1990"
    bad = tmp_path / "value.lotsen"
    bad.write_bytes(seal(manifest, json.dumps(body).encode(), PASS))
    assert_refused(receiver, bad, passfile, capsys, "beschädigt")


def test_other_office(
    tmp_path: Path, receiver: Store, passfile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = replica(tmp_path, "Fremd")
    volunteers.add_volunteer(other, given_name="Ánh", family_name="Nguyễn")
    path = full_export(other, tmp_path / "fremd")
    other.close()
    assert_refused(receiver, path, passfile, capsys, "anderen Träger")
    code = main(
        [
            "--db",
            str(receiver.path),
            "import",
            str(path),
            "--passphrase-file",
            str(passfile),
            "--accept-other-office",
        ]
    )
    assert code == 0


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
        "Name;Vorname\nŞahin;İlkay\n".encode(),
        b"SQLite format 3\x00" + bytes(100),
    ],
)
def test_not_a_lotsen_file(
    tmp_path: Path,
    receiver: Store,
    passfile: Path,
    capsys: pytest.CaptureFixture[str],
    content: bytes,
) -> None:
    path = tmp_path / "anything.lotsen"
    path.write_bytes(content)
    assert_refused(receiver, path, passfile, capsys, "keine Lotsen-Austauschdatei")


def test_huge_file_refused_before_reading(
    tmp_path: Path, receiver: Store, passfile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "huge.lotsen"
    with open(path, "wb") as handle:
        handle.write(MAGIC)
        handle.truncate(600 * 1024 * 1024)  # sparse: costs no disk space
    assert_refused(receiver, path, passfile, capsys, "zu groß")


def test_decompression_bomb(
    tmp_path: Path, receiver: Store, good: Path, passfile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest, _payload = _resealed(good)
    bomb = tmp_path / "bomb.lotsen"
    bomb.write_bytes(seal(manifest, bytes(64 * 1024 * 1024), PASS))
    assert bomb.stat().st_size < 200_000
    assert_refused(receiver, bomb, passfile, capsys, "entpackt sich")


def test_missing_file_and_empty_passphrase(
    tmp_path: Path, receiver: Store, passfile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = run_import(receiver, tmp_path / "nowhere.lotsen", passfile, capsys)
    assert code == 5 and "kann nicht gelesen werden" in err
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    code, err = run_import(receiver, tmp_path / "nowhere.lotsen", empty, capsys)
    assert code != 0 and "leer" in err


def test_short_export_passphrase_refused(
    tmp_path: Path, sender: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    short = tmp_path / "short.txt"
    short.write_text("kurz")
    code = main(
        [
            "--db",
            str(sender.path),
            "export",
            "--out",
            str(tmp_path / "x"),
            "--full",
            "--passphrase-file",
            str(short),
        ]
    )
    assert code != 0
    assert "mindestens" in capsys.readouterr().err
    assert not (tmp_path / "x.lotsen").exists()


def test_header_reveals_no_names(good: Path) -> None:
    data = good.read_bytes()
    assert b"Nowak" not in data and "Коваль".encode() not in data
    assert b"Celle" not in data


def test_file_error_is_a_lotsen_error_with_exit_code_5() -> None:
    assert SyncFileError("x").exit_code == 5
    assert hashlib.sha256(b"").hexdigest()
    assert os.sep
