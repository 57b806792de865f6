"""Compaction of the change log, forgetting a machine, VACUUM, and streamed files.

Compaction folds what every known partner has acknowledged into the row states; nothing a
machine knows may get lost, a partner that missed folded changes gets a full export, and an
erased person leaves no trace in the database file.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import struct
import zlib
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sync_helpers import (
    PASS,
    digest,
    export,
    full_export,
    import_,
    log_keys,
    missing_from,
    replica,
)

from lotsen_desktop import fileformat
from lotsen_desktop.cli import main
from lotsen_desktop.services import privacy, volunteers
from lotsen_desktop.store.database import Store
from lotsen_desktop.store.sync_tables import SyncChange
from lotsen_desktop.sync import compact, exchange
from lotsen_desktop.sync.state import load_base, version_vector


def _log_size(store: Store) -> int:
    with store.new_session() as session:
        return int(session.execute(select(func.count()).select_from(SyncChange)).scalar() or 0)


def _vv(store: Store) -> dict[str, int]:
    with store.new_session() as session:
        return version_vector(session)


def swap(a: Store, b: Store, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    fa, fb = full_export(a, folder / "a-to-b"), full_export(b, folder / "b-to-a")
    import_(b, fa)
    import_(a, fb)


def test_compaction_without_partners_folds_everything_and_a_new_machine_still_joins(
    tmp_path: Path, office: Store
) -> None:
    people = [
        volunteers.add_volunteer(office, given_name=g, family_name=f, city="Celle")
        for g, f in (("İlkay", "Şahin"), ("Олена", "Коваль"), ('A<b> & "c"', "Nguyễn Thị Ánh"))
    ]
    volunteers.update_volunteer(office, people[0], phone="0511 1")
    before_vv, before = _vv(office), digest(office)
    result = compact.compact_log(office)
    assert result.folded > 0 and result.remaining == 0
    assert _log_size(office) == 0
    assert _vv(office) == before_vv  # what this machine has seen is unchanged
    assert digest(office) == before
    volunteers.update_volunteer(office, people[1], city="Hannover")
    own = max(s for o, s in log_keys(office))
    assert own == before_vv[exchange.site_info(office).site_id] + 1  # no seq is reused

    fresh = replica(tmp_path, "Neu")
    summary = import_(fresh, full_export(office, tmp_path / "after"))
    assert summary.new["volunteer"] == 3
    assert digest(fresh) == digest(office)
    with fresh.new_session() as session:
        assert load_base(session)  # the new machine cannot hand out what was folded either
    # and both keep exchanging deltas
    volunteers.update_volunteer(fresh, people[2], city="Göttingen")
    volunteers.update_volunteer(office, people[0], city="Celle-Nord")
    import_(office, export(fresh, tmp_path / "d1", peer="Büro"))
    import_(fresh, export(office, tmp_path / "d2", peer="Neu"))
    assert digest(fresh) == digest(office)
    fresh.close()


def test_a_partner_holds_compaction_back_until_it_is_forgotten(
    tmp_path: Path, office: Store, laptop: Store
) -> None:
    vid = volunteers.add_volunteer(office, given_name="Łukasz", family_name="Nowak")
    swap(office, laptop, tmp_path / "1")
    volunteers.update_volunteer(office, vid, phone="0170 1")  # the laptop has not seen this
    result = compact.compact_log(office)
    assert result.held_back_by == ("Laptop",)
    site = exchange.site_info(office).site_id
    with office.new_session() as session:
        kept = session.scalars(select(SyncChange.seq).where(SyncChange.origin == site)).all()
    assert kept  # the edit waits for the laptop
    delta = exchange.export_file(
        office, tmp_path / "d", passphrase=PASS, peer="Laptop", kdf_n=2**10
    )
    assert delta.kind == "delta" and delta.notice == ""

    assert compact.forget_peer(office, "laptop") == "Laptop"
    assert exchange.list_peers(office) == []
    result = compact.compact_log(office)
    assert result.held_back_by == () and result.remaining == 0

    # the laptop comes back: its file makes it a partner again, and the delta it asks for
    # needs folded changes, so it gets a full export with a message instead
    volunteers.update_volunteer(laptop, vid, city="Celle")
    import_(office, export(laptop, tmp_path / "back", peer="Büro"))
    back = exchange.export_file(
        office, tmp_path / "again", passphrase=PASS, peer="Laptop", kdf_n=2**10
    )
    assert back.kind == "full"
    assert "vollständige" in back.notice
    summary = import_(laptop, back.path)
    assert summary.kind == "full"
    assert digest(laptop) == digest(office)


def test_superseded_values_are_trimmed_but_sequence_numbers_stay(
    tmp_path: Path, office: Store, laptop: Store
) -> None:
    vid = volunteers.add_volunteer(office, given_name="Ánh", family_name="Nguyễn")
    swap(office, laptop, tmp_path / "1")
    for phone in ("0511 1", "0511 2", "0511 3"):
        volunteers.update_volunteer(office, vid, phone=phone)
    keys = log_keys(office)
    result = compact.compact_log(office)
    assert result.trimmed >= 2
    assert {k for k in log_keys(office) if k in keys} == {
        k for k in keys if k[1] > load_base_of(office).get(k[0], 0)
    }
    import_(laptop, export(office, tmp_path / "d", peer="Laptop"))
    assert digest(laptop) == digest(office)
    assert volunteers.get_volunteer(laptop, vid).phone == "0511 3"


def load_base_of(store: Store) -> dict[str, int]:
    with store.new_session() as session:
        return load_base(session)


def test_erased_person_leaves_nothing_in_the_file_after_compact(
    tmp_path: Path, office: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = "Zyxwvutsrq"
    vid = volunteers.add_volunteer(
        office, given_name="Geheim", family_name=secret, street="Verborgenweg 7", city="Celle"
    )
    volunteers.update_volunteer(office, vid, phone="0511 424242")
    privacy.erase_person(office, vid, confirm_name=secret)
    code = main(["--db", office.target, "compact"])
    out = capsys.readouterr().out
    assert code == 0
    assert "vorher" in out
    office.close()
    for suffix in ("", "-wal"):
        path = Path(str(office.path) + suffix)
        if path.exists():
            data = path.read_bytes()
            for text in (secret, "Verborgenweg", "424242"):
                assert text.encode() not in data, (suffix, text)


def test_cli_peers_list_and_forget(
    tmp_path: Path, office: Store, laptop: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    swap(office, laptop, tmp_path / "1")
    assert main(["--db", office.target, "--format", "json", "peers", "list"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["name"] for r in rows] == ["Laptop"]
    assert main(["--db", office.target, "peers", "forget", "Laptop"]) == 0
    assert "Laptop" in capsys.readouterr().out
    assert exchange.list_peers(office) == []
    assert main(["--db", office.target, "peers", "forget", "Laptop"]) != 0


def test_parts_merge_like_one_big_merge(
    tmp_path: Path, office: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lotsen_desktop.services import demo

    demo.fill_demo(office, volunteers=40, seed=5)
    path = full_export(office, tmp_path / "big")
    monkeypatch.setattr(exchange.importing, "PART_SIZE", 7)
    small = replica(tmp_path, "Klein")
    import_(small, path)
    assert digest(small) == digest(office)
    assert missing_from(small, log_keys(office)) == set()
    small.close()


def _seal_format_1(manifest: dict[str, object], payload: bytes) -> bytes:
    """A file as version 1 wrote it: one AES-GCM ciphertext of the whole compressed stream."""
    manifest = dict(manifest, payload_sha256=hashlib.sha256(payload).hexdigest())
    manifest["payload_bytes"] = len(payload)
    manifest["format"] = 1
    plain = json.dumps(manifest).encode() + b"\n" + payload
    compressed = zlib.compress(plain)
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    key, check = fileformat._derive(PASS, salt, 2**10, 8, 1)
    header = {
        "format": 1,
        "cipher": "AES-256-GCM",
        "kdf": {
            "name": "scrypt",
            "salt": base64.b64encode(salt).decode(),
            "n": 2**10,
            "r": 8,
            "p": 1,
        },
        "nonce": base64.b64encode(nonce).decode(),
        "check": base64.b64encode(check).decode(),
        "ciphertext_bytes": len(compressed) + 16,
    }
    header_bytes = json.dumps(header, separators=(",", ":"), sort_keys=True).encode()
    prefix = fileformat.MAGIC + struct.pack(">I", len(header_bytes)) + header_bytes
    prefix += hashlib.sha256(header_bytes).digest()
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    return prefix + AESGCM(key).encrypt(nonce, compressed, prefix)


def test_files_of_format_1_still_import(tmp_path: Path, office: Store, laptop: Store) -> None:
    volunteers.add_volunteer(office, given_name="İlkay", family_name="Şahin")
    good = full_export(office, tmp_path / "new")
    manifest, payload = fileformat.open_sealed(good.read_bytes(), PASS)
    body = json.loads(payload)
    old = tmp_path / "old.lotsen"
    old.write_bytes(_seal_format_1(manifest, json.dumps(body).encode()))
    assert fileformat._parse_header(old.read_bytes())[0]["format"] == 1
    assert fileformat._parse_header(good.read_bytes())[0]["format"] == 2
    summary = import_(laptop, old)
    assert summary.new["volunteer"] == 1
    assert digest(laptop) == digest(office)


def test_streamed_file_cut_at_a_chunk_boundary_is_incomplete(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fileformat, "_CHUNK", 1024)
    payload = secrets.token_bytes(5000)  # does not compress: several chunks
    data = fileformat.seal({"format": 2}, payload, PASS, kdf_n=2**10)
    _manifest, back = fileformat.open_sealed(data, PASS)
    assert back == payload
    header_len = struct.unpack(">I", data[8:12])[0]
    offset = 12 + header_len + 32
    (first,) = struct.unpack(">I", data[offset : offset + 4])
    cut = data[: offset + 4 + first]
    with pytest.raises(fileformat.SyncFileError, match=r"unvollständig|incomplete"):
        fileformat.open_sealed(cut, PASS)
    swapped = bytearray(data)
    second = offset + 4 + first
    (length2,) = struct.unpack(">I", data[second : second + 4])
    chunk1 = data[offset:second]
    chunk2 = data[second : second + 4 + length2]
    reordered = data[:offset] + chunk2 + chunk1 + data[second + 4 + length2 :]
    assert bytes(swapped) != reordered
    with pytest.raises(fileformat.SyncFileError, match=r"beschädigt|damaged"):
        fileformat.open_sealed(reordered, PASS)


def test_a_file_base_above_what_arrived_takes_the_older_entries_out_of_the_log(
    store: Store,
) -> None:
    """A full export whose sender folded further than this machine had received stands for
    those changes with its row states: the base rises and the entries below it leave the log
    (nothing below a base is sent again), as a compaction would fold them."""
    for number in range(4):
        volunteers.add_volunteer(store, given_name=f"İlkay {number}", family_name="Şahin")
    site = exchange.site_info(store).site_id
    with store.uow() as uow:
        top = version_vector(uow.session)[site]
        floor = top - 2
        assert compact.take_file_base(uow.session, {site: floor}, {}) == floor
        assert compact.take_file_base(uow.session, {site: top}, {site: top}) == 0  # had it all
        base = load_base(uow.session)
        uow.commit()
    assert base[site] == floor
    assert {seq for origin, seq in log_keys(store) if origin == site} == {floor + 1, floor + 2}
