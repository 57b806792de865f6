"""Bring an office's existing volunteer list (XLSX or CSV) into the program.

Three steps, each callable headless: ``read_table`` reads the file (CSV with ``;`` or ``,``, UTF-8
or Windows-1252, detected), ``preview_import`` maps the columns (guessed from German and English
headers, or given) and marks every row new, probably already there, or invalid with the reasons;
``run_import`` writes the chosen rows in one transaction through the volunteer service and
records the batch, which ``undo_import`` deletes again as a whole. Nothing is written before
``run_import``; possible duplicates are only imported when ticked and are then listed for the
duplicate review of the exchange, never merged.

An imported "Qualifiziert am" is a qualification gained before the program was used: the
program computes qualification from attendance, so the date goes into the person's dated status
history (status "qualifiziert" on that day, with a note naming the import).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import selectinload

from lotsen_desktop.domain import names
from lotsen_desktop.domain.vocabulary import Area, LanguageLevel, VolunteerStatus
from lotsen_desktop.errors import NotFoundError, ValidationError, describe_os_error
from lotsen_desktop.i18n import N_, _, format_date_short, gettext
from lotsen_desktop.services import volunteers
from lotsen_desktop.store.database import Store
from lotsen_desktop.store.models import (
    Assignment,
    Attendance,
    Certificate,
    Enrolment,
    ImportBatch,
    ImportBatchPerson,
    RequestOffer,
    StatusChange,
    Volunteer,
    new_id,
)
from lotsen_desktop.store.types import starts_with
from lotsen_desktop.tasks import ProgressCallback, check

NEW = "new"
DUPLICATE = "duplicate"
INVALID = "invalid"

MAX_ROWS = 50_000
CHECKPOINT_ROWS = 500
EXCEL_EPOCH = date(1899, 12, 30)

#: The fields a column can be mapped to, with their label for the mapping step.
FIELDS: tuple[tuple[str, str], ...] = (
    ("given_name", N_("Given name")),
    ("family_name", N_("Family name")),
    ("full_name", N_("Name (given and family name in one column)")),
    ("birth_date", N_("Date of birth")),
    ("phone", N_("Phone")),
    ("email", N_("E-mail")),
    ("street", N_("Street")),
    ("postal_code", N_("Postal code")),
    ("city", N_("City")),
    ("languages", N_("Languages")),
    ("status", N_("Status")),
    ("interests", N_("Areas of interest")),
    ("qualified_on", N_("Qualified on")),
    ("notes", N_("Notes")),
)
FIELD_NAMES = tuple(name for name, _label in FIELDS)

_HEADER_WORDS: dict[str, tuple[str, ...]] = {
    "given_name": ("vorname", "vornamen", "rufname", "first name", "firstname", "given name", "forename"),
    "family_name": ("nachname", "familienname", "zuname", "last name", "lastname", "surname", "family name"),
    "full_name": ("name", "vor und nachname", "vollstandiger name", "full name", "lotsin", "lotse", "person"),
    "birth_date": ("geburtsdatum", "geboren", "geb", "geb am", "geb datum", "geburtsdat", "geburtstag", "date of birth", "birth date", "birthdate", "dob", "birthday"),
    "phone": ("telefon", "tel", "telefonnummer", "handy", "mobil", "mobilnummer", "phone", "mobile", "telephone"),
    "email": ("e mail", "email", "mail", "e mail adresse", "emailadresse", "e mail address"),
    "street": ("strasse", "str", "anschrift", "adresse", "strasse und hausnummer", "street", "address"),
    "postal_code": ("plz", "postleitzahl", "postal code", "zip", "zip code", "postcode"),
    "city": ("ort", "wohnort", "stadt", "city", "town", "place"),
    "languages": ("sprachen", "sprache", "sprachkenntnisse", "languages", "language"),
    "status": ("status", "stand"),
    "interests": ("einsatzbereiche", "einsatzbereich", "interessen", "bereiche", "areas", "areas of interest", "interests"),
    "qualified_on": ("qualifiziert am", "qualifiziert", "qualifizierung", "zertifikat", "zertifiziert am", "qualified on", "qualified", "certified on"),
    "notes": ("bemerkungen", "bemerkung", "notizen", "notiz", "anmerkungen", "kommentar", "notes", "note", "comments"),
}  # fmt: skip

_STATUS_WORDS = {
    "neu": VolunteerStatus.INTERESTED,
    "interessentin": VolunteerStatus.INTERESTED,
    "interessent": VolunteerStatus.INTERESTED,
    "in ausbildung": VolunteerStatus.IN_QUALIFICATION,
    "im kurs": VolunteerStatus.IN_QUALIFICATION,
    "in qualifizierung": VolunteerStatus.IN_QUALIFICATION,
    "qualifiziert": VolunteerStatus.QUALIFIED,
    "zertifiziert": VolunteerStatus.QUALIFIED,
    "aktiv": VolunteerStatus.ACTIVE,
    "im einsatz": VolunteerStatus.ACTIVE,
    "inaktiv": VolunteerStatus.PAUSED,
    "ruhend": VolunteerStatus.PAUSED,
    "pause": VolunteerStatus.PAUSED,
    "pausiert": VolunteerStatus.PAUSED,
    "ehemalig": VolunteerStatus.LEFT,
    "ausgeschieden": VolunteerStatus.LEFT,
    "beendet": VolunteerStatus.LEFT,
}

_AREA_WORDS = {
    "sprache": Area.LANGUAGE,
    "sprachforderung": Area.LANGUAGE,
    "sprachmittlung": Area.LANGUAGE,
    "dolmetschen": Area.LANGUAGE,
    "schule": Area.SCHOOL,
    "eltern": Area.SCHOOL,
    "ausbildung": Area.TRAINING_AND_WORK,
    "beruf": Area.TRAINING_AND_WORK,
    "ubergang schule beruf": Area.TRAINING_AND_WORK,
    "arbeit": Area.WORK,
    "gesundheit": Area.HEALTH,
    "arzt": Area.HEALTH,
    "behorden": Area.AUTHORITIES,
    "amter": Area.AUTHORITIES,
    "behordenbegleitung": Area.AUTHORITIES,
    "wohnen": Area.HOUSING,
    "wohnung": Area.HOUSING,
    "freizeit": Area.LEISURE,
    "sport": Area.LEISURE,
    "kultur": Area.LEISURE,
    "kulturdolmetschen": Area.CULTURAL_MEDIATION,
    "sonstiges": Area.OTHER,
}

_PARTICLES = {"von", "van", "de", "der", "den", "zu", "vom", "zum", "al", "el", "da", "di", "du", "le", "la", "bin", "ibn", "ter", "ten"}  # fmt: skip


@dataclass
class SourceTable:
    """The cells of the file as read: a header row and the data rows (empty rows dropped)."""

    file_name: str
    headers: list[str]
    rows: list[tuple[int, list[Any]]]
    """(line number in the file, cells)."""
    encoding: str = ""
    delimiter: str = ""


@dataclass
class RowResult:
    line: int
    fields: dict[str, Any]
    state: str
    reasons: list[str] = field(default_factory=list)
    matches: list[str] = field(default_factory=list)
    """Ids of existing files this row probably is."""
    match_names: list[str] = field(default_factory=list)
    file_matches: list[int] = field(default_factory=list)
    """Earlier lines of the same file this row probably repeats."""
    include: bool = True
    qualified_on: date | None = None

    @property
    def display_name(self) -> str:
        return f"{self.fields.get('family_name', '')}, {self.fields.get('given_name', '')}".strip(
            ", "
        )


@dataclass
class ImportPreview:
    source: SourceTable
    mapping: dict[int, str]
    rows: list[RowResult]

    def count(self, state: str) -> int:
        return sum(1 for r in self.rows if r.state == state)

    def include_duplicates(self, lines: Iterable[int] | None = None) -> None:
        """Tick possible duplicates for import (all, or those of the given lines)."""
        wanted = None if lines is None else set(lines)
        for row in self.rows:
            if row.state == DUPLICATE and (wanted is None or row.line in wanted):
                row.include = True


@dataclass
class Skipped:
    line: int
    name: str
    reason: str


@dataclass
class ImportResult:
    batch_id: str
    created: list[str]
    skipped: list[Skipped]
    duplicates_for_review: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "batch_id": self.batch_id,
            "created": len(self.created),
            "duplicates_for_review": self.duplicates_for_review,
            "skipped": [{"line": s.line, "name": s.name, "reason": s.reason} for s in self.skipped],
        }


@dataclass(frozen=True)
class BatchRow:
    id: str
    imported_at: datetime
    file_name: str
    imported_by: str
    people: int
    skipped: int
    undone_at: datetime | None

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass(frozen=True)
class UndoResult:
    deleted: int
    kept: int
    """Files kept because they have gained course, mentoring or certificate records since."""


def _check(progress: ProgressCallback | None, done: int, total: int) -> None:
    check(progress, done, total, _("Import cancelled. Nothing was changed."))


# --- reading ----------------------------------------------------------------------------------


def read_table(path: Path | str) -> SourceTable:
    """The first sheet of an XLSX file or a CSV file, header row first, empty rows left out."""
    source = Path(path)
    suffix = source.suffix.lower()
    try:
        data = source.read_bytes()
    except OSError as error:
        raise ValidationError(
            _("The file {name} cannot be read: {error}").format(
                name=source.name, error=describe_os_error(error)
            )
        ) from error
    if suffix in (".xlsx", ".xlsm") or data[:2] == b"PK":
        table = _read_xlsx(data, source.name)
    elif suffix in (".csv", ".txt", ".tsv", ""):
        table = _read_csv(data, source.name)
    else:
        raise ValidationError(
            _("Only Excel files (.xlsx) and CSV files can be imported, not '{name}'.").format(
                name=source.name
            )
        )
    if not table.headers:
        raise ValidationError(_("The file {name} is empty.").format(name=source.name))
    if len(table.rows) > MAX_ROWS:
        raise ValidationError(
            _("The file has more than {limit} rows; split it into smaller files.").format(
                limit=MAX_ROWS
            )
        )
    return table


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _split_header(
    raw_rows: Iterable[tuple[int, list[Any]]], file_name: str, **extra: str
) -> SourceTable:
    """The first row with two or more filled cells holds the titles (a title line above the
    table, such as "Lotsenliste 2024", is passed over); empty rows are dropped."""
    filled = [(line, list(cells)) for line, cells in raw_rows if not all(_blank(c) for c in cells)]
    start = next(
        (
            n
            for n, (_line, cells) in enumerate(filled[:20])
            if sum(not _blank(c) for c in cells) > 1
        ),
        0,
    )
    if not filled:
        return SourceTable(file_name, [], [], **extra)
    headers = [str(c).strip() if c is not None else "" for c in filled[start][1]]
    rows = filled[start + 1 :]
    width = max([len(headers), *(len(c) for _line, c in rows)], default=0)
    headers += [""] * (width - len(headers))
    return SourceTable(file_name, headers, rows, **extra)


def _read_xlsx(data: bytes, name: str) -> SourceTable:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise ValidationError(
            _("The file {name} is not a readable Excel file (.xlsx).").format(name=name)
        ) from error
    try:
        sheet = workbook.worksheets[0]
        rows = (
            (number, list(values))
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        )
        return _split_header(rows, name)
    finally:
        workbook.close()


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


def _delimiter(text: str) -> str:
    sample = "\n".join(line for line in text.splitlines()[:20] if line.strip())
    counts = {d: sample.count(d) for d in (";", ",", "\t")}
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ";"


def _read_csv(data: bytes, name: str) -> SourceTable:
    text, encoding = _decode(data)
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = [(reader.line_num, row) for row in reader]
    except csv.Error as error:
        raise ValidationError(
            _("The file {name} is not a readable CSV file: {error}").format(name=name, error=error)
        ) from error
    return _split_header(rows, name, encoding=encoding, delimiter=delimiter)


# --- mapping ----------------------------------------------------------------------------------


def _header_key(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", names.fold(text).replace("ß", "ss")).split())


def guess_mapping(headers: Sequence[str]) -> dict[int, str]:
    """Column index -> field, from German and English header words; each field used once."""
    mapping: dict[int, str] = {}
    used: set[str] = set()
    keys = [_header_key(h) for h in headers]
    for exact in (True, False):
        for index, key in enumerate(keys):
            if index in mapping or not key:
                continue
            for field_name, words in _HEADER_WORDS.items():
                if field_name in used:
                    continue
                hit = (
                    key in words
                    if exact
                    else any(
                        key.startswith(w + " ") or key.endswith(" " + w)
                        for w in words
                        if len(w) > 3
                    )
                )
                if hit:
                    mapping[index] = field_name
                    used.add(field_name)
                    break
    if "full_name" in used and {"given_name", "family_name"} <= used:
        mapping = {i: f for i, f in mapping.items() if f != "full_name"}
    return mapping


def load_mapping(path: Path | str, headers: Sequence[str]) -> dict[int, str]:
    """A mapping file: JSON ``{"column header": "field"}`` (field ``""`` ignores the column)."""
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ValidationError(
            _("The mapping file cannot be read: {error}").format(error=error)
        ) from error
    if not isinstance(raw, dict):
        raise ValidationError(
            _("The mapping file must be a JSON object that maps column titles to fields.")
        )
    mapping: dict[int, str] = {}
    folded = {_header_key(h): i for i, h in enumerate(headers)}
    for header, field_name in raw.items():
        index = folded.get(_header_key(str(header)))
        if index is None:
            raise ValidationError(_("The file has no column '{header}'.").format(header=header))
        if field_name in ("", None):
            continue
        if field_name not in FIELD_NAMES:
            raise ValidationError(
                _("'{value}' is not allowed here; choose one of: {allowed}.").format(
                    value=field_name, allowed=", ".join(FIELD_NAMES)
                )
            )
        mapping[index] = str(field_name)
    return mapping


def check_mapping(mapping: dict[int, str]) -> None:
    """A mapping must give the name, and each field at most once."""
    chosen = list(mapping.values())
    twice = sorted({f for f in chosen if chosen.count(f) > 1})
    if twice:
        raise ValidationError(
            _("Each field may be chosen for one column only: {fields}.").format(
                fields=", ".join(gettext(dict(FIELDS)[f]) for f in twice)
            )
        )
    if "full_name" not in chosen and not {"given_name", "family_name"} <= set(chosen):
        raise ValidationError(
            _("Choose the columns with the names: given and family name, or one name column.")
        )


# --- values -----------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return " ".join(str(value).split())


def parse_any_date(value: Any, today: date | None = None) -> date | None:
    """A date from a cell: a real date, an Excel serial number, or text in common formats."""
    if _blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _serial(float(value), str(value))
    text = str(value).strip()
    if re.fullmatch(r"\d{4,5}([.,]0+)?", text):
        return _serial(float(text.replace(",", ".")), text)
    text = text.split(" ")[0] if re.match(r"\d{4}-\d\d-\d\d[ T]", text) else text
    text = text.split("T")[0]
    match = re.fullmatch(r"(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})", text)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            if len(match.group(3)) == 2:
                this = (today or date.today()).year % 100
                year += 2000 if year <= this else 1900
            return date(year, month, day)
        match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            return date(year, month, day)
    except ValueError:
        raise ValidationError(_("'{value}' is not a possible date.").format(value=text)) from None
    raise ValidationError(
        _("'{value}' is not a date (DD.MM.YYYY, YYYY-MM-DD or an Excel date).").format(value=text)
    )


def _serial(number: float, text: str) -> date:
    if not 1 <= number < 80_000:
        raise ValidationError(_("'{value}' is not a possible date.").format(value=text))
    return EXCEL_EPOCH + timedelta(days=int(number))


def split_full_name(text: str) -> tuple[str, str]:
    """(given, family) from one name cell: "Şahin, İlkay" or "İlkay Şahin" or "Anna von Berg"."""
    text = " ".join(text.split())
    if "," in text:
        family, _sep, given = text.partition(",")
        return given.strip(), family.strip()
    words = text.split(" ")
    if len(words) == 1:
        return "", words[0]
    start = len(words) - 1
    while start > 1 and words[start - 1].casefold() in _PARTICLES:
        start -= 1
    return " ".join(words[:start]), " ".join(words[start:])


def _split_list(text: str) -> list[str]:
    parts = re.split(r"[,;/\n]|\s+und\s+|\s+and\s+|\s+&\s+", text)
    return [p.strip() for p in parts if p.strip()]


def parse_languages(text: str) -> list[tuple[str, str]]:
    """ "Türkisch (Muttersprache), Deutsch C1; Englisch" -> language and level pairs."""
    result = []
    for part in _split_list(text):
        level = ""
        match = re.fullmatch(r"(.+?)\s*[(:]\s*([^)]*)\)?", part) or re.fullmatch(
            r"(.+?)\s+([ABC][12])", part, re.IGNORECASE
        )
        if match:
            part, raw_level = match.group(1).strip(), match.group(2).strip()
            try:
                level = LanguageLevel.parse(
                    raw_level.upper() if len(raw_level) == 2 else raw_level
                ).value
            except ValueError:
                level = ""
        result.append((part[:1].upper() + part[1:], level))
    return result


def parse_status(text: str) -> str:
    try:
        return VolunteerStatus.parse(text).value
    except ValueError:
        pass
    status = _STATUS_WORDS.get(_header_key(text))
    if status is None:
        allowed = ", ".join(s.label for s in VolunteerStatus)
        raise ValidationError(
            _("Unknown status '{value}' (known: {allowed}).").format(value=text, allowed=allowed)
        )
    return status.value


def parse_areas(text: str) -> list[str]:
    result = []
    for part in _split_list(text):
        try:
            result.append(Area.parse(part).value)
            continue
        except ValueError:
            pass
        key = _header_key(part)
        area = _AREA_WORDS.get(key) or next(
            (a for word, a in _AREA_WORDS.items() if word in key.split() or key.startswith(word)),
            None,
        )
        if area is None:
            raise ValidationError(_("Unknown area of interest '{value}'.").format(value=part))
        result.append(area.value)
    return sorted(set(result))


def _phone(value: Any) -> str:
    """A phone number; Excel drops the leading zero of a number typed without quotes."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        digits = _text(value)
        return digits if digits.startswith("0") else "0" + digits
    return _text(value)


