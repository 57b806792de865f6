"""Hints when enrolling: a person who already takes part in another course of a Basismodul.

One Basismodul qualifies; a second course of one is usually a slip (the wrong person picked) or
a repeat the office should know it is making. It is a hint, never a refusal.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from lotsen_desktop.domain.vocabulary import ModuleKind
from lotsen_desktop.i18n import _
from lotsen_desktop.store.database import Store
from lotsen_desktop.store.models import Course, Enrolment, Module, Volunteer


def other_basis_courses(session: Session, course_id: str, volunteer_id: str) -> list[str]:
    """Titles of the other Basismodul courses ``volunteer_id`` is enrolled in, if ``course_id``
    is a Basismodul course itself (else none)."""
    kind = session.scalar(
        select(Module.kind)
        .join(Course, Course.module_id == Module.id)
        .where(Course.id == course_id)
    )
    if kind != ModuleKind.BASIS.value:
        return []
    query = (
        select(Course.title)
        .join(Enrolment, Enrolment.course_id == Course.id)
        .join(Module, Module.id == Course.module_id)
        .where(
            Enrolment.volunteer_id == volunteer_id,
            Course.id != course_id,
            Module.kind == ModuleKind.BASIS.value,
        )
        .order_by(Course.title)
    )
    return list(session.scalars(query))


def second_basis_hint(session: Session, course_id: str, volunteer: Volunteer) -> str | None:
    """The hint for one person, ``None`` if there is nothing to say."""
    titles = other_basis_courses(session, course_id, volunteer.id)
    if not titles:
        return None
    return _(
        "{name} is already enrolled in the Basismodul course {courses}; one Basismodul is enough "
        "for the qualification."
    ).format(
        name=f"{volunteer.given_name} {volunteer.family_name}",
        courses=", ".join(f"“{title}”" for title in titles),
    )


def second_basis_hints(store: Store, course_id: str, volunteer_ids: Sequence[str]) -> list[str]:
    """The hints for the people about to be enrolled (shown before enrolling)."""
    hints: list[str] = []
    with store.new_session() as session:
        for volunteer_id in volunteer_ids:
            volunteer = session.get(Volunteer, volunteer_id)
            hint = second_basis_hint(session, course_id, volunteer) if volunteer else None
            if hint:
                hints.append(hint)
    return hints
