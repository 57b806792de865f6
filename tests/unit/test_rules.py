"""The programme's rules in domain.rules, and the SQL in services.progress agreeing with them."""

from __future__ import annotations

from datetime import date

import pytest

from lotsen_desktop.domain import rules
from lotsen_desktop.domain.vocabulary import AttendanceState, ModuleKind


def test_units_are_45_minutes_by_default() -> None:
    assert rules.minutes_to_units(90) == 2
    assert rules.minutes_to_units(120, 60) == 2
    assert rules.units_to_minutes(48) == 2160


@pytest.mark.parametrize(
    ("state", "partial", "expected"),
    [
        (AttendanceState.PRESENT, None, 180),
        (AttendanceState.EXCUSED, None, 0),
        (AttendanceState.ABSENT, None, 0),
        (AttendanceState.PARTIAL, 90, 90),
        (AttendanceState.PARTIAL, 500, 180),
        (AttendanceState.PARTIAL, None, 0),
    ],
)
def test_attended_minutes(state: AttendanceState, partial: int | None, expected: int) -> None:
    assert rules.attended_minutes(state, 180, partial) == expected


def test_threshold_rounds_up_and_is_inclusive() -> None:
    assert rules.required_minutes(1000, 80) == 800
    assert rules.required_minutes(1001, 80) == 801  # 800.8 rounds up
    assert rules.is_completed(800, 1000, 80)
    assert not rules.is_completed(799, 1000, 80)
    assert not rules.is_completed(0, 0, 80)


def _result(
    kind: ModuleKind, completed: bool, on: date | None = None, code: str = "X"
) -> rules.ModuleResult:
    return rules.ModuleResult(code, kind, 0, 0, completed, on)


def test_qualified_needs_basis_and_configured_specialisations() -> None:
    basis = _result(ModuleKind.BASIS, True, date(2026, 3, 1), "B")
    special = _result(ModuleKind.SPEZIALISIERUNG, True, date(2026, 6, 1), "S")
    assert rules.is_qualified([basis], 0)
    assert not rules.is_qualified([special], 0)
    assert not rules.is_qualified([basis], 1)
    assert rules.is_qualified([basis, special], 1)
    assert rules.qualified_on([basis, special], 1) == date(2026, 6, 1)
    assert rules.qualified_on([basis, special], 0) == date(2026, 3, 1)
    assert rules.qualified_on([_result(ModuleKind.BASIS, False)], 0) is None


def test_nachhaltigkeit_counts_for_nothing_in_qualification() -> None:
    assert not rules.is_qualified([_result(ModuleKind.NACHHALTIGKEIT, True, date(2026, 1, 1))], 0)


def test_six_month_warning() -> None:
    on = date(2026, 7, 1)
    assert not rules.needs_activity_warning(ModuleKind.BASIS, None, on)
    assert rules.needs_activity_warning(ModuleKind.SPEZIALISIERUNG, None, on)
    assert rules.needs_activity_warning(ModuleKind.SPEZIALISIERUNG, date(2026, 2, 2), on)
    assert not rules.needs_activity_warning(ModuleKind.NACHHALTIGKEIT, date(2026, 1, 1), on)
    assert rules.months_between(date(2026, 1, 31), date(2026, 2, 28)) == 0