def _postal_code(value: Any) -> str:
    text = _text(value)
    if isinstance(value, (int, float)) and text.isdigit() and len(text) == 4:
        return "0" + text
    return text


def _convert_row(cells: list[Any], mapping: dict[int, str], today: date) -> RowResult:
    raw: dict[str, Any] = {f: cells[i] if i < len(cells) else None for i, f in mapping.items()}
    reasons: list[str] = []
    fields: dict[str, Any] = {}
    given = _text(raw.get("given_name"))
    family = _text(raw.get("family_name"))
    if "full_name" in raw and not (given and family):
        split_given, split_family = split_full_name(_text(raw["full_name"]))
        given, family = given or split_given, family or split_family
    fields["given_name"], fields["family_name"] = given, family
    qualified_on: date | None = None
    fields["birth_date"] = None
    for name in ("birth_date", "qualified_on"):
        try:
            value = parse_any_date(raw.get(name), today)
        except ValidationError as error:
            label = _("Date of birth") if name == "birth_date" else _("Qualified on")
            reasons.append(f"{label}: {error}")
            continue
        if name == "birth_date":
            fields["birth_date"] = value
        else:
            qualified_on = value
            if value is not None and value > today:
                reasons.append(_("Qualified on: the date lies in the future."))
    fields["phone"] = _phone(raw.get("phone"))
    fields["postal_code"] = _postal_code(raw.get("postal_code"))
    for name in ("email", "street", "city", "notes"):
        fields[name] = _text(raw.get(name))
    status = ""
    if not _blank(raw.get("status")):
        try:
            status = parse_status(_text(raw["status"]))
        except ValidationError as error:
            reasons.append(str(error))
    if not status:
        status = (
            VolunteerStatus.QUALIFIED.value if qualified_on else VolunteerStatus.INTERESTED.value
        )
    fields["status"] = status
    fields["languages"] = parse_languages(_text(raw.get("languages")))
    try:
        fields["interests"] = parse_areas(_text(raw.get("interests")))
    except ValidationError as error:
        reasons.append(str(error))
        fields["interests"] = []
    for key in (
        "given_name",
        "family_name",
        "birth_date",
        "phone",
        "email",
        "postal_code",
        "languages",
    ):
        try:
            fields.update(volunteers.clean_fields({key: fields[key]}))
        except ValidationError as error:
            reasons.append(str(error))
    return RowResult(
        line=0,
        fields=fields,
        state=INVALID if reasons else NEW,
        reasons=reasons,
        qualified_on=qualified_on,
    )


