"""The conflict list and the possible duplicates: review, revert, dismiss.

Reverting writes the value that lost as a new local change. Being newer than both sides, it wins on
every machine after the next exchange; nothing is overwritten silently.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from lotsen_desktop.errors import NotFoundError, ValidationError
from lotsen_desktop.i18n import N_, _
from lotsen_desktop.store.database import Store
from lotsen_desktop.store.models import TRACKED_MODELS, Volunteer
from lotsen_desktop.store.sync_tables import (
    SyncConflict,
    SyncPeer,
    conflict_table,
    duplicate_table,
)
from lotsen_desktop.sync import schema
from lotsen_desktop.sync.capture import ERASED
from lotsen_desktop.sync.clock import SITE_KEY, get_setting
from lotsen_desktop.sync.summary import table_label

MODELS = {m.__tablename__: m for m in TRACKED_MODELS}  # type: ignore[attr-defined]

KIND_LABELS = {
    "field": N_("Both changed"),
    "deleted": N_("Changed, but deleted elsewhere"),
    "orphan": N_("Removed with a deleted record"),
    "unique": N_("Same number or code twice"),
}
STATUS_LABELS = {
    "open": N_("open"),
    "reverted": N_("restored"),
    "dismissed": N_("dismissed"),
    ERASED: N_("values removed (data protection)"),
}
UNRESOLVED = ("open", ERASED)
"""Statuses listed until the user dismisses the entry."""

COLUMN_LABELS = {
    "given_name": N_("Given name"),
    "family_name": N_("Family name"),
    "title_form": N_("Title form"),
    "birth_date": N_("Date of birth"),
    "phone": N_("Phone"),
    "email": N_("E-mail"),
    "street": N_("Street"),
    "postal_code": N_("Postal code"),
    "city": N_("City"),
    "status": N_("Status"),
    "notes": N_("Notes"),
    "availability": N_("Availability"),
    "state": N_("Attendance"),
    "minutes": N_("Minutes"),
    "title": N_("Title"),
    "place": N_("Place"),
    "trainers": N_("Trainers"),
    "topic": N_("Topic"),
    "session_date": N_("Date"),
    "start_minute": N_("Start"),
    "end_minute": N_("End"),
    "serial": N_("Serial"),
    "code": N_("Code"),
    "name": N_("Name"),
    "enrolled_on": N_("Enrolled on"),
    "language": N_("Language"),
    "level": N_("Level"),
}


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def column_label(column: str) -> str:
    return ", ".join(
        _(COLUMN_LABELS[c]) if c in COLUMN_LABELS else c for c in column.split(",") if c
    )


@dataclass(frozen=True)
class ConflictRow:
    id: int
    detected_at: datetime
    kind: str
    kind_label: str
    table: str
    table_label: str
    row_id: str
    record: str
    field: str
    kept: str
    lost: str
    lost_by: str
    status: str
    can_revert: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "detected_at": self.detected_at,
            "kind": self.kind,
            "table": self.table,
            "row_id": self.row_id,
            "record": self.record,
            "field": self.field,
            "kept": self.kept,
            "lost": self.lost,
            "lost_by": self.lost_by,
            "status": self.status,
            "can_revert": self.can_revert,
        }


@dataclass(frozen=True)
class DuplicateRow:
    id: int
    detected_at: datetime
    first_id: str
    first_name: str
    second_id: str
    second_name: str
    birth_dates: str
    status: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "detected_at": self.detected_at,
            "first_id": self.first_id,
            "first_name": self.first_name,
            "second_id": self.second_id,
            "second_name": self.second_name,
            "birth_dates": self.birth_dates,
            "status": self.status,
        }


def _show(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dict):
        return "; ".join(f"{column_label(k)}: {_show(v)}" for k, v in value.items())
    return str(value)


def _person_names(session: Session, ids: set[str]) -> dict[str, str]:
    names: dict[str, str] = {}
    id_list = sorted(ids)
    for start in range(0, len(id_list), 400):
        part = id_list[start : start + 400]
        for row in session.execute(
            select(Volunteer.id, Volunteer.given_name, Volunteer.family_name).where(
                Volunteer.id.in_(part)
            )
        ):
            names[row.id] = f"{row.family_name}, {row.given_name}"
    return names


def _record(
    row: Any, snapshot: dict[str, Any] | None, current: dict[str, Any] | None, names: dict[str, str]
) -> str:
    values = current or snapshot or {}
    if row.tbl == "volunteer":
        if row.row_id in names:
            return names[row.row_id]
        if values.get("family_name") or values.get("given_name"):
            return f"{values.get('family_name', '')}, {values.get('given_name', '')}"
    person = values.get("volunteer_id")
    if isinstance(person, str) and person in names:
        return names[person]
    for key in ("title", "serial", "code", "name", "institution", "session_date"):
        if values.get(key):
            return str(values[key])
    return row.row_id[:8]


def _site_names(session: Session) -> dict[str, str]:
    names = {p.site_id: p.name for p in session.scalars(select(SyncPeer))}
    names[get_setting(session, SITE_KEY)] = _("this machine")
    return names


def _can_revert(row: Any, snapshot: dict[str, Any] | None) -> bool:
    if row.status != "open":
        return False
    if row.kind == "field":
        return True
    if row.kind in ("deleted", "orphan") or (row.kind == "unique" and snapshot):
        return snapshot is not None and _complete(row.tbl, snapshot)
    return False


def _complete(tbl: str, snapshot: dict[str, Any]) -> bool:
    info = schema.tables()[tbl]
    return all(
        c in snapshot
        for c in info.columns
        if not info.nullable[c] and c not in info.defaults and c not in schema.META_COLUMNS
    )


def list_conflicts(store: Store, *, include_resolved: bool = False) -> list[ConflictRow]:
    """Conflicts, newest first (only the open ones and those whose values were removed for data
    protection, unless ``include_resolved``)."""
    t = conflict_table
    query = select(t).order_by(t.c.detected_at.desc(), t.c.id.desc())
    if not include_resolved:
        query = query.where(t.c.status.in_(UNRESOLVED))
    with store.new_session() as session:
        rows = session.execute(query).all()
        sites = _site_names(session)
        snapshots = {r.id: json.loads(r.snapshot) if r.snapshot else None for r in rows}
        people: set[str] = set()
        for r in rows:
            if r.tbl == "volunteer":
                people.add(r.row_id)
            snap = snapshots[r.id] or {}
            if isinstance(snap.get("volunteer_id"), str):
                people.add(snap["volunteer_id"])
        current: dict[tuple[str, str], dict[str, Any]] = {}
        for r in rows:
            if r.tbl != "volunteer" and (r.tbl, r.row_id) not in current:
                info = schema.tables()[r.tbl]
                found = session.execute(
                    select(info.table).where(info.table.c.id == r.row_id)
                ).first()
                if found is not None:
                    values = dict(found._mapping)
                    current[(r.tbl, r.row_id)] = values
                    if isinstance(values.get("volunteer_id"), str):
                        people.add(values["volunteer_id"])
        names = _person_names(session, people)
        result = []
        for r in rows:
            snapshot = snapshots[r.id]
            result.append(
                ConflictRow(
                    id=r.id,
                    detected_at=r.detected_at,
                    kind=r.kind,
                    kind_label=_(KIND_LABELS.get(r.kind, r.kind)),
                    table=r.tbl,
                    table_label=table_label(r.tbl),
                    row_id=r.row_id,
                    record=_record(r, snapshot, current.get((r.tbl, r.row_id)), names),
                    field=column_label(r.col),
                    kept=_show(json.loads(r.kept)),
                    lost=_show(json.loads(r.lost)),
                    lost_by=sites.get(r.lost_site, r.lost_site[:8]),
                    status=_(STATUS_LABELS.get(r.status, r.status)),
                    can_revert=_can_revert(r, snapshot),
                )
            )
        return result


def _conflict(session: Session, conflict_id: int) -> Any:
    row = session.get(SyncConflict, conflict_id)
    if row is None:
        raise NotFoundError(_("No conflict with number {id}.").format(id=conflict_id))
    return row


def _decoded(tbl: str, values: dict[str, Any]) -> dict[str, Any]:
    info = schema.tables()[tbl]
    result = {}
    for col, value in values.items():
        if col in info.kinds and col not in schema.META_COLUMNS:
            result[col] = schema.decode(info.kinds[col], value)
    return result


def revert_conflict(store: Store, conflict_id: int) -> None:
    """Bring back the value (or the record) that lost."""
    with store.uow() as uow:
        session = uow.session
        row = _conflict(session, conflict_id)
        snapshot = json.loads(row.snapshot) if row.snapshot else None
        if not _can_revert(row, snapshot):
            raise ValidationError(
                _("This conflict can only be reviewed and dismissed, not restored.")
            )
        model = MODELS[row.tbl]
        obj = session.get(model, row.row_id)
        if row.kind == "field":
            if obj is None:
                raise ValidationError(
                    _("The record no longer exists; the value cannot be restored.")
                )
            lost = json.loads(row.lost)
            setattr(obj, row.col, schema.decode(schema.tables()[row.tbl].kinds[row.col], lost))
        else:
            if obj is not None:
                raise ValidationError(_("The record exists again; nothing to restore."))
            assert snapshot is not None
            values = _decoded(row.tbl, snapshot)
            if row.kind == "deleted" and isinstance(json.loads(row.lost), dict):
                values.update(_decoded(row.tbl, json.loads(row.lost)))
            for link in schema.tables()[row.tbl].parents:
                parent_id = values.get(link.column)
                if parent_id is not None and session.get(MODELS[link.parent], parent_id) is None:
                    if link.ondelete == "SET NULL":
                        values[link.column] = None
                        continue
                    raise ValidationError(
                        _(
                            "The record belongs to a {parent} that was deleted; restore that "
                            "first or enter the data again."
                        ).format(parent=table_label(link.parent))
                    )
            obj = model(id=row.row_id, **values)  # type: ignore[call-arg]
            session.add(obj)
        if row.tbl in schema.DERIVED:
            current = {c: getattr(obj, c) for c in schema.tables()[row.tbl].columns}
            for col, value in schema.DERIVED[row.tbl](current).items():
                setattr(obj, col, value)
        row.status = "reverted"
        row.resolved_at = _now()
        uow.commit()


def dismiss_conflict(store: Store, conflict_id: int) -> None:
    """Keep the merged result; the conflict leaves the open list (its values are forgotten)."""
    with store.uow() as uow:
        row = _conflict(uow.session, conflict_id)
        row.status = "dismissed"
        row.resolved_at = _now()
        row.lost = "null"
        row.kept = "null"
        row.snapshot = ""
        uow.commit()


def list_duplicates(store: Store, *, include_resolved: bool = False) -> list[DuplicateRow]:
    t = duplicate_table
    query = select(t).order_by(t.c.detected_at.desc(), t.c.id.desc())
    if not include_resolved:
        query = query.where(t.c.status == "open")
    with store.new_session() as session:
        rows = session.execute(query).all()
        ids = {r.first_id for r in rows} | {r.second_id for r in rows}
        people: dict[str, Any] = {}
        id_list = sorted(ids)
        for start in range(0, len(id_list), 400):
            for p in session.execute(
                select(
                    Volunteer.id, Volunteer.given_name, Volunteer.family_name, Volunteer.birth_date
                ).where(Volunteer.id.in_(id_list[start : start + 400]))
            ):
                people[p.id] = p
        result = []
        for r in rows:
            a, b = people.get(r.first_id), people.get(r.second_id)
            if (a is None or b is None) and r.status == "open":
                continue  # one of them was deleted or merged by hand meanwhile
            births = " / ".join(
                p.birth_date.strftime("%d.%m.%Y") if p and p.birth_date else "–" for p in (a, b)
            )
            result.append(
                DuplicateRow(
                    r.id,
                    r.detected_at,
                    r.first_id,
                    f"{a.family_name}, {a.given_name}" if a else "",
                    r.second_id,
                    f"{b.family_name}, {b.given_name}" if b else "",
                    births,
                    _(STATUS_LABELS.get(r.status, r.status)),
                )
            )
        return result


def dismiss_duplicate(store: Store, duplicate_id: int) -> None:
    """Two different people after all (or merged by hand): leave the list."""
    with store.new_session() as session, session.begin():
        t = duplicate_table
        done = session.execute(  # type: ignore[attr-defined]
            update(t).where(t.c.id == duplicate_id).values(status="dismissed")
        ).rowcount
        if not done:
            raise NotFoundError(
                _("No possible duplicate with number {id}.").format(id=duplicate_id)
            )
