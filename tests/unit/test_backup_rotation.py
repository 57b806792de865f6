"""Which automatic backups are kept (daily, weekly, monthly), and how backup files are named."""

from __future__ import annotations

from datetime import datetime, timedelta

from lotsen_desktop.domain.backups import (
    BackupName,
    BackupReason,
    RotationPolicy,
    backups_to_keep,
    parse_backup_name,
    reason_label,
    reason_of,
)


def _keep(stamps: list[datetime], policy: RotationPolicy) -> set[datetime]:
    return set(backups_to_keep(stamps, lambda when: when, policy))


def test_one_backup_a_day_for_a_year_keeps_days_weeks_and_months() -> None:
    start = datetime(2026, 1, 1, 9, 0)
    stamps = [start + timedelta(days=n) for n in range(365)]  # 2026-01-01 .. 2026-12-31
    kept = _keep(stamps, RotationPolicy(recent=0, daily=7, weekly=4, monthly=12))
    newest = stamps[-1]
    days = {newest - timedelta(days=n) for n in range(7)}
    assert days <= kept
    # the newest of each of the last 4 ISO weeks: Sundays (or the last day) of the weeks
    weeks = {datetime(2026, 12, 31, 9), datetime(2026, 12, 27, 9), datetime(2026, 12, 20, 9)}
    weeks.add(datetime(2026, 12, 13, 9))
    assert weeks <= kept
    # the newest of each month: its last day
    month_ends = {datetime(2026, month + 1, 1, 9) - timedelta(days=1) for month in range(1, 12)} | {
        datetime(2026, 12, 31, 9)
    }
    assert month_ends <= kept
    assert kept == days | weeks | month_ends
    assert len(kept) < 7 + 4 + 12


def test_several_backups_a_day_keep_the_newest_of_each_day_and_the_recent_ones() -> None:
    day = datetime(2026, 3, 2)
    stamps = [day + timedelta(days=d, hours=h) for d in range(3) for h in (8, 12, 16)]
    kept = _keep(stamps, RotationPolicy(recent=2, daily=7, weekly=0, monthly=0))
    assert kept == {
        datetime(2026, 3, 4, 16),
        datetime(2026, 3, 4, 12),  # recent: the copy from before the last import of the day
        datetime(2026, 3, 3, 16),
        datetime(2026, 3, 2, 16),
    }


def test_periods_without_backups_do_not_count() -> None:
    """A laptop that was off for two months still keeps its last week of backups."""
    stamps = [datetime(2026, 1, d, 10) for d in range(1, 11)] + [datetime(2026, 3, 20, 10)]
    kept = _keep(stamps, RotationPolicy(recent=0, daily=7, weekly=0, monthly=0))
    assert kept == {datetime(2026, 3, 20, 10)} | {datetime(2026, 1, d, 10) for d in range(5, 11)}


def test_nothing_to_keep_from_nothing() -> None:
    assert backups_to_keep([], lambda when: when) == []


def test_kept_backups_come_newest_first() -> None:
    stamps = [datetime(2026, 1, 1), datetime(2026, 2, 1), datetime(2026, 1, 15)]
    assert backups_to_keep(stamps, lambda when: when) == sorted(stamps, reverse=True)


def test_names_carry_database_machine_time_and_reason() -> None:
    name = BackupName("lotsen", "0a1b2c3d", datetime(2026, 12, 1, 4, 55, 12), "vor-update-0009")
    assert name.file_name() == "lotsen-0a1b2c3d-2026-12-01_045512-vor-update-0009.sqlite"
    assert name.file_name(2) == "lotsen-0a1b2c3d-2026-12-01_045512-2-vor-update-0009.sqlite"
    assert parse_backup_name(name.file_name(2)) == name
    assert parse_backup_name(name.file_name()) == name
    assert parse_backup_name("lotsen-2026-11-30_101500-manuell.sqlite") == BackupName(
        "lotsen", "", datetime(2026, 11, 30, 10, 15), "manuell"
    )
    assert parse_backup_name("lotsen.sqlite") is None
    assert parse_backup_name("lotsen-0a1b2c3d-2026-13-40_999999-start.sqlite") is None


def test_reasons_read_from_names() -> None:
    assert reason_of("vor-update-0009") is BackupReason.UPDATE
    assert reason_of("loeschung") is BackupReason.ERASURE
    assert reason_of("unbekannt") is None
    assert reason_label("vor-update-0009") == "Vor einem Update (0009)"
    assert reason_label("start") == "Beim Start"
    assert [r for r in BackupReason if r.rotated] == [
        BackupReason.START,
        BackupReason.IMPORT,
        BackupReason.ERASURE,
    ]