# --- duplicates -------------------------------------------------------------------------------


@dataclass
class _Known:
    ids: list[str]
    names: list[str]
    by_birth: dict[date, list[int]]
    by_family: dict[str, list[int]]
    given: list[str]
    birth: list[date | None]


def _known_people(store: Store) -> _Known:
    known = _Known([], [], {}, {}, [], [])
    with store.new_session() as session:
        for row in session.execute(
            select(Volunteer.id, Volunteer.given_name, Volunteer.family_name, Volunteer.birth_date)
        ):
            _remember(known, row.id, row.given_name, row.family_name, row.birth_date)
    return known


def _remember(known: _Known, ident: str, given: str, family: str, birth: date | None) -> None:
    index = len(known.ids)
    known.ids.append(ident)
    known.names.append(names.fold(f"{given} {family}"))
    known.given.append(names.fold(given))
    known.birth.append(birth)
    known.by_family.setdefault(names.fold(family), []).append(index)
    if birth is not None:
        known.by_birth.setdefault(birth, []).append(index)


def _matches(known: _Known, given: str, family: str, birth: date | None) -> list[int]:
    """Probably the same person: a similar name and the same birth date, or (a birth date
    missing on one side) the same family name and a very similar given name."""
    from rapidfuzz import fuzz

    full = names.fold(f"{given} {family}")
    found: list[int] = []
    if birth is not None:
        for index in known.by_birth.get(birth, []):
            if fuzz.token_sort_ratio(full, known.names[index]) >= 85:
                found.append(index)
    folded_given = names.fold(given)
    for index in known.by_family.get(names.fold(family), []):
        if index in found:
            continue
        other_birth = known.birth[index]
        if birth is not None and other_birth is not None:
            continue  # both known and different: two people
        if fuzz.ratio(folded_given, known.given[index]) >= 90:
            found.append(index)
    return found


