"""The status follows the qualification: "in Qualifizierung" becomes "qualifiziert" and back.

Called by ``services.qualification`` in the transaction that recomputed the figures, for the
people whose figures were recomputed. The rule, so that a status never flips back and forth:

* Only a **change** of qualification moves the status: a recomputation that leaves a person
  qualified (or not) never touches it, so a status set by hand stays until the qualification
  itself changes again.
* **Gain** (the figures say qualified now, they did not before): *interessiert* or *in
  Qualifizierung* becomes *qualifiziert*, unless the person's latest automatic step already was
  "qualifiziert" (taken earlier, maybe on another machine, and changed by hand since).
* **Loss** (qualified before, not now, e.g. attendance corrected): *qualifiziert* goes back to
  *in Qualifizierung*, but only when the latest automatic step was the gain (a "qualifiziert" set
  by hand, e.g. for a qualification made elsewhere, is never taken away).
* Any other status (aktiv, pausiert, ausgeschieden) is never changed automatically.
* A **received** automatic step that this machine's figures do not hold (another machine took it
  from figures without this machine's changes) is followed as a local one would have been
  (``follow_received``).

Each automatic step is a ``status_change`` row with a natural id (person and running number of
automatic steps), so two machines that derive the same step from the same data create the same
row, which merges on import instead of appearing twice; an imported step counts like a local one,
so a machine never repeats a step another machine took and a person corrected afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from lotsen_desktop.domain.vocabulary import ModuleKind, VolunteerStatus
from lotsen_desktop.i18n import _
from lotsen_desktop.store.database import Store
from lotsen_desktop.store.models import (
    Module,
    ModuleFigure,
    QualificationFigure,
    StatusChange,
    Volunteer,
    natural_id,
)

GAIN_FROM = (VolunteerStatus.INTERESTED.value, VolunteerStatus.IN_QUALIFICATION.value)
CHUNK = 500
MAX_STEPS = 50
"""Automatic steps looked for per person (each needs a loss and a gain: never reached)."""


def automatic_step_id(volunteer_id: str, number: int) -> str:
    """The id of a person's ``number``-th automatic status change (1, 2, …), alike everywhere."""
    return natural_id("status_change", volunteer_id, "auto", str(number))


@dataclass(frozen=True)
class Step:
    """One automatic status change made by ``follow``."""

    volunteer_id: str
    status: str
    changed_on: date
    note: str

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def follow(
    session: Session,
    gained: Iterable[str],
    lost: Iterable[str],
    *,
    today: date | None = None,
    stepped_only: bool = False,
) -> list[Step]:
    """Let the status follow a change of qualification (people who just gained or lost it);
    ``stepped_only``: gains only for people with an automatic step before."""
    gains: dict[str, date | None] = {}
    losses: set[str] = set()
    for part in _parts(gained):
        gains.update(
            {
                row.id: row.qualified_on
                for row in session.execute(
                    select(Volunteer.id, QualificationFigure.qualified_on)
                    .join(QualificationFigure, QualificationFigure.volunteer_id == Volunteer.id)
                    .where(Volunteer.status.in_(GAIN_FROM), Volunteer.id.in_(part))
                )
            }
        )
    for part in _parts(lost):
        losses.update(
            session.scalars(
                select(Volunteer.id).where(
                    Volunteer.status == VolunteerStatus.QUALIFIED.value,
                    Volunteer.id.in_(part),
                    ~exists().where(QualificationFigure.volunteer_id == Volunteer.id),
                )
            )
        )
    if not gains and not losses:
        return []
    history = _history(session, sorted(set(gains) | losses))
    modules = _completing_modules(session, gains)
    day = today or date.today()
    steps: list[Step] = []
    for person, qualified_on in sorted(gains.items()):
        past = history.get(person, _History())
        if past.last_automatic == VolunteerStatus.QUALIFIED.value:
            continue  # taken before (maybe on another machine) and changed by hand since
        if stepped_only and past.count == 0:
            continue
        kind = modules.get(person)
        note = (
            _("automatic: {module} completed").format(module=kind)
            if kind
            else _("automatic: qualification completed")
        )
        known = [d for d in (qualified_on, past.latest) if d is not None]
        steps.append(
            Step(person, VolunteerStatus.QUALIFIED.value, max(known) if known else day, note)
        )
        _apply(session, steps[-1], past.count + 1)
    for person in sorted(losses):
        past = history.get(person, _History())
        if past.last_automatic != VolunteerStatus.QUALIFIED.value:
            continue  # "qualifiziert" was set by hand: never taken away automatically
        note = _("automatic: qualification no longer met")
        when = max(day, past.latest) if past.latest else day
        steps.append(Step(person, VolunteerStatus.IN_QUALIFICATION.value, when, note))
        _apply(session, steps[-1], past.count + 1)
    if steps:
        session.flush()
    return steps


