"""Encryption at rest (SQLCipher 4): opening with and without the passphrase, the attempt limit,
conversion both ways, the passphrase change, the command line, and no readable name in the file.

SQLCipher's key derivation takes about 0.1 s per connection at its default strength; these tests
lower it with the test-only ``LOTSEN_TEST_KDF_ITER`` (see ``store/cipher.py``).
"""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from lotsen_desktop.bootstrap import open_office_store
from lotsen_desktop.cli import main
from lotsen_desktop.errors import StoreError, ValidationError
from lotsen_desktop.services import demo, digest, encryption, volunteers
from lotsen_desktop.store import cipher
from lotsen_desktop.store.database import Store, check_integrity, open_store
from lotsen_desktop.tasks import Cancelled

pytestmark = pytest.mark.sqlite_only  # SQLCipher encrypts a file; a server encrypts its disks

PASSPHRASE = "Lotsen im Winter 2026"
OTHER = "ganz andere Passphrase"
GIVEN, FAMILY = "Zyrillawanda", "Şahin-Quastorff"


@pytest.fixture(autouse=True)
def _fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cipher.TEST_KDF_ITER_ENV, "1000")


class Clock:
    """The attempt limit's clock, moved by hand (no waiting in tests)."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(cipher, "_now", fake)
    return fake


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _counts(store: Store) -> dict[str, int]:
    connection = store.connect_raw()
    try:
        return cipher.row_counts(connection)
    finally:
        connection.close()


@pytest.fixture
def encrypted(store: Store) -> Iterator[Path]:
    """A closed encrypted database holding one named volunteer."""
    volunteers.add_volunteer(store, given_name=GIVEN, family_name=FAMILY)
    encryption.encrypt(store, PASSPHRASE)
    path = store.path
    store.close()
    yield path


def test_an_encrypted_store_opens_with_its_passphrase_and_finds_names(encrypted: Path) -> None:
    store = open_office_store(encrypted, passphrase=PASSPHRASE)
    try:
        assert store.encrypted and store.passphrase == PASSPHRASE
        found = volunteers.list_volunteers(store, search="sahin")
        assert [v.family_name for v in found] == [FAMILY]
        volunteers.add_volunteer(store, given_name="İlkay", family_name="Nguyễn")
    finally:
        store.close()
    assert cipher.looks_encrypted(encrypted)
    with open(encrypted, "rb") as handle:
        assert handle.read(16) != b"SQLite format 3\x00"


def test_without_or_with_a_wrong_passphrase_nothing_changes(encrypted: Path, clock: Clock) -> None:
    before = _sha(encrypted)
    with pytest.raises(cipher.PassphraseRequired, match="verschlüsselt"):
        open_store(encrypted)
    with pytest.raises(cipher.WrongPassphrase, match=r"^Falsche Passphrase") as wrong:
        open_store(encrypted, passphrase=OTHER)
    assert wrong.value.exit_code == 4
    assert wrong.value.wait_seconds == 1
    assert _sha(encrypted) == before
    assert not Path(f"{encrypted}-wal").exists()


def test_each_wrong_passphrase_makes_the_next_attempt_wait_longer(
    encrypted: Path, clock: Clock
) -> None:
    waits = []
    for _attempt in range(4):
        with pytest.raises(cipher.WrongPassphrase) as wrong:
            open_store(encrypted, passphrase=OTHER)
        waits.append(wrong.value.wait_seconds)
        # Too soon: refused without trying, even the right passphrase.
        with pytest.raises(cipher.PassphraseThrottled, match="warten"):
            open_store(encrypted, passphrase=PASSPHRASE)
        clock.now += wrong.value.wait_seconds
    assert waits == [1, 2, 4, 8]
    store = open_store(encrypted, passphrase=PASSPHRASE)
    store.close()
    assert cipher.wait_seconds(encrypted) == 0  # a success starts the count again


def test_a_file_that_is_not_a_database_is_still_called_that(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_bytes(b"Einkaufsliste" * 400)
    with pytest.raises(StoreError, match="keine Lotsen-Desktop-Datenbank"):
        open_store(path, passphrase=PASSPHRASE)


def test_conversion_both_ways_keeps_digest_and_row_counts(store: Store) -> None:
    demo.fill_demo(store, volunteers=40, seed=3)
    expected_digest = digest.compute_digest(store)
    expected_counts = _counts(store)
    steps: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        steps.append((done, total))
        return True

    encryption.encrypt(store, PASSPHRASE, progress=progress)
    assert store.encrypted and cipher.looks_encrypted(store.path)
    assert steps[-1] == (cipher.TOTAL, cipher.TOTAL)
    assert any(0 < done < cipher.EXPORTED for done, _total in steps)  # the export reports
    assert digest.compute_digest(store) == expected_digest
    assert _counts(store) == expected_counts
    assert not cipher.converting_path(store.path).exists()

    encryption.decrypt(store, PASSPHRASE)
    assert not store.encrypted
    with open(store.path, "rb") as handle:
        assert handle.read(16) == b"SQLite format 3\x00"
    assert digest.compute_digest(store) == expected_digest
    assert _counts(store) == expected_counts
    store.close()
    reopened = open_office_store(store.path)
    try:
        assert digest.compute_digest(reopened) == expected_digest
    finally:
        reopened.close()


def test_changes_after_encryption_reach_the_listeners_and_the_file(store: Store) -> None:
    encryption.encrypt(store, PASSPHRASE)
    seen: list[frozenset[str]] = []
    store.add_change_listener(lambda changes: seen.append(changes.tables))
    volunteers.add_volunteer(store, given_name=GIVEN, family_name=FAMILY)
    assert any("volunteer" in tables for tables in seen)
    path = store.path
    store.close()
    reopened = open_office_store(path, passphrase=PASSPHRASE)
    try:
        assert [v.given_name for v in volunteers.list_volunteers(reopened)] == [GIVEN]
    finally:
        reopened.close()


def test_a_cancelled_conversion_leaves_the_original_as_it_was(store: Store) -> None:
    demo.fill_demo(store, volunteers=40, seed=3)
    expected = digest.compute_digest(store)
    store.engine.dispose()
    before = _sha(store.path)
    with pytest.raises(Cancelled, match="nicht verändert"):
        encryption.encrypt(store, PASSPHRASE, progress=lambda done, _total: done < 1)
    assert not store.encrypted
    assert _sha(store.path) == before
    assert not cipher.converting_path(store.path).exists()
    assert digest.compute_digest(store) == expected  # the store goes on with the plain file


def test_a_conversion_that_does_not_verify_leaves_the_original(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    volunteers.add_volunteer(store, given_name=GIVEN, family_name=FAMILY)
    store.engine.dispose()
    before = _sha(store.path)

    def damaged(target: Path, passphrase: str | None, expected: dict[str, int], *_: object) -> None:
        raise StoreError("Die umgewandelte Datenbank ließ sich nicht prüfen.")

    monkeypatch.setattr(cipher, "_verify", damaged)
    with pytest.raises(StoreError, match="nicht prüfen"):
        encryption.encrypt(store, PASSPHRASE)
    assert _sha(store.path) == before and not store.encrypted
    assert not cipher.converting_path(store.path).exists()
    assert [v.family_name for v in volunteers.list_volunteers(store)] == [FAMILY]


def test_a_leftover_temporary_file_of_a_killed_conversion_is_replaced(store: Store) -> None:
    cipher.converting_path(store.path).write_bytes(b"half written" * 1000)
    encryption.encrypt(store, PASSPHRASE)
    assert not cipher.converting_path(store.path).exists()
    assert store.encrypted


def test_changing_the_passphrase(encrypted: Path, clock: Clock) -> None:
    store = open_office_store(encrypted, passphrase=PASSPHRASE)
    expected = digest.compute_digest(store)
    try:
        with pytest.raises(ValidationError, match="bisherige Passphrase ist falsch"):
            encryption.change_passphrase(store, "nicht die richtige", OTHER)
        with pytest.raises(ValidationError, match="zu kurz"):
            encryption.change_passphrase(store, PASSPHRASE, "kurz")
        encryption.change_passphrase(store, PASSPHRASE, OTHER)
        assert store.passphrase == OTHER
        assert digest.compute_digest(store) == expected
    finally:
        store.close()
    with pytest.raises(cipher.WrongPassphrase):
        open_store(encrypted, passphrase=PASSPHRASE)
    clock.now += 60
    reopened = open_office_store(encrypted, passphrase=OTHER)
    try:
        assert digest.compute_digest(reopened) == expected
    finally:
        reopened.close()


def test_the_encrypted_file_holds_no_readable_name(store: Store) -> None:
    volunteers.add_volunteer(
        store, given_name=GIVEN, family_name=FAMILY, email="zyrillawanda@example.org"
    )
    encryption.encrypt(store, PASSPHRASE)
    volunteers.add_volunteer(store, given_name="Quendolinde", family_name="Ørsted")
    files = [store.path, Path(f"{store.path}-wal")]
    raw = b"".join(path.read_bytes() for path in files if path.exists())
    assert len(raw) > 0
    for marker in (GIVEN, FAMILY, "zyrillawanda@example", "Quendolinde", "Ørsted"):
        for encoding in ("utf-8", "utf-16-le"):
            assert marker.encode(encoding) not in raw, marker
    store.close()
    assert b"Quendolinde" not in store.path.read_bytes()


def test_connect_raw_is_keyed_so_a_backup_copy_stays_encrypted(store: Store) -> None:
    volunteers.add_volunteer(store, given_name=GIVEN, family_name=FAMILY)
    encryption.encrypt(store, PASSPHRASE)
    copy = store.path.with_name("copy.sqlite")
    source, target = store.connect_raw(), store.connect_raw(copy)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
    assert cipher.looks_encrypted(copy) and GIVEN.encode() not in copy.read_bytes()
    opened = open_office_store(copy, passphrase=PASSPHRASE)
    try:
        assert [v.given_name for v in volunteers.list_volunteers(opened)] == [GIVEN]
    finally:
        opened.close()


def test_connect_raw_reads_a_plain_backup_made_before_the_encryption(store: Store) -> None:
    volunteers.add_volunteer(store, given_name=GIVEN, family_name=FAMILY)
    plain_copy = store.path.with_name("before.sqlite")
    source, target = store.connect_raw(), store.connect_raw(plain_copy)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
    encryption.encrypt(store, PASSPHRASE)
    connection = store.connect_raw(plain_copy)
    try:
        assert connection.execute("SELECT given_name FROM volunteer").fetchall() == [(GIVEN,)]
    finally:
        connection.close()


def test_sqlciphers_own_messages_stay_off_stderr(
    encrypted: Path, clock: Clock, capfd: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(cipher.WrongPassphrase):
        open_store(encrypted, passphrase=OTHER)
    _out, err = capfd.readouterr()
    assert err == ""


def test_the_default_key_derivation_is_sqlciphers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(cipher.TEST_KDF_ITER_ENV)
    connection = cipher.connect(tmp_path / "x.sqlite", PASSPHRASE)
    try:
        assert connection.execute("PRAGMA kdf_iter").fetchone()[0] == "256000"
    finally:
        connection.close()


def test_passphrase_rules() -> None:
    assert encryption.passphrase_strength("kurz").level == 0
    assert encryption.passphrase_strength("vier wörter ohne zusammenhang").level == 3
    with pytest.raises(ValidationError, match="stimmen nicht überein"):
        encryption.check_new_passphrase(PASSPHRASE, PASSPHRASE + "x")
    with pytest.raises(ValidationError, match="Leerzeichen"):
        encryption.check_new_passphrase(" " + PASSPHRASE)


# --------------------------------------------------------------------------- command line


def _write(path: Path, line: str) -> str:
    path.write_text(line + "\n", encoding="utf-8")
    return str(path)


def test_cli_encrypt_use_change_and_decrypt(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str], clock: Clock
) -> None:
    volunteers.add_volunteer(store, given_name=GIVEN, family_name=FAMILY)
    db = str(store.path)
    store.close()
    first = _write(tmp_path / "first.txt", PASSPHRASE)
    second = _write(tmp_path / "second.txt", OTHER)
    short = _write(tmp_path / "short.txt", "kurz")

    assert main(["--db", db, "encrypt", "--new-passphrase-file", short]) == 1
    assert "zu kurz" in capsys.readouterr().err
    assert main(["--db", db, "encrypt", "--new-passphrase-file", first]) == 0
    assert "verschlüsselt" in capsys.readouterr().out
    assert cipher.looks_encrypted(Path(db))

    assert main(["--db", db, "volunteers", "list"]) == 4
    assert "--db-passphrase-file" in capsys.readouterr().err
    assert main(["--db", db, "volunteers", "list", "--db-passphrase-file", second]) == 4
    assert "Falsche Passphrase" in capsys.readouterr().err
    clock.now += 60
    code = main(["--db-passphrase-file", first, "--db", db, "volunteers", "list"])
    assert code == 0 and FAMILY in capsys.readouterr().out

    change = ["--db", db, "--db-passphrase-file", first, "change-passphrase"]
    assert main([*change, "--new-passphrase-file", second]) == 0
    capsys.readouterr()
    assert main(["--db", db, "decrypt", "--db-passphrase-file", second, "--format", "json"]) == 0
    assert '"encrypted": false' in capsys.readouterr().out
    assert not cipher.looks_encrypted(Path(db))
    assert main(["--db", db, "volunteers", "list"]) == 0
    assert FAMILY in capsys.readouterr().out


def test_cli_missing_passphrase_file(
    encrypted: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--db", str(encrypted), "status", "--db-passphrase-file", str(tmp_path / "no")])
    assert code == 4
    assert "Passphrase-Datei" in capsys.readouterr().err
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    assert main(["--db", str(encrypted), "status", "--db-passphrase-file", str(empty)]) == 4
    assert "leer" in capsys.readouterr().err


def test_sqlite3_cannot_read_the_encrypted_file(encrypted: Path) -> None:
    connection = sqlite3.connect(encrypted)
    try:
        with pytest.raises(sqlite3.DatabaseError):
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        connection.close()


# --------------------------------------------------------------------------- SIGKILL


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
@pytest.mark.parametrize(
    "step", [1, cipher.VERIFIED, cipher.TOTAL], ids=["exporting", "verified", "replaced"]
)
def test_a_conversion_killed_at_any_step_leaves_a_usable_database(store: Store, step: int) -> None:
    """Killed while exporting, after the check, or after the rename: the database opens (plain
    before the rename, encrypted after it) with the same data."""
    demo.fill_demo(store, volunteers=40, seed=3)
    expected = digest.compute_digest(store)
    path = store.path
    store.close()
    code = f"""
