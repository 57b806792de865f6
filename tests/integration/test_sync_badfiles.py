"""Every bad file ends with one clear German line, exit code 5, and an unchanged database."""

from __future__ import annotations

import base64
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
from lotsen_desktop.store.models import OFFICE_ID, Office
from lotsen_desktop.sync import exchange


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


def test_unknown_column_names_the_column_and_the_files_schema(
    tmp_path: Path, receiver: Store, good: Path, passfile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest, payload = _resealed(good)
    body = json.loads(payload)
    body["changes"][-1][7]["shoe_size"] = 42
    table = body["changes"][-1][3]
    odd = tmp_path / "column.lotsen"
    odd.write_bytes(seal(manifest, json.dumps(body).encode(), PASS))
    assert_refused(receiver, odd, passfile, capsys, f"({table}.shoe_size)")
    assert_refused(receiver, odd, passfile, capsys, f"Datenbankschema {manifest['schema']}")


def test_unknown_table_names_the_table_not_a_newer_version(
    tmp_path: Path, receiver: Store, good: Path, passfile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest, payload = _resealed(good)
    body = json.loads(payload)
    body["changes"][-1][3] = "shoe_shop"
    odd = tmp_path / "table.lotsen"
    odd.write_bytes(seal(manifest, json.dumps(body).encode(), PASS))
    assert_refused(receiver, odd, passfile, capsys, "unbekannte Tabelle oder Spalte (shoe_shop)")
    _code, err = run_import(receiver, odd, passfile, capsys)
    assert "neueren Version" not in err
    assert f"Datenbankschema {manifest['schema']}" in err


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


def test_a_stamp_with_a_site_id_longer_than_a_uuid_is_refused(
    tmp_path: Path, receiver: Store, good: Path, passfile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Row states number site ids in a 36-character column (``sync_site``): a longer one, which
    no program writes, is a damaged file, not a failure halfway through the merge."""
    manifest, payload = _resealed(good)
    body = json.loads(payload)
    body["changes"][-1][8] = {"notes": [1, "s" * 37]}
    bad = tmp_path / "stamp.lotsen"
    bad.write_bytes(seal(manifest, json.dumps(body).encode(), PASS))
    assert_refused(receiver, bad, passfile, capsys, "beschädigt")


@pytest.mark.parametrize("how", ["two items on one line", "one item on two lines"])
def test_an_item_off_its_line_is_refused(
    tmp_path: Path,
    receiver: Store,
    good: Path,
    passfile: Path,
    capsys: pytest.CaptureFixture[str],
    how: str,
) -> None:
    """The file holds one item a line. The lines of a piece are parsed together, so a line
    with two items, or an item cut in two at a comma (each half still valid JSON together),
    must be caught by counting, as parsing line by line did."""
    manifest, payload = _resealed(good)
    assert payload.startswith(b'{"changes":[\n')
    lines = payload.split(b"\n")
    second = next(i for i, line in enumerate(lines) if line.startswith(b",["))
    if how == "two items on one line":
        lines[second - 1 : second + 1] = [lines[second - 1] + lines[second]]
    else:
        line = lines[second]
        cut = line.index(b",", 2)
        lines[second : second + 1] = [line[:cut], line[cut:]]
    odd = tmp_path / "lines.lotsen"
    odd.write_bytes(seal(manifest, b"\n".join(lines), PASS))
    assert_refused(receiver, odd, passfile, capsys, "beschädigt")


def _name_office(store: Store, name: str) -> None:
    with store.uow() as uow:
        office = uow.session.get(Office, OFFICE_ID)
        assert office is not None
        office.name = name
        uow.commit()


def test_other_office(
    tmp_path: Path, receiver: Store, passfile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = replica(tmp_path, "Fremd")
    volunteers.add_volunteer(other, given_name="Ánh", family_name="Nguyễn")
    _name_office(other, "Verein Süd & Co")
    path = full_export(other, tmp_path / "fremd")
    other.close()
    assert_refused(receiver, path, passfile, capsys, "anderen Träger (Verein Süd & Co)")
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


def test_other_office_without_a_name(
    tmp_path: Path, receiver: Store, passfile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = replica(tmp_path, "Namenlos")
    volunteers.add_volunteer(other, given_name="Ánh", family_name="Nguyễn")
    _name_office(other, "")
    path = full_export(other, tmp_path / "namenlos")
    office_id = exchange.site_info(other).office_id
    other.close()
    assert_refused(receiver, path, passfile, capsys, "keinen Namen eingetragen")
    _code, err = run_import(receiver, path, passfile, capsys)
    assert "(?)" not in err and office_id[:8] in err


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


def test_missing_file_and_missing_or_empty_passphrase_file_exit_5(
    tmp_path: Path,
    sender: Store,
    receiver: Store,
    passfile: Path,
    good: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, err = run_import(receiver, tmp_path / "nowhere.lotsen", passfile, capsys)
    assert code == 5 and "kann nicht gelesen werden" in err
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    code, err = run_import(receiver, good, empty, capsys)
    assert code == 5 and "leer" in err and err.startswith("Fehler: ")
    code, err = run_import(receiver, good, tmp_path / "no-password.txt", capsys)
    assert code == 5 and "Passwortdatei" in err, err
    for passphrase_file in (empty, tmp_path / "no-password.txt"):
        code = main(
            [
                "--db",
                str(sender.path),
                "export",
                "--out",
                str(tmp_path / "x"),
                "--full",
                "--passphrase-file",
                str(passphrase_file),
            ]
        )
        assert code == 5, capsys.readouterr().err
    assert not (tmp_path / "x.lotsen").exists()


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


def _edited_header(good: Path, target: Path, edit: object) -> Path:
    """``good`` with its clear-text header changed by ``edit`` and the checksum made to fit,
    as someone who edits the file on purpose would do."""
    data = good.read_bytes()
    start = len(MAGIC) + 4
    length = int.from_bytes(data[len(MAGIC) : start], "big")
    header = json.loads(data[start : start + length])
    edit(header)  # type: ignore[operator]
    new = json.dumps(header, separators=(",", ":"), sort_keys=True).encode("ascii")
    rest = data[start + length + 32 :]
    target.write_bytes(
        MAGIC + len(new).to_bytes(4, "big") + new + hashlib.sha256(new).digest() + rest
    )
    return target


@pytest.mark.parametrize(
    "field,value",
    [("n", 2**20), ("n", 2**18), ("r", 16), ("p", 4), ("n", 1000), ("chunk_bytes", 64 << 20)],
)
def test_header_asking_for_a_costlier_key_derivation_is_refused_before_deriving(
    tmp_path: Path,
    receiver: Store,
    good: Path,
    passfile: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    field: str,
    value: int,
) -> None:
    def edit(header: dict[str, object]) -> None:
        if field == "chunk_bytes":
            header[field] = value
        else:
            header["kdf"][field] = value  # type: ignore[index]

    edited = _edited_header(good, tmp_path / "edited.lotsen", edit)
    calls: list[tuple[int, int, int]] = []
    real = fileformat._derive

    def spy(passphrase: str, salt: bytes, n: int, r: int, p: int) -> tuple[bytes, bytes]:
        calls.append((n, r, p))
        return real(passphrase, salt, n, r, p)

    monkeypatch.setattr(fileformat, "_derive", spy)
    assert_refused(receiver, edited, passfile, capsys, "manipuliert")
    assert calls == []  # scrypt never ran with what the header asked for


def test_the_program_never_writes_what_it_refuses(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        seal({"format": 2}, b"x", PASS, kdf_n=2**18)
    sealed = tmp_path / "ok.lotsen"
    sealed.write_bytes(seal({"format": 2}, b"x", PASS, kdf_n=fileformat.MAX_SCRYPT_N))
    assert open_sealed(sealed.read_bytes(), PASS)[1] == b"x"


def test_edited_header_within_the_limits_is_reported_as_changed_not_as_wrong_password(
    tmp_path: Path, receiver: Store, good: Path, passfile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def edit(header: dict[str, object]) -> None:
        nonce = bytearray(base64.b64decode(str(header["nonce"])))
        nonce[0] ^= 1
        header["nonce"] = base64.b64encode(bytes(nonce)).decode()
        header["comment"] = "harmlos"

    edited = _edited_header(good, tmp_path / "nonce.lotsen", edit)
    before = digest(receiver)
    code, err = run_import(receiver, edited, passfile, capsys)
    assert code == 5 and "beschädigt" in err and "Passwort" not in err, err
    assert digest(receiver) == before
    # a lower but allowed cost is what the file says; the password then cannot fit
    lower = _edited_header(good, tmp_path / "lower.lotsen", lambda h: h["kdf"].update(n=2**11))
    assert_refused(receiver, lower, passfile, capsys, "Passwort")


def test_old_files_within_the_limits_still_open() -> None:
    folder = Path(__file__).resolve().parent.parent / "data"
    for name in ("old-full-schema0009.lotsen", "old-full-format1-schema0009.lotsen"):
        manifest, _payload = open_sealed(read_bytes(folder / name), "korrekt-pferd-batterie")
        assert manifest["kind"] == "full"
