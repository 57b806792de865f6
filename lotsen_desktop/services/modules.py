"""The office's module catalogue (Basis-, Nachhaltigkeits-, Spezialisierungsmodule)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from lotsen_desktop.domain import rules, validation
from lotsen_desktop.domain.vocabulary import ModuleKind
from lotsen_desktop.errors import NotFoundError, ValidationError
from lotsen_desktop.i18n import _
from lotsen_desktop.services.progress import office_rules
from lotsen_desktop.store.database import Store
from lotsen_desktop.store.models import Module


@dataclass(frozen=True)
class ModuleRow:
    id: str
    code: str
    title: str
    kind: str
    planned_minutes: int
    hours: float
    threshold_percent: int
    own_threshold: bool
    contents: str
    active: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "code": self.code,
            "title": self.title,
            "kind": self.kind,
            "hours": self.hours,
            "threshold_percent": self.threshold_percent,
            "contents": self.contents,
            "active": self.active,
        }


def _row(module: Module, unit_minutes: int, default_threshold: int) -> ModuleRow:
    return ModuleRow(
        id=module.id,
        code=module.code,
        title=module.title,
        kind=module.kind,
        planned_minutes=module.planned_minutes,
        hours=round(rules.minutes_to_units(module.planned_minutes, unit_minutes), 2),
        threshold_percent=module.threshold_percent or default_threshold,
        own_threshold=module.threshold_percent is not None,
        contents=module.contents,
        active=module.active,
    )


_KIND_ORDER = {
    ModuleKind.BASIS.value: 0,
    ModuleKind.NACHHALTIGKEIT.value: 1,
    ModuleKind.SPEZIALISIERUNG.value: 2,
}


def list_modules(store: Store, *, include_inactive: bool = True) -> list[ModuleRow]:
    with store.new_session() as session:
        office = office_rules(session)
        query = select(Module)
        if not include_inactive:
            query = query.where(Module.active.is_(True))
        modules = session.scalars(query).all()
        rows = [_row(m, office.unit_minutes, office.threshold_percent) for m in modules]
    return sorted(rows, key=lambda r: (_KIND_ORDER.get(r.kind, 9), r.code))


def get_module(store: Store, code: str) -> ModuleRow:
    with store.new_session() as session:
        office = office_rules(session)
        module = session.scalars(select(Module).where(Module.code == code)).first()
        if module is None:
            raise NotFoundError(_("No module with code {code}.").format(code=code))
        return _row(module, office.unit_minutes, office.threshold_percent)


def _check_hours(hours: float) -> float:
    if not 0 < hours <= 500:
        raise ValidationError(_("Planned hours must be between 0 and 500."), field="hours")
    return hours


def _check_threshold(threshold: int | None) -> int | None:
    if threshold is not None and not 1 <= threshold <= 100:
        raise ValidationError(
            _("The threshold must be between 1 and 100 percent."), field="threshold_percent"
        )
    return threshold


def add_module(
    store: Store,
    *,
    code: str,
    title: str,
    kind: str,
    hours: float,
    threshold_percent: int | None = None,
    contents: str = "",
) -> str:
    """Add a module to the catalogue; ``hours`` in the office's teaching units."""
    code = validation.require_name(code, _("Code")).upper()
    title = validation.require_name(title, _("Title"))
    try:
        kind_value = ModuleKind.parse(kind).value
    except ValueError:
        raise ValidationError(
            _("Unknown module kind: {kind}").format(kind=kind), field="kind"
        ) from None
    with store.uow() as uow:
        if uow.session.scalars(select(Module.id).where(Module.code == code)).first():
            raise ValidationError(
                _("A module with code {code} exists already.").format(code=code), field="code"
            )
        unit = office_rules(uow.session).unit_minutes
        module = Module(
            code=code,
            title=title,
            kind=kind_value,
            planned_minutes=rules.units_to_minutes(_check_hours(hours), unit),
            threshold_percent=_check_threshold(threshold_percent),
            contents=validation.clean(contents),
        )
        uow.session.add(module)
        uow.commit()
        return module.id


def update_module(
    store: Store,
    code: str,
    *,
    title: str | None = None,
    hours: float | None = None,
    threshold_percent: int | None = None,
    clear_threshold: bool = False,
    contents: str | None = None,
    active: bool | None = None,
) -> None:
    """Change a catalogue entry: hours differ between offices and years."""
    with store.uow() as uow:
        module = uow.session.scalars(select(Module).where(Module.code == code)).first()
        if module is None:
            raise NotFoundError(_("No module with code {code}.").format(code=code))
        if title is not None:
            module.title = validation.require_name(title, _("Title"))
        if hours is not None:
            module.planned_minutes = rules.units_to_minutes(
                _check_hours(hours), office_rules(uow.session).unit_minutes
            )
        if clear_threshold:
            module.threshold_percent = None
        elif threshold_percent is not None:
            module.threshold_percent = _check_threshold(threshold_percent)
        if contents is not None:
            module.contents = validation.clean(contents)
        if active is not None:
            module.active = active
        uow.commit()