def preview_import(
    store: Store,
    source: SourceTable,
    mapping: dict[int, str] | None = None,
    *,
    progress: ProgressCallback | None = None,
    today: date | None = None,
) -> ImportPreview:
    """Every row checked and marked; nothing is written."""
    today = today or date.today()
    mapping = guess_mapping(source.headers) if mapping is None else dict(mapping)
    check_mapping(mapping)
    known = _known_people(store)
    existing = len(known.ids)
    results: list[RowResult] = []
    total = len(source.rows)
    for number, (line, cells) in enumerate(source.rows, start=1):
        result = _convert_row(cells, mapping, today)
        result.line = line
        if result.state == NEW:
            fields = result.fields
            hits = _matches(
                known, fields["given_name"], fields["family_name"], fields["birth_date"]
            )
            if hits:
                result.state = DUPLICATE
                result.include = False
                for index in hits:
                    if index < existing:
                        result.matches.append(known.ids[index])
                    else:
                        result.file_matches.append(int(known.ids[index]))
                        result.match_names.append(
                            _("same person as line {line} of the file").format(
                                line=known.ids[index]
                            )
                        )
            _remember(
                known, str(line), fields["given_name"], fields["family_name"], fields["birth_date"]
            )
        else:
            result.include = False
        results.append(result)
        if number % 250 == 0:
            _check(progress, number, total)
    _describe_matches(store, results)
    return ImportPreview(source, mapping, results)