import sys, time
from lotsen_desktop.bootstrap import open_office_store
from lotsen_desktop.services import encryption
def progress(done, total):
    if done >= {step}:
        print("PAUSED", flush=True)
        time.sleep(120)
    return True
store = open_office_store({str(path)!r})
encryption.encrypt(store, {PASSPHRASE!r}, progress=progress)
"""
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    child = subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    if line.strip() != "PAUSED":
        child.kill()
        pytest.fail(f"child did not reach the pause: {line!r} {child.communicate()[1]}")
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)

    reopened = open_office_store(path, passphrase=PASSPHRASE)
    try:
        assert reopened.encrypted == (step == cipher.TOTAL)
        assert digest.compute_digest(reopened) == expected
        assert check_integrity(reopened)
        if not reopened.encrypted:  # the next try goes through
            encryption.encrypt(reopened, PASSPHRASE)
        assert reopened.encrypted and not cipher.converting_path(path).exists()
    finally:
        reopened.close()


def test_a_new_file_with_a_passphrase_is_created_encrypted_and_a_plain_one_ignores_it(
    tmp_path: Path, store: Store
) -> None:
    created = open_office_store(tmp_path / "new" / "lotsen.sqlite", passphrase=PASSPHRASE)
    try:
        assert created.encrypted
        volunteers.add_volunteer(created, given_name=GIVEN, family_name=FAMILY)
    finally:
        created.close()
    assert cipher.looks_encrypted(created.path)
    path = store.path
    store.close()
    plain = open_office_store(path, passphrase=PASSPHRASE)
    try:
        assert not plain.encrypted and plain.passphrase is None
    finally:
        plain.close()


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_a_passphrase_change_killed_midway_leaves_one_passphrase_valid(
    store: Store, clock: Clock
) -> None:
    """Wherever the kill lands (the rekey gives no signal to pause at), the old or the new
    passphrase opens the file, with the same data."""
    demo.fill_demo(store, volunteers=300, seed=3)
    encryption.encrypt(store, PASSPHRASE)
    expected = digest.compute_digest(store)
    path = store.path
    store.close()
    code = f"""
