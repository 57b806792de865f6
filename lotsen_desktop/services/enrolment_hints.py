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


def _is_basis(session: Session, course_id: str) -> bool:
    kind = session.scalar(
        select(Module.kind)
        .join(Course, Course.module_id == Module.id)
        .where(Course.id == course_id)
    )
    return kind == ModuleKind.BASIS.value


def _other_basis_titles(
    session: Session, course_id: str, volunteer_ids: Sequence[str]
) -> dict[str, list[str]]:
    """volunteer id -> titles of the other Basismodul courses they are enrolled in."""
    found: dict[str, list[str]] = {}
    for start in range(0, len(volunteer_ids), 500):
        query = (
            select(Enrolment.volunteer_id, Course.title)
            .join(Course, Enrolment.course_id == Course.id)
            .join(Module, Module.id == Course.module_id)
            .where(
                Enrolment.volunteer_id.in_(volunteer_ids[start : start + 500]),
                Course.id != course_id,
                Module.kind == ModuleKind.BASIS.value,
            )
            .order_by(Course.title)
        )
        for volunteer_id, title in session.execute(query):
            found.setdefault(volunteer_id, []).append(title)
    return found


def _hint(volunteer: Volunteer, titles: Sequence[str]) -> str:
    return _(
        "{name} is already enrolled in the Basismodul course {courses}; one Basismodul is enough "
        "for the qualification."
    ).format(
        name=f"{volunteer.given_name} {volunteer.family_name}",
        courses=", ".join(f"“{title}”" for title in titles),
    )


def second_basis_hint(session: Session, course_id: str, volunteer: Volunteer) -> str | None:
    """The hint for one person about to join ``course_id``, ``None`` if there is nothing to say
    (the course is no Basismodul, or the person is in no other one)."""
    if not _is_basis(session, course_id):
        return None
    titles = _other_basis_titles(session, course_id, [volunteer.id]).get(volunteer.id)
    return _hint(volunteer, titles) if titles else None


def second_basis_hints(store: Store, course_id: str, volunteer_ids: Sequence[str]) -> list[str]:
    """The hints for the people about to be enrolled (shown before enrolling), in two queries."""
    with store.new_session() as session:
        if not volunteer_ids or not _is_basis(session, course_id):
            return []
        titles = _other_basis_titles(session, course_id, list(volunteer_ids))
        hints = []
        for volunteer_id in volunteer_ids:
            volunteer = session.get(Volunteer, volunteer_id) if volunteer_id in titles else None
            if volunteer is not None:
                hints.append(_hint(volunteer, titles[volunteer_id]))
    return hints
