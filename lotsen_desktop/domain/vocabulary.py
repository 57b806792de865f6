"""Enumerations of the programme (DOMAIN.md glossary) with their translatable labels.

Values are stable German codes: they are stored, exported and part of the CLI's JSON interface.
Member names are English; only where the DOMAIN.md glossary uses the German term itself as the name
in code (module kinds, title forms) is the member that term.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Self

from lotsen_desktop.i18n import N_, gettext


class LabelledEnum(StrEnum):
    """A code with a translatable label."""

    @property
    def label(self) -> str:
        return gettext(_LABELS[(type(self), self.value)])

    @classmethod
    def parse(cls, value: str) -> Self:
        """Accept the code or the label in any language, case-insensitive."""
        wanted = value.strip().casefold()
        for member in cls:
            if wanted in (
                member.value.casefold(),
                member.label.casefold(),
                _LABELS[(cls, member.value)].casefold(),
            ):
                return member
        raise ValueError(value)


class VolunteerStatus(LabelledEnum):
    INTERESTED = "interessiert"
    IN_QUALIFICATION = "in_qualifizierung"
    QUALIFIED = "qualifiziert"
    ACTIVE = "aktiv"
    PAUSED = "pausiert"
    LEFT = "ausgeschieden"


class TitleForm(LabelledEnum):
    LOTSIN = "lotsin"
    LOTSE = "lotse"
    NEUTRAL = "neutral"


class ModuleKind(LabelledEnum):
    BASIS = "basis"
    NACHHALTIGKEIT = "nachhaltigkeit"
    SPEZIALISIERUNG = "spezialisierung"


class AttendanceState(LabelledEnum):
    PRESENT = "anwesend"
    EXCUSED = "entschuldigt"
    ABSENT = "unentschuldigt"
    PARTIAL = "teilweise"


class Area(LabelledEnum):
    """Einsatzbereiche: areas of interest of a volunteer and areas of need of a mentee."""

    LANGUAGE = "sprache"
    SCHOOL = "schule"
    TRAINING_AND_WORK = "ausbildung_beruf"
    WORK = "arbeit"
    HEALTH = "gesundheit"
    AUTHORITIES = "behoerden"
    HOUSING = "wohnen"
    LEISURE = "freizeit"
    CULTURAL_MEDIATION = "kulturdolmetschen"
    OTHER = "sonstiges"

    @classmethod
    def in_order(cls, codes: Iterable[str]) -> list[str]:
        """Codes in the programme's order of the areas (as forms and reports list them), in
        every language alike; unknown codes after them."""
        return sorted(codes, key=lambda code: (_AREA_RANK.get(code, len(_AREA_RANK)), code))


_AREA_RANK = {member.value: number for number, member in enumerate(Area)}


class ContactKind(LabelledEnum):
    MEETING = "treffen"
    ACCOMPANIMENT = "begleitung"
    PHONE = "telefon"
    LANGUAGE_MEDIATION = "sprachmittlung"
    GROUP = "gruppe"
    OTHER = "sonstiges"


class ConsentPurpose(LabelledEnum):
    DATA_PROCESSING = "datenverarbeitung"
    MIGRATION_HISTORY = "migrationsgeschichte"
    PHOTO = "foto"
    CONTACT_SHARING = "kontaktweitergabe"


class RequestStatus(LabelledEnum):
    OPEN = "offen"
    OFFERED = "angeboten"
    ACCEPTED = "angenommen"
    DECLINED = "abgelehnt"
    CLOSED = "erledigt"


class OfferResponse(LabelledEnum):
    PENDING = "offen"
    ACCEPTED = "angenommen"
    DECLINED = "abgelehnt"


class CertificateKind(LabelledEnum):
    CERTIFICATE = "zertifikat"
    PARTICIPATION = "teilnahmebescheinigung"
    ACTIVITY_RECORD = "taetigkeitsnachweis"


class MeetingKind(LabelledEnum):
    REFLECTION = "reflexion"
    EXCHANGE = "austausch"
    SUPERVISION = "supervision"


class CourseLockAction(LabelledEnum):
    """What was done to a course's lock: finished (locked), unlocked on purpose, locked again."""

    FINISHED = "abgeschlossen"
    UNLOCKED = "entsperrt"
    RELOCKED = "gesperrt"


class LanguageLevel(LabelledEnum):
    NATIVE = "muttersprache"
    C2 = "C2"
    C1 = "C1"
    B2 = "B2"
    B1 = "B1"
    A2 = "A2"
    A1 = "A1"