def follow_received(session: Session, people: Iterable[str]) -> list[Step]:
    """After an import wrote status history for ``people``: the status follows this machine's
    figures where a received automatic step disagrees with them.

    Another machine took that step from its own figures (a gain, say), which may not yet hold
    here (this machine has changes the other has not seen). An imported step counts like a
    local one, so it is followed by a loss (or a gain) here, as a local step would have been
    when the figures changed. Only people with an automatic step: a status set by hand, and
    one changed by hand after the latest automatic step, stay as they are (``follow``).
    """
    wanted = sorted(set(people))
    return follow(session, wanted, wanted, stepped_only=True)


def _parts(people: Iterable[str]) -> Iterable[list[str]]:
    items = sorted(set(people))
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


@dataclass
class _History:
    count: int = 0
    last_automatic: str | None = None
    latest: date | None = None


def _history(session: Session, people: Sequence[str]) -> dict[str, _History]:
    """Per person: how many automatic steps exist, the status of the last, the latest date."""
    rows: dict[str, dict[str, tuple[str, date]]] = {}
    for start in range(0, len(people), CHUNK):
        part = people[start : start + CHUNK]
        for row in session.execute(
            select(
                StatusChange.id,
                StatusChange.volunteer_id,
                StatusChange.status,
                StatusChange.changed_on,
            ).where(StatusChange.volunteer_id.in_(part))
        ):
            rows.setdefault(row.volunteer_id, {})[row.id] = (row.status, row.changed_on)
    result: dict[str, _History] = {}
    for person, entries in rows.items():
        found = _History(latest=max(changed for _status, changed in entries.values()))
        for number in range(1, MAX_STEPS + 1):
            entry = entries.get(automatic_step_id(person, number))
            if entry is None:
                break
            found.count, found.last_automatic = number, entry[0]
        result[person] = found
    return result


def _completing_modules(session: Session, gains: dict[str, date | None]) -> dict[str, str]:
    """The kind of the module whose completion qualified each person (for the note)."""
    found: dict[str, str] = {}
    people = sorted(gains)
    for start in range(0, len(people), CHUNK):
        part = people[start : start + CHUNK]
        for row in session.execute(
            select(ModuleFigure.volunteer_id, ModuleFigure.completed_on, Module.kind)
            .join(Module, Module.id == ModuleFigure.module_id)
            .where(ModuleFigure.volunteer_id.in_(part))
            .order_by(ModuleFigure.volunteer_id, Module.kind)
        ):
            if row.completed_on is not None and row.completed_on == gains.get(row.volunteer_id):
                try:
                    label = ModuleKind(row.kind).label
                except ValueError:
                    continue
                found.setdefault(row.volunteer_id, label)
    return found


def _apply(session: Session, step: Step, number: int) -> None:
    volunteer: Any = session.get(Volunteer, step.volunteer_id, populate_existing=True)
    if volunteer is None:
        return
    volunteer.status = step.status
    row_id = automatic_step_id(step.volunteer_id, number)
    existing = session.get(StatusChange, row_id)
    if existing is None:
        session.add(
            StatusChange(
                id=row_id,
                volunteer_id=step.volunteer_id,
                status=step.status,
                changed_on=step.changed_on,
                note=step.note,
            )
        )
    else:  # a row deleted in this transaction cannot be here: keep the numbering stable
        existing.status, existing.changed_on, existing.note = (
            step.status,
            step.changed_on,
            step.note,
        )


def reconcile(store: Store, *, today: date | None = None) -> list[Step]:
    """Once, for data from before the status followed: every qualified person still
    "interessiert"/"in Qualifizierung" gets the gain step (unless one was taken and corrected).

    Deliberate, because it also overrides such a status set by hand before this version
    (CLI ``status-follow``); afterwards only changes of qualification move a status.
    """
    with store.uow() as uow:
        waiting = list(
            uow.session.scalars(
                select(Volunteer.id)
                .join(QualificationFigure, QualificationFigure.volunteer_id == Volunteer.id)
                .where(Volunteer.status.in_(GAIN_FROM))
            )
        )
        steps = follow(uow.session, waiting, (), today=today)
        uow.commit()
    return steps


__all__ = ["GAIN_FROM", "Step", "automatic_step_id", "follow", "follow_received", "reconcile"]