from lotsen_desktop.bootstrap import open_office_store
from lotsen_desktop.services import encryption

store = open_office_store({str(path)!r}, passphrase={PASSPHRASE!r})
print("OPEN", flush=True)
encryption.change_passphrase(store, {PASSPHRASE!r}, {OTHER!r})
"""
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    child = subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "OPEN"
    time.sleep(0.2)
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    opened = []
    for passphrase in (PASSPHRASE, OTHER):
        clock.now += 60
        try:
            reopened = open_office_store(path, passphrase=passphrase)
        except cipher.WrongPassphrase:
            continue
        try:
            opened.append(passphrase)
            assert digest.compute_digest(reopened) == expected
            assert check_integrity(reopened)
        finally:
            reopened.close()
    assert len(opened) == 1


def test_the_key_derived_once_opens_a_file_keyed_by_sqlcipher_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pooled connections use the key derived in Python (``raw_key``): it must be SQLCipher 4's
    own derivation, at its default strength too."""
    monkeypatch.delenv(cipher.TEST_KDF_ITER_ENV)
    path = tmp_path / "default.sqlite"
    connection = cipher.connect(path, "Ünïcödé passphrase")
    connection.execute("CREATE TABLE t (x)")
    connection.execute("INSERT INTO t VALUES (42)")
    connection.commit()
    connection.close()
    engine = cipher.create_cipher_engine(path, "Ünïcödé passphrase")
    try:
        with engine.connect() as opened:
            assert opened.exec_driver_sql("SELECT x FROM t").scalar() == 42
    finally:
        engine.dispose()
    assert cipher.raw_key(path, "wrong passphrase") != cipher.raw_key(path, "Ünïcödé passphrase")
