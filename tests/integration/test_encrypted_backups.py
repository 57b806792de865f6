"""Backups of an encrypted database stay encrypted, and restoring one needs and keeps its key:
the backup code opens every copy through ``Store.connect_raw``, which SQLCipher keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from lotsen_desktop.bootstrap import open_office_store, restore_backup
from lotsen_desktop.domain.backups import BackupReason
from lotsen_desktop.services import encryption, volunteers
from lotsen_desktop.store import backup, cipher
from lotsen_desktop.store.database import Store, unopened_store
from lotsen_desktop.sync.capture import site_id

pytestmark = pytest.mark.sqlite_only  # file backups of an SQLCipher file

PASSPHRASE = "Lotsen im Winter 2026"
FAMILY = "Şahin-Quastorff"


@pytest.fixture(autouse=True)
def _fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cipher.TEST_KDF_ITER_ENV, "1000")


def _family_names(store: Store) -> list[str]:
    return sorted(v.family_name for v in volunteers.list_volunteers(store))


def test_backup_of_an_encrypted_store_is_encrypted_and_restores(store: Store) -> None:
    volunteers.add_volunteer(store, given_name="İlkay", family_name=FAMILY)
    encryption.encrypt(store, PASSPHRASE)
    saved = backup.backup_database(store, BackupReason.MANUAL).path

    assert cipher.looks_encrypted(saved)
    assert FAMILY.encode("utf-8") not in saved.read_bytes()
    preview = backup.preview_backup(store, saved, check=True)
    assert preview.usable and preview.counts
    assert any(count == 1 for count in preview.counts.values())

    volunteers.add_volunteer(store, given_name="Nach", family_name="Der Sicherung")
    old_site = site_id(store)
    path = store.path
    store.close()

    result = restore_backup(unopened_store(path, passphrase=PASSPHRASE), saved)

    assert result.kept_copy is not None and cipher.looks_encrypted(result.kept_copy)
    assert cipher.looks_encrypted(path)
    reopened = open_office_store(path, passphrase=PASSPHRASE)
    try:
        assert _family_names(reopened) == [FAMILY]
        assert site_id(reopened) == result.new_site_id != old_site
    finally:
        reopened.close()


def test_a_plain_backup_from_before_the_encryption_is_still_listed_and_readable(
    store: Store,
) -> None:
    volunteers.add_volunteer(store, given_name="Олена", family_name="Шевченко")
    plain = backup.backup_database(store, BackupReason.MANUAL).path
    encryption.encrypt(store, PASSPHRASE)

    assert not cipher.looks_encrypted(plain)
    assert plain in [item.path for item in backup.list_backups(store)]
    assert backup.preview_backup(store, plain).usable


def test_a_file_that_is_no_database_counts_as_damaged_so_a_backup_is_offered(
    tmp_path: Path,
) -> None:
    not_a_database = tmp_path / "lotsen.sqlite"
    not_a_database.write_bytes(b"kein SQLite" * 10)
    with pytest.raises(backup.DatabaseDamaged):
        open_office_store(not_a_database)
