"""The programme's rules, computed, never typed in.

The same rules run in SQL for lists of thousands (``services.progress``); these functions are the
reference the SQL is tested against and what the documents use for one person.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from lotsen_desktop.domain.vocabulary import AttendanceState, ModuleKind

DEFAULT_UNIT_MINUTES = 45
DEFAULT_THRESHOLD_PERCENT = 80
DEFAULT_SPECIALISATIONS_REQUIRED = 0
ACTIVITY_MONTHS_BEFORE_FURTHER_MODULES = 6


def minutes_to_units(minutes: float, unit_minutes: int = DEFAULT_UNIT_MINUTES) -> float:
    """Minutes as teaching units (Unterrichtseinheiten), the "Stunden" on every document."""
    return minutes / unit_minutes


def units_to_minutes(units: float, unit_minutes: int = DEFAULT_UNIT_MINUTES) -> int:
    return round(units * unit_minutes)


def attended_minutes(
    state: AttendanceState | str, session_minutes: int, partial_minutes: int | None
) -> int:
    """Minutes one attendance record counts: excused and absent count nothing."""
    state = AttendanceState(state)
    if state is AttendanceState.PRESENT:
        return session_minutes
    if state is AttendanceState.PARTIAL:
        return max(0, min(partial_minutes or 0, session_minutes))
    return 0


def required_minutes(planned_minutes: int, threshold_percent: int) -> int:
    """Minutes needed to complete a module: the threshold share of its planned time, rounded up."""
    return -(-planned_minutes * threshold_percent // 100)


def is_completed(attended: int, planned_minutes: int, threshold_percent: int) -> bool:
    return planned_minutes > 0 and attended >= required_minutes(planned_minutes, threshold_percent)


@dataclass(frozen=True)
class ModuleResult:
    """One module's standing for one person (best course run if several)."""

    module_code: str
    kind: ModuleKind
    attended_minutes: int
    required_minutes: int
    completed: bool
    completed_on: date | None


def is_qualified(results: Iterable[ModuleResult], specialisations_required: int) -> bool:
    """Qualified = Basismodul completed, plus N Spezialisierungsmodule if the office sets N > 0."""
    results = list(results)
    basis = any(r.completed and r.kind is ModuleKind.BASIS for r in results)
    special = sum(1 for r in results if r.completed and r.kind is ModuleKind.SPEZIALISIERUNG)
    return basis and special >= specialisations_required


def qualified_on(results: Iterable[ModuleResult], specialisations_required: int) -> date | None:
    """The day the person became qualified: the later of Basismodul and the Nth specialisation."""
    results = list(results)
    if not is_qualified(results, specialisations_required):
        return None
    basis_dates = sorted(
        r.completed_on
        for r in results
        if r.completed and r.kind is ModuleKind.BASIS and r.completed_on
    )
    special_dates = sorted(
        r.completed_on
        for r in results
        if r.completed and r.kind is ModuleKind.SPEZIALISIERUNG and r.completed_on
    )
    candidates = basis_dates[:1]
    if specialisations_required > 0:
        candidates.append(special_dates[specialisations_required - 1])
    return max(candidates) if candidates else None


def months_between(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end``."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return months


def needs_activity_warning(kind: ModuleKind, active_since: date | None, on: date) -> bool:
    """Nachhaltigkeits- and Spezialisierungsmodule are meant for Lotsen active six months or more.

    Enrolling earlier gives a warning, never a refusal.
    """
    if kind is ModuleKind.BASIS:
        return False
    return (
        active_since is None
        or months_between(active_since, on) < ACTIVITY_MONTHS_BEFORE_FURTHER_MODULES
    )