# Pairs, not a dict keyed by member: members of different enums may share a code ("offen",
# "sonstiges") and, being strings, would overwrite each other's label as dict keys.
_LABEL_PAIRS: tuple[tuple[LabelledEnum, str], ...] = (
    (VolunteerStatus.INTERESTED, N_("interested")),
    (VolunteerStatus.IN_QUALIFICATION, N_("in qualification")),
    (VolunteerStatus.QUALIFIED, N_("qualified")),
    (VolunteerStatus.ACTIVE, N_("active")),
    (VolunteerStatus.PAUSED, N_("paused")),
    (VolunteerStatus.LEFT, N_("left")),
    (TitleForm.LOTSIN, N_("Integrationslotsin")),
    (TitleForm.LOTSE, N_("Integrationslotse")),
    (TitleForm.NEUTRAL, N_("Integrationslotsin/Integrationslotse")),
    (ModuleKind.BASIS, N_("Basismodul")),
    (ModuleKind.NACHHALTIGKEIT, N_("Nachhaltigkeitsmodul")),
    (ModuleKind.SPEZIALISIERUNG, N_("Spezialisierungsmodul")),
    (AttendanceState.PRESENT, N_("present")),
    (AttendanceState.EXCUSED, N_("excused")),
    (AttendanceState.ABSENT, N_("absent")),
    (AttendanceState.PARTIAL, N_("partly present")),
    (Area.LANGUAGE, N_("Language")),
    (Area.SCHOOL, N_("School and parents")),
    (Area.TRAINING_AND_WORK, N_("School to training and work")),
    (Area.WORK, N_("Work")),
    (Area.HEALTH, N_("Health")),
    (Area.AUTHORITIES, N_("Authorities and offices")),
    (Area.HOUSING, N_("Housing")),
    (Area.LEISURE, N_("Leisure, sport, culture")),
    (Area.CULTURAL_MEDIATION, N_("Cultural mediation")),
    (Area.OTHER, N_("Other")),
    (ContactKind.MEETING, N_("Personal meeting")),
    (ContactKind.ACCOMPANIMENT, N_("Accompaniment to authority, doctor or school")),
    (ContactKind.PHONE, N_("Phone or messenger")),
    (ContactKind.LANGUAGE_MEDIATION, N_("Language mediation")),
    (ContactKind.GROUP, N_("Group activity")),
    (ContactKind.OTHER, N_("Other contact")),
    (ConsentPurpose.DATA_PROCESSING, N_("Processing of personal data")),
    (ConsentPurpose.MIGRATION_HISTORY, N_("Own migration history")),
    (ConsentPurpose.PHOTO, N_("Photo")),
    (ConsentPurpose.CONTACT_SHARING, N_("Passing on contact details")),
    (RequestStatus.OPEN, N_("open")),
    (RequestStatus.OFFERED, N_("offered")),
    (RequestStatus.ACCEPTED, N_("accepted")),
    (RequestStatus.DECLINED, N_("declined")),
    (RequestStatus.CLOSED, N_("closed")),
    (OfferResponse.PENDING, N_("awaiting answer")),
    (OfferResponse.ACCEPTED, N_("accepted")),
    (OfferResponse.DECLINED, N_("declined")),
    (CertificateKind.CERTIFICATE, N_("Zertifikat")),
    (CertificateKind.PARTICIPATION, N_("Teilnahmebescheinigung")),
    (CertificateKind.ACTIVITY_RECORD, N_("Tätigkeitsnachweis")),
    (MeetingKind.REFLECTION, N_("Reflection meeting")),
    (MeetingKind.EXCHANGE, N_("Exchange meeting")),
    (MeetingKind.SUPERVISION, N_("Supervision")),
    (CourseLockAction.FINISHED, N_("finished and locked")),
    (CourseLockAction.UNLOCKED, N_("unlocked")),
    (CourseLockAction.RELOCKED, N_("locked again")),
    (LanguageLevel.NATIVE, N_("native")),
    (LanguageLevel.C2, "C2"),
    (LanguageLevel.C1, "C1"),
    (LanguageLevel.B2, "B2"),
    (LanguageLevel.B1, "B1"),
    (LanguageLevel.A2, "A2"),
    (LanguageLevel.A1, "A1"),
)
_LABELS: dict[tuple[type, str], str] = {
    (type(member), member.value): text for member, text in _LABEL_PAIRS
}
