"""Office profile, rule settings and the shipped module catalogue."""

from __future__ import annotations

from dataclasses import dataclass, fields

from sqlalchemy import select

from lotsen_desktop.domain import rules
from lotsen_desktop.domain.vocabulary import ModuleKind
from lotsen_desktop.errors import ValidationError, describe_os_error
from lotsen_desktop.i18n import _
from lotsen_desktop.store.database import Store
from lotsen_desktop.store.models import OFFICE_ID, Module, Office, natural_id

DEFAULT_CERTIFICATE_TEXT = (
    "hat an der Qualifizierung zur {title} im Programm „Integrationslotsinnen und "
    "Integrationslotsen in Niedersachsen“ des Landes Niedersachsen erfolgreich teilgenommen. "
    "Die Qualifizierung vermittelt soziale und kommunikative Kompetenzen für die ehrenamtliche "
    "Begleitung von Migrantinnen und Migranten."
)


@dataclass(frozen=True)
class DefaultModule:
    code: str
    title: str
    kind: ModuleKind
    units: int
    contents: str


DEFAULT_MODULES: tuple[DefaultModule, ...] = (
    DefaultModule(
        "BASIS",
        "Basisqualifizierung Integrationslotsin/Integrationslotse",
        ModuleKind.BASIS,
        48,
        "Rolle und Grenzen des Ehrenamts; Grundlagen des Migrations- und Integrationsrechts; "
        "interkulturelle Kommunikation; lokale Unterstützungsangebote; Selbstfürsorge",
    ),
    DefaultModule(
        "NACH-PRAXIS",
        "Nachhaltigkeitsmodul Praxisreflexion",
        ModuleKind.NACHHALTIGKEIT,
        12,
        "Erfahrungsaustausch, Vertiefung der Praxis, Orientierung",
    ),
    DefaultModule(
        "SPEZ-SCHULE",
        "Schule und Bildung",
        ModuleKind.SPEZIALISIERUNG,
        16,
        "Schulsystem in Niedersachsen, Elternarbeit, Übergänge",
    ),
    DefaultModule(
        "SPEZ-BERUF",
        "Ausbildung und Beruf",
        ModuleKind.SPEZIALISIERUNG,
        16,
        "Übergang Schule–Ausbildung, Anerkennung, Arbeitsmarkt",
    ),
    DefaultModule(
        "SPEZ-GESUNDHEIT",
        "Gesundheit",
        ModuleKind.SPEZIALISIERUNG,
        16,
        "Gesundheitssystem, Begleitung zu Ärztinnen und Ärzten",
    ),
    DefaultModule(
        "SPEZ-BEHOERDEN",
        "Behördenbegleitung",
        ModuleKind.SPEZIALISIERUNG,
        16,
        "Ämter und Behörden, Formulare, Rolle bei Terminen",
    ),
    DefaultModule(
        "SPEZ-KULTURDOLMETSCHEN",
        "Kulturdolmetschen",
        ModuleKind.SPEZIALISIERUNG,
        16,
        "Interkulturelle Vermittlung in Institutionen",
    ),
    DefaultModule(
        "SPEZ-SPRACHE",
        "Sprachförderung im Ehrenamt",
        ModuleKind.SPEZIALISIERUNG,
        16,
        "Methoden ehrenamtlicher Sprachförderung",
    ),
)


@dataclass
class OfficeSettings:
    """The office profile and the rule settings the office may change."""

    name: str = ""
    address: str = ""
    place: str = ""
    signatory_name: str = ""
    signatory_role: str = ""
    certificate_prefix: str = "IL"
    certificate_text: str = DEFAULT_CERTIFICATE_TEXT
    unit_minutes: int = rules.DEFAULT_UNIT_MINUTES
    threshold_percent: int = rules.DEFAULT_THRESHOLD_PERCENT
    specialisations_required: int = rules.DEFAULT_SPECIALISATIONS_REQUIRED
    logo: bytes | None = None
    background_pdf: bytes | None = None

    @property
    def is_configured(self) -> bool:
        return bool(self.name.strip())


_SETTING_FIELDS = [f.name for f in fields(OfficeSettings)]