def _describe_matches(store: Store, rows: list[RowResult]) -> None:
    ids = sorted({i for r in rows for i in r.matches})
    found: dict[str, str] = {}
    with store.new_session() as session:
        for start in range(0, len(ids), 400):
            for person in session.execute(
                select(
                    Volunteer.id, Volunteer.given_name, Volunteer.family_name, Volunteer.birth_date
                ).where(Volunteer.id.in_(ids[start : start + 400]))
            ):
                born = f" ({format_date_short(person.birth_date)})" if person.birth_date else ""
                found[person.id] = f"{person.family_name}, {person.given_name}{born}"
    for row in rows:
        row.match_names = [found.get(i, i) for i in row.matches] + row.match_names


# --- writing ----------------------------------------------------------------------------------


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def skip_reason(row: RowResult) -> str:
    if row.state == INVALID:
        return "; ".join(row.reasons)
    return _("probably already there: {names}").format(names="; ".join(row.match_names))


def run_import(
    store: Store,
    preview: ImportPreview,
    *,
    progress: ProgressCallback | None = None,
    today: date | None = None,
) -> ImportResult:
    """Write the ticked rows in one transaction; invalid rows never, unticked duplicates not."""
    from lotsen_desktop.store.sync_tables import duplicate_table

    today = today or date.today()
    chosen = [r for r in preview.rows if r.state != INVALID and (r.state == NEW or r.include)]
    if not chosen:
        raise ValidationError(_("No row can be imported: nothing was changed."))
    picked = {id(r) for r in chosen}
    skipped = [
        Skipped(r.line, r.display_name, skip_reason(r)) for r in preview.rows if id(r) not in picked
    ]
    file_name = preview.source.file_name
    note = _("Imported from the list {file}").format(file=file_name)
    qualified_note = _(
        "Qualified before Lotsen Desktop was used (date from the imported list {file})"
    ).format(file=file_name)
    created: list[str] = []
    by_line: dict[int, str] = {}
    pairs: set[tuple[str, str]] = set()
    with store.uow() as uow:
        session = uow.session
        batch = ImportBatch(
            id=new_id(),
            imported_at=_now(),
            file_name=file_name[:300],
            imported_by=store.user[:100],
            people=0,
            skipped=len(skipped),
        )
        session.add(batch)
        batch_id = batch.id
        session.flush()
        for number, row in enumerate(chosen, start=1):
            fields = {k: v for k, v in row.fields.items() if k != "status"}
            volunteer = volunteers.build_volunteer(
                session, fields, status=row.fields["status"], today=today, status_note=note
            )
            if row.qualified_on is not None:
                volunteer.status_history.append(
                    StatusChange(
                        status=VolunteerStatus.QUALIFIED.value,
                        changed_on=row.qualified_on,
                        note=qualified_note,
                    )
                )
            created.append(volunteer.id)
            by_line[row.line] = volunteer.id
            others = [*row.matches, *(by_line[n] for n in row.file_matches if n in by_line)]
            for other in others:
                pairs.add((min(volunteer.id, other), max(volunteer.id, other)))
            if number % CHECKPOINT_ROWS == 0:
                _check(progress, number, len(chosen))
                uow.checkpoint()
        if created:
            session.execute(
                insert(ImportBatchPerson),
                [{"batch_id": batch_id, "volunteer_id": i} for i in created],
            )
        session.execute(
            update(ImportBatch).where(ImportBatch.id == batch_id).values(people=len(created))
        )
        if pairs:
            known = {
                (a, b)
                for a, b in session.execute(
                    select(duplicate_table.c.first_id, duplicate_table.c.second_id)
                )
            }
            fresh = sorted(pairs - known)
            if fresh:
                session.execute(
                    insert(duplicate_table),
                    [
                        {"detected_at": _now(), "first_id": a, "second_id": b, "status": "open"}
                        for a, b in fresh
                    ],
                )
        _check(progress, len(chosen), len(chosen))
        uow.commit()
    return ImportResult(batch_id, created, skipped, len(pairs))


