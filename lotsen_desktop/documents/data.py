"""What the documents print: plain frozen data, no session, no Qt.

The register keeps the printed content of a certificate as canonical JSON (``to_content``), so
a reprint rebuilds the same document from it (``from_content``) and the checksum can be
recomputed. Codes (module kind, area, meeting kind, attendance state) are stored, never labels:
labels are translated when the page is drawn.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import types
import typing
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar, Union

CONTENT_VERSION = 1


@dataclass(frozen=True)
class OfficeInfo:
    """The Träger as printed on a document (the logo travels separately: it is not content)."""

    name: str
    address: str = ""
    place: str = ""
    signatory_name: str = ""
    signatory_role: str = ""


@dataclass(frozen=True)
class PersonInfo:
    """The person a document is about, with names exactly as stored."""

    given_name: str
    family_name: str
    birth_date: date | None = None
    title_form: str = "neutral"

    @property
    def full_name(self) -> str:
        return " ".join(
            part for part in (self.given_name.strip(), self.family_name.strip()) if part
        )


@dataclass(frozen=True)
class ModuleLine:
    """One completed module on a certificate."""

    title: str
    kind: str
    first_date: date | None
    last_date: date | None
    attended_minutes: int
    planned_minutes: int


@dataclass(frozen=True)
class CertificateData:
    """Zertifikat for a qualified person."""

    serial: str
    issued_on: date
    issue_place: str
    office: OfficeInfo
    person: PersonInfo
    title: str
    body_text: str
    modules: tuple[ModuleLine, ...]
    unit_minutes: int
    qualified_on: date | None = None

    @property
    def total_minutes(self) -> int:
        return sum(line.attended_minutes for line in self.modules)


@dataclass(frozen=True)
class ParticipationData:
    """Teilnahmebescheinigung for one course run of one module."""

    serial: str
    issued_on: date
    issue_place: str
    office: OfficeInfo
    person: PersonInfo
    module_title: str
    module_kind: str
    module_contents: str
    course_title: str
    course_place: str
    first_date: date | None
    last_date: date | None
    planned_minutes: int
    attended_minutes: int
    completed: bool
    unit_minutes: int
    course_id: str = ""


@dataclass(frozen=True)
class AreaMinutes:
    area: str
    minutes: int


@dataclass(frozen=True)
class MeetingLine:
    held_on: date
    kind: str
    topic: str = ""


@dataclass(frozen=True)
class ActivityData:
    """Tätigkeitsnachweis over a period: hours by area and reflection meetings, no mentee data."""

    serial: str
    issued_on: date
    issue_place: str
    office: OfficeInfo
    person: PersonInfo
    title: str
    date_from: date
    date_to: date
    qualified_on: date | None
    areas: tuple[AreaMinutes, ...]
    entries_count: int
    meetings: tuple[MeetingLine, ...]

    @property
    def total_minutes(self) -> int:
        return sum(area.minutes for area in self.areas)


@dataclass(frozen=True)
class SheetSession:
    session_date: date
    start_minute: int
    end_minute: int
    topic: str = ""


@dataclass(frozen=True)
class SheetMark:
    """A recorded attendance: state code and, for ``partial``, the minutes.

    ``state`` may also be ``not_enrolled`` for sessions before a late enrolment.
    """

    state: str
    minutes: int | None = None


@dataclass(frozen=True)
class SheetParticipant:
    name: str
    marks: tuple[SheetMark | None, ...] = ()


@dataclass(frozen=True)
class AttendanceSheetData:
    """Anwesenheitsliste of a course; ``blank`` leaves the boxes empty for signatures."""

    office: OfficeInfo
    course_title: str
    module_title: str
    module_kind: str
    place: str
    trainers: str
    sessions: tuple[SheetSession, ...]
    participants: tuple[SheetParticipant, ...]
    blank: bool = True
    printed_on: date | None = None


DocumentData = CertificateData | ParticipationData | ActivityData

KINDS: dict[str, type[Any]] = {
    "zertifikat": CertificateData,
    "teilnahmebescheinigung": ParticipationData,
    "taetigkeitsnachweis": ActivityData,
}
_KIND_OF = {cls: kind for kind, cls in KINDS.items()}


def kind_of(data: DocumentData) -> str:
    return _KIND_OF[type(data)]


# -- canonical JSON -------------------------------------------------------------------------


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return [_encode(item) for item in value]
    return value


def to_content(data: DocumentData) -> dict[str, Any]:
    """The printed content as a JSON-ready dict (with kind and format version)."""
    content = _encode(data)
    content["kind"] = kind_of(data)
    content["version"] = CONTENT_VERSION
    return content


def canonical_json(content: dict[str, Any]) -> str:
    """One spelling per content: sorted keys, no spaces, UTF-8 kept."""
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def checksum(content: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()


T = TypeVar("T")


def _decode(tp: Any, value: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        if value is None:
            return None
        inner = [arg for arg in typing.get_args(tp) if arg is not type(None)]
        return _decode(inner[0], value)
    if origin is tuple:
        (item_type, _ellipsis) = typing.get_args(tp)
        return tuple(_decode(item_type, item) for item in value)
    if tp is date:
        return date.fromisoformat(value)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _from_dict(tp, value)
    return value


def _from_dict(cls: type[T], raw: dict[str, Any]) -> T:
    hints = typing.get_type_hints(cls)
    kwargs = {
        f.name: _decode(hints[f.name], raw[f.name])
        for f in dataclasses.fields(cls)  # type: ignore[arg-type]
        if f.name in raw
    }
    return cls(**kwargs)


def from_content(content: dict[str, Any]) -> DocumentData:
    """Rebuild the data a document was printed from (the inverse of ``to_content``)."""
    cls = KINDS[content["kind"]]
    result: DocumentData = _from_dict(cls, content)
    return result