def ensure_defaults(store: Store) -> None:
    """Create the office row and the default catalogue once.

    Their ids derive from fixed keys, so two machines that both start empty merge their defaults
    instead of doubling them.
    """
    with store.uow() as uow:
        session = uow.session
        if session.get(Office, OFFICE_ID) is None:
            session.add(
                Office(
                    id=OFFICE_ID,
                    certificate_text=DEFAULT_CERTIFICATE_TEXT,
                    unit_minutes=rules.DEFAULT_UNIT_MINUTES,
                    threshold_percent=rules.DEFAULT_THRESHOLD_PERCENT,
                    specialisations_required=rules.DEFAULT_SPECIALISATIONS_REQUIRED,
                )
            )
        existing = set(session.scalars(select(Module.code)))
        if not existing:
            for module in DEFAULT_MODULES:
                session.add(
                    Module(
                        id=natural_id("module", module.code),
                        code=module.code,
                        title=module.title,
                        kind=module.kind.value,
                        planned_minutes=module.units * rules.DEFAULT_UNIT_MINUTES,
                        contents=module.contents,
                    )
                )
        if session.new:
            uow.commit()


def get_office(store: Store) -> OfficeSettings:
    with store.new_session() as session:
        office = session.get(Office, OFFICE_ID)
        if office is None:
            return OfficeSettings()
        return OfficeSettings(**{name: getattr(office, name) for name in _SETTING_FIELDS})


def update_office(store: Store, **changes: object) -> OfficeSettings:
    """Change the office profile or rule settings; unknown names are refused."""
    unknown = set(changes) - set(_SETTING_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown setting: {name}").format(name=", ".join(sorted(unknown))))
    unit = changes.get("unit_minutes")
    if unit is not None and unit not in (45, 60):
        raise ValidationError(_("A teaching unit has 45 or 60 minutes."), field="unit_minutes")
    threshold = changes.get("threshold_percent")
    if threshold is not None and not (isinstance(threshold, int) and 1 <= threshold <= 100):
        raise ValidationError(
            _("The threshold must be between 1 and 100 percent."), field="threshold_percent"
        )
    required = changes.get("specialisations_required")
    if required is not None and not (isinstance(required, int) and 0 <= required <= 20):
        raise ValidationError(
            _("The number of required Spezialisierungsmodule must be between 0 and 20."),
            field="specialisations_required",
        )
    background = changes.get("background_pdf")
    if background is not None:
        if not isinstance(background, bytes):
            raise ValidationError(_("The background must be a PDF file."), field="background")
        check_background(background)
    with store.uow() as uow:
        office = uow.session.get(Office, OFFICE_ID)
        if office is None:
            office = Office(id=OFFICE_ID)
            uow.session.add(office)
        for name, value in changes.items():
            setattr(office, name, value)
        uow.commit()
    return get_office(store)


MAX_LOGO_BYTES = 2 * 1024 * 1024


def read_logo(path: str) -> bytes:
    """Read a PNG or JPEG logo file, refusing anything else or anything too large."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_LOGO_BYTES + 1)
    except OSError as error:
        raise ValidationError(
            _("The file cannot be read: {error}").format(error=describe_os_error(error))
        ) from error
    if len(data) > MAX_LOGO_BYTES:
        raise ValidationError(_("The logo is too large (at most 2 MB)."), field="logo")
    if not (data.startswith(b"\x89PNG\r\n\x1a\n") or data.startswith(b"\xff\xd8\xff")):
        raise ValidationError(_("The logo must be a PNG or JPEG image."), field="logo")
    return data


def check_background(data: bytes) -> None:
    """Refuse a background PDF that documents could not use (not a PDF, more than one page)."""
    from lotsen_desktop.documents.stationery import Stationery

    Stationery.from_pdf(data)


def read_background(path: str) -> bytes:
    """Read a one-page PDF to print under the office's documents (Briefpapier)."""
    from lotsen_desktop.documents.stationery import MAX_BACKGROUND_BYTES

    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BACKGROUND_BYTES + 1)
    except OSError as error:
        raise ValidationError(
            _("The file cannot be read: {error}").format(error=describe_os_error(error))
        ) from error
    check_background(data)
    return data