def list_batches(store: Store) -> list[BatchRow]:
    with store.new_session() as session:
        return [
            BatchRow(
                b.id, b.imported_at, b.file_name, b.imported_by, b.people, b.skipped, b.undone_at
            )
            for b in session.scalars(select(ImportBatch).order_by(ImportBatch.imported_at.desc()))
        ]


def undo_import(
    store: Store, batch_id: str, *, progress: ProgressCallback | None = None
) -> UndoResult:
    """Delete the people of one import again (a deletion that travels by sync like any other).

    Files that have gained course, mentoring or certificate records since are kept and counted.
    """
    with store.uow() as uow:
        session = uow.session
        batch = session.get(ImportBatch, batch_id)
        if batch is None:
            matches = session.scalars(
                select(ImportBatch).where(
                    starts_with(ImportBatch.id, batch_id.lower(), session.get_bind().dialect.name)
                )
            ).all()
            batch = matches[0] if len(batch_id) >= 4 and len(matches) == 1 else None
        if batch is None:
            raise NotFoundError(_("No import with id {id}.").format(id=batch_id))
        batch_key = batch.id
        if batch.undone_at is not None:
            raise ValidationError(_("This import was undone already."))
        ids = list(
            session.scalars(
                select(ImportBatchPerson.volunteer_id).where(
                    ImportBatchPerson.batch_id == batch_key
                )
            )
        )
        in_use: set[str] = set()
        for start in range(0, len(ids), 400):
            part = ids[start : start + 400]
            for model in (Enrolment, Attendance, Assignment, RequestOffer, Certificate):
                in_use |= set(
                    session.scalars(select(model.volunteer_id).where(model.volunteer_id.in_(part)))
                )
        deleted = 0
        doomed = [i for i in ids if i not in in_use]
        for start in range(0, len(doomed), CHECKPOINT_ROWS):
            part = doomed[start : start + CHECKPOINT_ROWS]
            with session.no_autoflush:
                people = session.scalars(
                    select(Volunteer)
                    .where(Volunteer.id.in_(part))
                    .options(
                        selectinload(Volunteer.languages),
                        selectinload(Volunteer.interests),
                        selectinload(Volunteer.status_history),
                        selectinload(Volunteer.consents),
                    )
                ).all()
                for volunteer in people:
                    session.delete(volunteer)
                    deleted += 1
            _check(progress, start + len(part), len(doomed))
            uow.checkpoint()
        session.execute(
            update(ImportBatch).where(ImportBatch.id == batch_key).values(undone_at=_now())
        )
        uow.commit()
    return UndoResult(deleted=deleted, kept=len(in_use))
