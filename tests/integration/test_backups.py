"""Backups: written checked and complete, rotated, before import and erasure, once a day at start,
into a chosen folder or beside the database; restored with a new sync identity."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sync_helpers import digest, export, full_export, import_, log_keys, missing_from, replica

from lotsen_desktop.bootstrap import open_office_store, restore_backup
from lotsen_desktop.cli import main
from lotsen_desktop.domain.backups import BackupReason, RotationPolicy
from lotsen_desktop.errors import DatabaseDamaged, StoreError, ValidationError
from lotsen_desktop.services import privacy, volunteers
from lotsen_desktop.store import backup
from lotsen_desktop.store.database import Store, unopened_store
from lotsen_desktop.sync.capture import site_id

pytestmark = pytest.mark.sqlite_only  # file backups; a shared database is backed up with pg_dump


def _names(store: Store) -> list[str]:
    return sorted(v.family_name for v in volunteers.list_volunteers(store))


def _corrupt(path: Path) -> None:
    """Overwrite pages in the middle of a database file (the header stays)."""
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(2 * page, min(len(data), 30 * page)):
        data[offset] = 0x5A
    path.write_bytes(bytes(data))


def test_backup_is_a_complete_checked_copy(store: Store) -> None:
    volunteers.add_volunteer(store, given_name="Nguyễn Thị", family_name="Ánh")
    result = backup.backup_database(store, BackupReason.MANUAL)
    assert result.path.parent == store.path.parent / "backups"
    assert result.path.name.endswith("-manuell.sqlite") and not result.warning
    assert not list(result.path.parent.glob(".*partial"))
    copy = sqlite3.connect(result.path)
    assert copy.execute("SELECT given_name FROM volunteer").fetchone() == ("Nguyễn Thị",)
    assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    copy.close()
    assert backup.latest_backup(store) is not None
    [listed] = backup.list_backups(store)
    assert listed.path == result.path and listed.reason == "manuell" and listed.size > 0


def test_full_disk_leaves_no_half_backup(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup.os, "replace", broken)
    with pytest.raises(StoreError, match=r"Sicherung konnte nicht geschrieben werden.*voll"):
        backup.backup_database(store, BackupReason.MANUAL)
    assert not list((store.path.parent / "backups").iterdir())


def test_a_copy_that_fails_the_integrity_check_is_not_kept(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    volunteers.add_volunteer(store, given_name="Olena", family_name="Коваленко")
    good = backup.backup_database(store, BackupReason.MANUAL).path
    copy = backup._copy

    def copy_and_damage(*args: object) -> None:
        copy(*args)  # type: ignore[arg-type]
        _corrupt(args[2])  # type: ignore[arg-type]

    monkeypatch.setattr(backup, "_copy", copy_and_damage)
    with pytest.raises(backup.BackupDamaged, match="Prüfung"):
        backup.backup_database(store, BackupReason.IMPORT)
    assert [entry.path for entry in backup.list_backups(store)] == [good]
    assert not list(good.parent.glob(".*partial"))


def test_a_damaged_backup_is_never_offered_nor_restored(store: Store) -> None:
    volunteers.add_volunteer(store, given_name="Olena", family_name="Коваленко")
    older = backup.backup_database(store, BackupReason.MANUAL, now=datetime(2026, 1, 1, 9)).path
    newer = backup.backup_database(store, BackupReason.MANUAL, now=datetime(2026, 1, 2, 9)).path
    _corrupt(newer)
    assert not backup.preview_backup(store, newer, check=True).usable
    good = backup.newest_good_backup(store)
    assert good is not None and good.path == older
    store.close()
    before = store.path.read_bytes()
    with pytest.raises(StoreError, match="beschädigt"):
        restore_backup(store, newer)
    assert store.path.read_bytes() == before


def test_backups_go_to_the_chosen_folder_or_beside_the_database(
    store: Store, tmp_path: Path
) -> None:
    stick = tmp_path / "stick"
    with pytest.raises(StoreError, match="existiert nicht"):
        backup.set_backup_folder(store, stick)
    stick.mkdir()
    backup.set_backup_folder(store, stick)
    assert backup.backup_database(store, BackupReason.MANUAL).path.parent == stick
    stick.rename(tmp_path / "unplugged")
    result = backup.backup_database(store, BackupReason.MANUAL)
    assert result.path.parent == store.path.parent / "backups"
    assert "kann nicht verwendet werden" in result.warning and str(stick) in result.warning
    backup.set_backup_folder(store, None)
    assert backup.target_folder(store) == (store.path.parent / "backups", "")


def test_backup_at_start_at_most_once_a_day(store: Store) -> None:
    morning = datetime(2026, 5, 4, 8, 30)
    first = backup.backup_at_start(store, now=morning)
    assert first is not None and first.path.name.endswith("-start.sqlite")
    assert backup.backup_at_start(store, now=morning + timedelta(hours=6)) is None
    assert backup.backup_at_start(store, now=morning + timedelta(days=1)) is not None
    assert len(backup.list_backups(store)) == 2


def test_automatic_backups_are_rotated_manual_ones_kept(store: Store) -> None:
    policy = RotationPolicy(recent=1, daily=3, weekly=0, monthly=0)
    start = datetime(2026, 6, 1, 9)
    manual = backup.backup_database(store, BackupReason.MANUAL, now=start - timedelta(days=30))
    for day in range(6):
        backup.backup_database(
            store, BackupReason.START, now=start + timedelta(days=day), policy=policy
        )
    other_machine = manual.path.parent / "lotsen-ffffffff-2026-01-01_090000-start.sqlite"
    other_machine.write_bytes(manual.path.read_bytes())
    backup.backup_database(store, BackupReason.IMPORT, now=start + timedelta(days=6), policy=policy)
    kept = {(b.made_at, b.reason) for b in backup.list_backups(store)}
    assert kept == {
        (start + timedelta(days=6), "import"),
        (start + timedelta(days=5), "start"),
        (start + timedelta(days=4), "start"),
        (start - timedelta(days=30), "manuell"),
    }
    assert other_machine.exists()


def test_every_import_is_preceded_by_a_backup_but_not_a_dry_run(
    office: Store, laptop: Store, tmp_path: Path
) -> None:
    volunteers.add_volunteer(office, given_name="Ada", family_name="Büro")
    path = full_export(office, tmp_path / "from-office")
    before = len(backup.list_backups(laptop))
    import_(laptop, path, dry_run=True)
    assert len(backup.list_backups(laptop)) == before
    import_(laptop, path)
    newest = backup.list_backups(laptop)[0]
    assert newest.reason == "import"
    copy = sqlite3.connect(newest.path)
    assert copy.execute("SELECT count(*) FROM volunteer WHERE family_name = 'Büro'").fetchone() == (
        0,
    )
    copy.close()


def test_erasure_is_preceded_by_a_backup(store: Store) -> None:
    person = volunteers.add_volunteer(store, given_name="Olena", family_name="Коваленко")
    with pytest.raises(ValidationError):
        privacy.erase_person(store, person, confirm_name="falsch")
    assert backup.list_backups(store) == []
    privacy.erase_person(store, person, confirm_name="Коваленко")
    [made] = backup.list_backups(store)
    assert made.reason == "loeschung"


def test_restore_brings_the_data_back_keeps_the_current_file_and_syncs_on(
    office: Store, laptop: Store, tmp_path: Path
) -> None:
    volunteers.add_volunteer(laptop, given_name="Before", family_name="Backup")
    saved = backup.backup_database(laptop, BackupReason.MANUAL).path
    volunteers.add_volunteer(laptop, given_name="After", family_name="Exported")
    import_(office, full_export(laptop, tmp_path / "laptop-1"))
    old_site = site_id(laptop)
    laptop_path = laptop.path
    laptop.close()

    result = restore_backup(unopened_store(laptop_path), saved)

    assert result.kept_copy is not None and result.kept_copy.name.endswith(
        "-vor-wiederherstellung.sqlite"
    )
    kept = sqlite3.connect(result.kept_copy)
    assert kept.execute("SELECT count(*) FROM volunteer WHERE family_name = 'Exported'").fetchone()
    kept.close()
    for suffix in ("-wal", "-shm"):
        assert not Path(f"{laptop_path}{suffix}").exists()
    restored = replica(tmp_path, "Laptop")
    try:
        assert "Backup" in _names(restored) and "Exported" not in _names(restored)
        assert site_id(restored) == result.new_site_id != old_site
        # new work on the restored machine travels (it would be skipped as known if the old
        # site id handed out the same sequence numbers again)
        before = log_keys(restored)
        volunteers.add_volunteer(restored, given_name="New", family_name="Restored")
        made = log_keys(restored) - before
        assert made and all(origin == result.new_site_id for origin, _seq in made)
        import_(office, export(restored, tmp_path / "laptop-2", peer="Büro"))
        assert {"Exported", "Restored"} <= set(_names(office))
        # what was exchanged after the backup comes back from the peer
        import_(restored, full_export(office, tmp_path / "office-1"))
        assert {"Backup", "Exported", "Restored"} <= set(_names(restored))
        assert digest(restored) == digest(office)
        # (each side may have folded at its import what the other has seen)
        assert missing_from(restored, log_keys(office)) == set()
        assert missing_from(office, log_keys(restored)) == set()
    finally:
        restored.close()


def test_restore_keeps_the_clock_ahead_of_the_replaced_file(store: Store) -> None:
    saved = backup.backup_database(store, BackupReason.MANUAL).path
    with store.new_session() as session, session.begin():
        from lotsen_desktop.sync.clock import HLC_KEY, set_setting

        set_setting(session, HLC_KEY, str(1 << 62))
    store.close()
    restore_backup(store, saved)
    connection = sqlite3.connect(store.path)
    [(value,)] = connection.execute("SELECT value FROM local_setting WHERE key = 'sync.hlc'")
    connection.close()
    assert int(value) == 1 << 62


def test_restore_refuses_a_backup_of_a_newer_version(store: Store) -> None:
    saved = backup.backup_database(store, BackupReason.MANUAL).path
    connection = sqlite3.connect(saved)
    connection.execute("UPDATE alembic_version SET version_num = 'ffff9999'")
    connection.commit()
    connection.close()
    store.close()
    with pytest.raises(StoreError, match="neueren Version"):
        restore_backup(store, saved)


def test_a_damaged_database_is_refused_and_the_newest_good_backup_offered(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    volunteers.add_volunteer(store, given_name="İlkay", family_name="Şahin")
    saved = backup.backup_database(store, BackupReason.MANUAL).path
    store.close()
    _corrupt(store.path)
    with pytest.raises(DatabaseDamaged):
        reopened = open_office_store(store.path)
        reopened.close()
    good = backup.newest_good_backup(unopened_store(store.path))
    assert good is not None and good.path == saved

    code = main(["status", "--db", str(store.path)])
    err = capsys.readouterr().err
    assert code == 4
    assert "beschädigt" in err and f'lotsen-desktop restore "{saved}"' in err

    assert main(["restore", str(saved), "--db", str(store.path)]) == 0
    capsys.readouterr()
    reopened = open_office_store(store.path)
    try:
        assert _names(reopened) == ["Şahin"]
    finally:
        reopened.close()


def test_cli_backup_now_list_folder_and_restore(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(store.path)
    volunteers.add_volunteer(store, given_name="Ana", family_name="Erste")
    store.close()
    assert main(["backup", "now", "--db", db, "--format", "json"]) == 0
    written = Path(json.loads(capsys.readouterr().out)["file"])
    assert main(["backup", "--db", db]) == 0
    assert "Sicherung geschrieben" in capsys.readouterr().out
    assert main(["backup", "list", "--db", db, "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert len(listed) == 2 and {row["reason"] for row in listed} == {"manuell"}
    assert main(["backup", "list", "--db", db]) == 0
    assert "Manuell" in capsys.readouterr().out

    stick = tmp_path / "stick"
    assert main(["backup", "folder", str(stick), "--db", db]) == 4
    assert "existiert nicht" in capsys.readouterr().err
    stick.mkdir()
    assert main(["backup", "folder", str(stick), "--db", db]) == 0
    assert capsys.readouterr().out.strip() == str(stick)

    reopened = open_office_store(db)
    volunteers.add_volunteer(reopened, given_name="Bea", family_name="Zweite")
    reopened.close()
    assert main(["restore", str(written), "--db", db, "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert Path(result["kept_copy"]).parent == stick and result["new_site_id"]
    assert result["counts"]["volunteers"] == 1
    reopened = open_office_store(db)
    try:
        assert _names(reopened) == ["Erste"]
    finally:
        reopened.close()
    assert main(["restore", str(tmp_path / "nichts.sqlite"), "--db", db]) == 4
    assert "existiert nicht" in capsys.readouterr().err


def test_restore_is_refused_while_another_program_has_the_database_open(store: Store) -> None:
    volunteers.add_volunteer(store, given_name="Ana", family_name="Erste")
    saved = backup.backup_database(store, BackupReason.MANUAL).path
    volunteers.add_volunteer(store, given_name="Bea", family_name="Zweite")
    store.close()
    other = sqlite3.connect(store.path)  # e.g. a window on the same file, idle
    other.execute("SELECT count(*) FROM volunteer").fetchone()
    try:
        with pytest.raises(StoreError, match="anderen Programm"):
            restore_backup(store, saved)
    finally:
        other.close()
    assert _names_at(store.path) == ["Erste", "Zweite"]
    restore_backup(store, saved)
    assert _names_at(store.path) == ["Erste"]


def _names_at(path: Path) -> list[str]:
    reopened = open_office_store(path)
    try:
        return _names(reopened)
    finally:
        reopened.close()


def test_restore_names_the_people_deleted_since_the_backup(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    kept = volunteers.add_volunteer(store, given_name="Ana", family_name="Bleibt")
    erased = volunteers.add_volunteer(store, given_name="Олена", family_name="Коваленко")
    saved = backup.backup_database(store, BackupReason.MANUAL).path
    privacy.erase_person(store, erased, confirm_name="Коваленко")
    store.close()
    assert main(["restore", str(saved), "--db", str(store.path), "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["deleted_since"] == [erased] and kept not in result["deleted_since"]
    assert _names_at(store.path) == ["Bleibt", "Коваленко"]
