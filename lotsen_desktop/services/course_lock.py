"""Finished courses are locked: their sessions, attendance and enrolments stay as documented.

A course is *finished* when somebody marks it so ("Kurs abschließen") or, automatically, when
documents are issued for it after its last session. From then on the services refuse changes to
its sessions, attendance and enrolments until the course is unlocked on purpose, with a reason;
it can be locked again at any time. Every step is a ``course_lock`` row (who, when, why), kept
for good and exchanged like the course's other rows (also in a course package), so a trainer's
laptop refuses the same edits. The latest step (by time, then id) is the state.

Edits that reach a locked course through an exchange file are not refused: they were made
elsewhere, maybe before the lock; the import shows them like any other change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lotsen_desktop.domain.vocabulary import CourseLockAction
from lotsen_desktop.errors import NotFoundError, ValidationError
from lotsen_desktop.i18n import _, local_time
from lotsen_desktop.store.database import Store
from lotsen_desktop.store.models import Course, CourseLockEvent, CourseSession

LOCKING = (CourseLockAction.FINISHED.value, CourseLockAction.RELOCKED.value)


class CourseLockedError(ValidationError):
    """A change to a finished, locked course; nothing was changed."""


@dataclass(frozen=True)
class LockEvent:
    action: str
    reason: str
    acted_at: datetime
    """UTC, as stored."""
    acted_by: str

    @property
    def local_time(self) -> datetime:
        """When, in this computer's time zone (for display)."""
        return local_time(self.acted_at)

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass(frozen=True)
class LockState:
    """A course's lock: finished? locked now? all its steps, oldest first."""

    course_id: str
    events: tuple[LockEvent, ...]
    sessions_over: bool
    """Every session lies before today (the course could be finished)."""

    @property
    def finished(self) -> bool:
        return bool(self.events)

    @property
    def locked(self) -> bool:
        return bool(self.events) and self.events[-1].action in LOCKING

    @property
    def last(self) -> LockEvent | None:
        return self.events[-1] if self.events else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "course_id": self.course_id,
            "finished": self.finished,
            "locked": self.locked,
            "sessions_over": self.sessions_over,
            "events": [e.as_dict() for e in self.events],
        }


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _events(session: Session, course_id: str) -> list[CourseLockEvent]:
    return list(
        session.scalars(
            select(CourseLockEvent)
            .where(CourseLockEvent.course_id == course_id)
            .order_by(CourseLockEvent.acted_at, CourseLockEvent.id)
        )
    )


def _course(session: Session, course_id: str) -> Course:
    course = session.get(Course, course_id)
    if course is None:
        raise NotFoundError(_("No course with id {id}.").format(id=course_id))
    return course


def _sessions_over(session: Session, course_id: str, today: date) -> bool:
    last = session.scalar(
        select(func.max(CourseSession.session_date)).where(CourseSession.course_id == course_id)
    )
    return last is not None and last < today


def _state(session: Session, course_id: str, today: date | None) -> LockState:
    return LockState(
        course_id=course_id,
        events=tuple(
            LockEvent(e.action, e.reason, e.acted_at, e.acted_by)
            for e in _events(session, course_id)
        ),
        sessions_over=_sessions_over(session, course_id, today or date.today()),
    )


def lock_state(store: Store, course_id: str, *, today: date | None = None) -> LockState:
    """Whether the course is finished and locked, with every lock step."""
    with store.new_session() as session:
        _course(session, course_id)
        return _state(session, course_id, today)


def latest_action(course_id: Any) -> Any:
    """A scalar subquery: the latest lock step's action of a course (for list queries)."""
    return (
        select(CourseLockEvent.action)
        .where(CourseLockEvent.course_id == course_id)
        .order_by(CourseLockEvent.acted_at.desc(), CourseLockEvent.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def is_locked(session: Session, course_id: str) -> bool:
    last = session.scalars(
        select(CourseLockEvent.action)
        .where(CourseLockEvent.course_id == course_id)
        .order_by(CourseLockEvent.acted_at.desc(), CourseLockEvent.id.desc())
        .limit(1)
    ).first()
    return last in LOCKING


def ensure_editable(session: Session, course_id: str) -> None:
    """Refuse a change to the sessions, attendance or enrolments of a locked course."""
    if is_locked(session, course_id):
        title = session.scalar(select(Course.title).where(Course.id == course_id)) or ""
        raise CourseLockedError(
            _(
                "The course “{title}” is finished and locked, so its sessions, attendance and "
                "enrolments stay as documented. Unlock it on the course page (with a reason) to "
                "correct it (CLI: lock unlock)."
            ).format(title=title),
            field="course",
        )


def _add(
    session: Session, course_id: str, action: CourseLockAction, reason: str, user: str
) -> None:
    previous = _events(session, course_id)
    at = _now()
    if previous:  # keep the order even if this machine's clock is behind the last step's
        at = max(at, previous[-1].acted_at + timedelta(milliseconds=1))
    session.add(
        CourseLockEvent(
            course_id=course_id, action=action.value, reason=reason, acted_at=at, acted_by=user
        )
    )


def finish_course(
    store: Store, course_id: str, *, reason: str = "", today: date | None = None
) -> LockState:
    """Mark a course finished: from now on it is locked."""
    with store.uow() as uow:
        _course(uow.session, course_id)
        if _events(uow.session, course_id):
            raise ValidationError(_("The course is already finished."), field="course")
        _add(uow.session, course_id, CourseLockAction.FINISHED, reason.strip(), store.user)
        uow.commit()
        return _state(uow.session, course_id, today)


def finish_if_over(
    session: Session, course_id: str, *, reason: str, user: str, today: date | None = None
) -> bool:
    """In the caller's transaction (documents issued): finish the course if all its sessions are
    past and it was never finished. A course unlocked on purpose stays unlocked."""
    if session.get(Course, course_id) is None or _events(session, course_id):
        return False
    if not _sessions_over(session, course_id, today or date.today()):
        return False
    _add(session, course_id, CourseLockAction.FINISHED, reason, user)
    return True


def unlock_course(
    store: Store, course_id: str, *, reason: str, today: date | None = None
) -> LockState:
    """Unlock a finished course on purpose; the reason is required and kept."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            _("Say why the finished course is unlocked (e.g. “attendance of 14.11. corrected”)."),
            field="reason",
        )
    with store.uow() as uow:
        _course(uow.session, course_id)
        if not is_locked(uow.session, course_id):
            raise ValidationError(_("The course is not locked."), field="course")
        _add(uow.session, course_id, CourseLockAction.UNLOCKED, reason, store.user)
        uow.commit()
        return _state(uow.session, course_id, today)


def relock_course(
    store: Store, course_id: str, *, reason: str = "", today: date | None = None
) -> LockState:
    """Lock an unlocked finished course again."""
    with store.uow() as uow:
        _course(uow.session, course_id)
        events = _events(uow.session, course_id)
        if not events:
            raise ValidationError(
                _("The course is not finished yet; finish it to lock it."), field="course"
            )
        if is_locked(uow.session, course_id):
            raise ValidationError(_("The course is already locked."), field="course")
        _add(uow.session, course_id, CourseLockAction.RELOCKED, reason.strip(), store.user)
        uow.commit()
        return _state(uow.session, course_id, today)


__all__ = [
    "CourseLockedError",
    "LockEvent",
    "LockState",
    "ensure_editable",
    "finish_course",
    "finish_if_over",
    "is_locked",
    "latest_action",
    "lock_state",
    "relock_course",
    "unlock_course",
]
