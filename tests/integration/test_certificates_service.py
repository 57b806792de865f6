"""The register use cases on a real office database, PDFs read back with pypdf."""

from __future__ import annotations

import hashlib
import io
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from certificate_fixtures import (
    DIFFICULT_PEOPLE,
    add_course,
    add_people,
    configure_office,
    without_dates,
)
from pypdf import PdfReader
from sqlalchemy import func, select

from lotsen_desktop.documents import base as document_base
from lotsen_desktop.errors import LotsenError, NotFoundError, ValidationError
from lotsen_desktop.i18n import set_language
from lotsen_desktop.services import certificates, courses, mentoring, setup, volunteers
from lotsen_desktop.services.certificates import VerifyStatus
from lotsen_desktop.store.database import Store
from lotsen_desktop.store.models import Certificate

ISSUED = date(2026, 11, 24)


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def register_count(store: Store) -> int:
    with store.new_session() as session:
        return int(session.scalar(select(func.count(Certificate.id))) or 0)


@pytest.fixture
def office(store: Store) -> tuple[Store, list[str], str]:
    """Five difficult names in a Basismodul; Nguyễn missed 5 of 12 sessions."""
    configure_office(store)
    ids = add_people(store)
    course_id = add_course(store, ids, missed={ids[1]: 5})
    return store, ids, course_id


def test_certificate_for_each_difficult_name(office: tuple[Store, list[str], str]) -> None:
    store, ids, _course = office
    for volunteer_id, (given, family, form) in zip(ids, DIFFICULT_PEOPLE, strict=True):
        if volunteer_id == ids[1]:
            continue
        doc = certificates.issue_certificate(store, volunteer_id=volunteer_id, issued_on=ISSUED)
        text = text_of(doc.pdf)
        assert f"{given} {family}" in text
        assert "geboren am 7. März 1984" in text
        assert "Musterstadt, 24. November 2026" in text
        assert "Basisqualifizierung Integrationslotsin/Integrationslotse" in text
        assert "Gesamt 48" in text
        assert "07.02.–25.04.2026" in text
        assert doc.serial in text and doc.code in text
        assert "Dr. Sabine Müller" in text
        expected = {
            "lotsin": "zur Integrationslotsin im Programm",
            "lotse": "zum Integrationslotsen im Programm",
            "neutral": "zur Integrationslotsin/zum Integrationslotsen im Programm",
        }[form]
        assert expected in text
        meta = PdfReader(io.BytesIO(doc.pdf)).metadata
        assert meta is not None and meta.author == "VHS Musterstadt & Umgebung"


def test_serials_run_per_prefix_and_year(office: tuple[Store, list[str], str]) -> None:
    store, ids, _course = office
    first = certificates.issue_certificate(store, volunteer_id=ids[0], issued_on=ISSUED)
    second = certificates.issue_certificate(store, volunteer_id=ids[2], issued_on=ISSUED)
    assert (first.serial, second.serial) == ("IL-2026-0001", "IL-2026-0002")
    setup.update_office(store, certificate_prefix="hann ov")
    third = certificates.issue_certificate(store, volunteer_id=ids[3], issued_on=date(2027, 1, 2))
    assert third.serial == "HANN-OV-2027-0001"
    assert third.code.startswith("HANN-OV-2027-0001-") and len(third.code.rsplit("-", 1)[1]) == 8


def test_register_row_holds_content_and_checksum(office: tuple[Store, list[str], str]) -> None:
    store, ids, _course = office
    doc = certificates.issue_certificate(store, volunteer_id=ids[0], issued_on=ISSUED)
    with store.new_session() as session:
        row = session.scalars(select(Certificate).where(Certificate.serial == doc.serial)).one()
        assert row.kind == "zertifikat"
        assert row.volunteer_id == ids[0]
        assert row.issued_on == ISSUED
        assert hashlib.sha256(row.content.encode("utf-8")).hexdigest() == row.checksum
        content = json.loads(row.content)
    assert content["person"]["given_name"] == "İlkay"
    assert content["serial"] == doc.serial
    assert doc.code == f"{doc.serial}-{row.checksum[:8].upper()}"


def test_reprint_is_identical_and_issuing_again_reuses_the_entry(
    office: tuple[Store, list[str], str], tmp_path: Path
) -> None:
    store, ids, _course = office
    first = certificates.issue_certificate(
        store, volunteer_id=ids[0], out=tmp_path / "a.pdf", issued_on=ISSUED
    )
    again = certificates.reprint(store, first.serial, out=tmp_path / "b.pdf")
    assert without_dates((tmp_path / "a.pdf").read_bytes()) == without_dates(
        (tmp_path / "b.pdf").read_bytes()
    )
    assert again.code == first.code
    # the office's settings change later: the reprint still shows what was issued
    setup.update_office(store, signatory_name="Neue Leitung", certificate_text="Anderer Text")
    assert without_dates(certificates.reprint(store, first.serial).pdf) == without_dates(first.pdf)
    # issuing with unchanged data gives the registered document, not a second serial
    setup.update_office(store, signatory_name="Dr. Sabine Müller")
    setup.update_office(store, certificate_text=setup.DEFAULT_CERTIFICATE_TEXT)
    repeat = certificates.issue_certificate(store, volunteer_id=ids[0])
    assert repeat.serial == first.serial and repeat.reused
    assert register_count(store) == 1


def test_not_qualified_is_refused_and_nothing_registered(
    office: tuple[Store, list[str], str], tmp_path: Path
) -> None:
    store, ids, _course = office
    out = tmp_path / "docs"
    out.mkdir()
    with pytest.raises(ValidationError, match="noch nicht abgeschlossen"):
        certificates.issue_certificate(store, volunteer_id=ids[1], out=out / "x.pdf")
    assert register_count(store) == 0
    assert list(out.iterdir()) == []


def test_participation_for_someone_who_did_not_finish(
    office: tuple[Store, list[str], str],
) -> None:
    store, ids, course_id = office
    doc = certificates.issue_participation(
        store, course_id=course_id, volunteer_id=ids[1], issued_on=ISSUED
    )
    text = text_of(doc.pdf)
    assert "Teilnahmebescheinigung" in text
    assert "Thị Ánh Nguyễn" in text
    assert "28 von 48 (58 %)" in text
    assert "7. Februar 2026 – 25. April 2026" in text
    assert "Modul abgeschlossen" not in text
    assert doc.kind == "teilnahmebescheinigung"
    assert certificates.verify(store, doc.code).valid


def test_participation_requires_enrolment(office: tuple[Store, list[str], str]) -> None:
    store, ids, _course = office
    other = add_course(store, ids[:1], module_code="SPEZ-SCHULE", title="Schule 2026", sessions=4)
    with pytest.raises(ValidationError):
        certificates.issue_participation(store, course_id=other, volunteer_id=ids[2])


def test_verify_valid_changed_unknown_revoked(office: tuple[Store, list[str], str]) -> None:
    store, ids, _course = office
    doc = certificates.issue_certificate(store, volunteer_id=ids[0], issued_on=ISSUED)
    result = certificates.verify(store, doc.code)
    assert result.status is VerifyStatus.VALID and result.holder == "İlkay Şahin"
    assert certificates.verify(store, "  " + doc.code.lower().replace("-", " - ") + " ").valid

    last = doc.code[-1]
    changed = doc.code[:-1] + ("0" if last != "0" else "1")
    assert certificates.verify(store, changed).status is VerifyStatus.MISMATCH
    other_serial = doc.code.replace("-0001-", "-0002-")
    assert certificates.verify(store, other_serial).status is VerifyStatus.UNKNOWN
    assert certificates.verify(store, doc.serial).status is VerifyStatus.MISMATCH
    assert certificates.verify(store, "nonsense").status is VerifyStatus.UNKNOWN

    with pytest.raises(ValidationError):
        certificates.revoke_certificate(store, serial=doc.serial, reason="  ")
    certificates.revoke_certificate(
        store, serial=doc.serial, reason="Name falsch geschrieben", revoked_on=date(2026, 12, 1)
    )
    revoked = certificates.verify(store, doc.code)
    assert revoked.status is VerifyStatus.REVOKED
    assert revoked.revoke_reason == "Name falsch geschrieben"
    assert revoked.revoked_on == date(2026, 12, 1)
    assert "1. Dezember 2026" in revoked.message and "Name falsch geschrieben" in revoked.message
    with pytest.raises(ValidationError):
        certificates.revoke_certificate(store, serial=doc.serial, reason="again")
    with pytest.raises(ValidationError):
        certificates.reprint(store, doc.serial)
    with pytest.raises(NotFoundError):
        certificates.revoke_certificate(store, serial="IL-1999-0001", reason="x")
    # a revoked document is replaced by a new serial
    new = certificates.issue_certificate(store, volunteer_id=ids[0], issued_on=ISSUED)
    assert new.serial != doc.serial and not new.reused
    assert register_count(store) == 2


def test_tampered_register_content_is_a_mismatch(office: tuple[Store, list[str], str]) -> None:
    store, ids, _course = office
    doc = certificates.issue_certificate(store, volunteer_id=ids[0], issued_on=ISSUED)
    with store.uow() as uow:
        row = uow.session.scalars(select(Certificate)).one()
        row.content = row.content.replace("İlkay", "Ilkay")
        uow.commit()
    assert certificates.verify(store, doc.code).status is VerifyStatus.MISMATCH
    with pytest.raises(LotsenError):
        certificates.reprint(store, doc.serial)


def test_erased_person_still_verifies_without_name(office: tuple[Store, list[str], str]) -> None:
    store, ids, _course = office
    doc = certificates.issue_certificate(store, volunteer_id=ids[0], issued_on=ISSUED)
    with store.uow() as uow:
        assert certificates.erase_person_content(uow.session, ids[0]) == 1
        uow.commit()
    result = certificates.verify(store, doc.code)
    assert result.valid and result.holder == ""
    assert "(Name gelöscht)" in result.message


def test_qr_code_carries_the_verification_code(
    office: tuple[Store, list[str], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, ids, _course = office
    seen: list[str] = []
    original = document_base.qr_flowable

    def spy(value: str, size: float = 25 * document_base.mm) -> object:
        seen.append(value)
        return original(value, size)

    monkeypatch.setattr(document_base, "qr_flowable", spy)
    doc = certificates.issue_certificate(store, volunteer_id=ids[0], issued_on=ISSUED)
    assert seen == [doc.code]


def test_activity_record_has_hours_by_area_and_no_mentee_data(store: Store) -> None:
    configure_office(store)
    (volunteer_id,) = add_people(store, [("Олена", "Коваленко", "lotsin")])
    today = date.today()
    assignment = mentoring.add_assignment(
        store,
        volunteer_id=volunteer_id,
        mentee_pseudonym="Familie XQZ",
        started_on=today - timedelta(days=60),
    )
    for days, minutes, area in (
        (50, 90, "behoerden"),
        (40, 120, "gesundheit"),
        (30, 60, "behoerden"),
    ):
        mentoring.add_log_entry(
            store,
            assignment_id=assignment,
            entry_date=today - timedelta(days=days),
            minutes=minutes,
            kind="begleitung",
            area=area,
            note="Termin mit XQZ beim Amt",
        )
    mentoring.add_meeting(
        store,
        held_on=today - timedelta(days=20),
        kind="reflexion",
        topic="Grenzen im Ehrenamt",
        volunteer_ids=[volunteer_id],
    )
    start, end = today - timedelta(days=90), today
    doc = certificates.issue_activity_record(
        store, volunteer_id=volunteer_id, date_from=start, date_to=end, issued_on=ISSUED
    )
    text = text_of(doc.pdf)
    assert "Tätigkeitsnachweis" in text and "Олена Коваленко" in text
    assert "Gesamt 4,5" in text  # 270 minutes
    assert "2,5" in text and "2" in text
    assert "Grenzen im Ehrenamt" in text
    assert "XQZ" not in text and "Termin mit" not in text
    assert doc.kind == "taetigkeitsnachweis"
    with pytest.raises(ValidationError):
        certificates.issue_activity_record(
            store,
            volunteer_id=volunteer_id,
            date_from=date(2000, 1, 1),
            date_to=date(2000, 12, 31),
        )


def test_attendance_sheet_blank_and_filled(
    office: tuple[Store, list[str], str], tmp_path: Path
) -> None:
    store, _ids, course_id = office
    blank = certificates.attendance_sheet(
        store, course_id=course_id, blank=True, out=tmp_path / "blank.pdf"
    )
    filled = certificates.attendance_sheet(store, course_id=course_id, blank=False)
    assert (tmp_path / "blank.pdf").read_bytes() == blank
    blank_text, filled_text = text_of(blank), text_of(filled)
    for given, family, _form in DIFFICULT_PEOPLE:
        assert f"{family}, {given}" in blank_text
    assert "Anwesenheitsliste" in blank_text and "✓" not in blank_text
    assert "Anwesenheitsnachweis" in filled_text and "✓" in filled_text
    page = PdfReader(io.BytesIO(blank)).pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)


def test_namesakes_on_the_attendance_sheet_are_told_apart(store: Store) -> None:
    """Each signs on their own line: the sheet names them as the grid does, with the year."""
    configure_office(store)
    namesakes = [
        volunteers.add_volunteer(
            store, given_name="Anna", family_name="Bäcker", birth_date=date(year, 3, 7)
        )
        for year in (1972, 1993)
    ]
    course_id = add_course(store, [*namesakes, *add_people(store, DIFFICULT_PEOPLE[:1])])
    lines = text_of(certificates.attendance_sheet(store, course_id=course_id, blank=True))
    assert "Bäcker, Anna (1972)" in lines and "Bäcker, Anna (1993)" in lines
    given, family, _form = DIFFICULT_PEOPLE[0]
    assert f"{family}, {given}" in lines and f"{family}, {given} (" not in lines


def test_long_course_flows_to_several_pages(store: Store) -> None:
    configure_office(store)
    people = [(f"Teilnehmerin {i:02d}", "Şahin-Nguyễn", "lotsin") for i in range(40)]
    ids = add_people(store, people)
    course_id = add_course(store, ids, sessions=14)
    pdf = certificates.attendance_sheet(store, course_id=course_id, blank=True)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 4
    for page in reader.pages:
        assert "Name" in (page.extract_text() or "")
    text = text_of(pdf)
    for given, family, _form in people:
        assert f"{family}, {given}" in text


def test_batch_writes_one_file_each_and_a_combined_file(
    office: tuple[Store, list[str], str], tmp_path: Path
) -> None:
    store, ids, course_id = office
    calls: list[tuple[int, int]] = []
    result = certificates.issue_course_batch(
        store,
        course_id=course_id,
        out_dir=tmp_path / "out",
        progress=lambda done, total: calls.append((done, total)) or True,
        issued_on=ISSUED,
    )
    assert not result.cancelled
    assert len(result.documents) == 4
    assert [vid for vid, _name, _reason in result.skipped] == [ids[1]]
    files = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert len(files) == 5 and not any(name.endswith(".partial") for name in files)
    assert result.combined is not None and result.combined.exists()
    combined = PdfReader(str(result.combined))
    assert len(combined.pages) == sum(len(PdfReader(str(d.path)).pages) for d in result.documents)
    combined_text = " ".join(page.extract_text() or "" for page in combined.pages)
    for doc in result.documents:
        assert doc.path is not None and doc.path.exists()
        assert doc.serial in combined_text
    assert calls[0] == (0, 4) and calls[-1] == (4, 4)
    # running it again prints the same documents without new register entries
    again = certificates.issue_course_batch(
        store, course_id=course_id, out_dir=tmp_path / "out", issued_on=ISSUED
    )
    assert [d.serial for d in again.documents] == [d.serial for d in result.documents]
    assert register_count(store) == 4


def test_batch_cancel_keeps_nothing(office: tuple[Store, list[str], str], tmp_path: Path) -> None:
    store, _ids, course_id = office
    out = tmp_path / "out"

    def cancel_after_two(done: int, total: int) -> bool:
        return done < 2

    result = certificates.issue_course_batch(
        store, course_id=course_id, out_dir=out, progress=cancel_after_two
    )
    assert result.cancelled and result.documents == () and result.combined is None
    assert list(out.iterdir()) == []
    assert register_count(store) == 0


def test_batch_of_participation_certificates(
    office: tuple[Store, list[str], str], tmp_path: Path
) -> None:
    store, _ids, course_id = office
    result = certificates.issue_course_batch(
        store, course_id=course_id, out_dir=tmp_path, kind="teilnahmebescheinigung"
    )
    assert len(result.documents) == 5 and result.skipped == ()


def test_bad_output_paths_write_nothing(
    office: tuple[Store, list[str], str], tmp_path: Path
) -> None:
    store, ids, _course = office
    with pytest.raises(ValidationError):
        certificates.issue_certificate(store, volunteer_id=ids[0], out=tmp_path / "no" / "x.pdf")
    with pytest.raises(ValidationError):
        certificates.issue_certificate(store, volunteer_id=ids[0], out=tmp_path)
    assert register_count(store) == 0


def test_register_list_search_and_eligible(office: tuple[Store, list[str], str]) -> None:
    store, ids, course_id = office
    cert = certificates.issue_certificate(store, volunteer_id=ids[0], issued_on=ISSUED)
    certificates.issue_participation(store, course_id=course_id, volunteer_id=ids[1])
    assert [e.serial for e in certificates.list_register(store, search="ilkay sahin")] == [
        cert.serial
    ]
    assert len(certificates.list_register(store, search="nguyen")) == 1
    assert len(certificates.list_register(store)) == 2
    eligible = certificates.list_eligible(store)
    assert {e.volunteer_id for e in eligible} == {ids[0], ids[2], ids[3], ids[4]}
    assert {e.volunteer_id: e.serial for e in eligible}[ids[0]] == cert.serial
    assert [e.volunteer_id for e in certificates.list_eligible(store, search="Łukasz")] == [ids[2]]


def test_the_pages_read_of_the_eligible_list_matches_the_whole_list(
    office: tuple[Store, list[str], str],
) -> None:
    """The page holds the ids and reads rows per page: same people, order, serials, names."""
    store, ids, _course_id = office
    cert = certificates.issue_certificate(store, volunteer_id=ids[0], issued_on=ISSUED)
    whole = certificates.list_eligible(store)
    found = certificates.list_eligible_ids(store)
    assert found == [row.volunteer_id for row in whole]
    assert certificates.eligible_rows(store, found) == whole
    page = certificates.eligible_rows(store, found[1:3])  # any slice, in the order asked
    assert page == whole[1:3]
    assert certificates.eligible_rows(store, [found[2], "no-such-id", found[0]]) == [
        whole[2],
        whole[0],
    ]
    assert {row.volunteer_id: row.serial for row in whole}[ids[0]] == cert.serial
    assert certificates.list_eligible_ids(store, search="Łukasz") == [ids[2]]
    assert certificates.eligible_rows(store, []) == []


def test_the_pages_read_of_the_register_matches_the_whole_register(
    office: tuple[Store, list[str], str],
) -> None:
    """The page holds the serials and reads entries per page: same entries, same order, same
    search results (name and subject from the entries' content, any diacritics)."""
    store, ids, course_id = office
    certificates.issue_certificate(store, volunteer_id=ids[0], issued_on=ISSUED)
    certificates.issue_certificate(store, volunteer_id=ids[2], issued_on=ISSUED)
    for person in ids[:4]:
        certificates.issue_participation(store, course_id=course_id, volunteer_id=person)
    revoked = certificates.list_register(store)[-1].serial
    certificates.revoke_certificate(store, serial=revoked, reason="Fehler im Namen")
    for search, volunteer_id in (
        ("", None),
        ("", ids[0]),
        ("ilkay sahin", None),
        ("Teilnahme", None),  # the kind's label
        ("lukasz", ids[2]),
        ("IL-", None),  # the serial
        ("niemand", None),
    ):
        whole = certificates.list_register(store, search=search, volunteer_id=volunteer_id)
        serials = certificates.list_register_serials(
            store, search=search, volunteer_id=volunteer_id
        )
        assert serials == [entry.serial for entry in whole], search
        paged = [
            entry
            for start in range(0, len(serials), 2)
            for entry in certificates.register_rows(store, serials[start : start + 2])
        ]
        assert paged == whole, search
    assert len(certificates.list_register_serials(store)) == 6
    assert len(certificates.list_register_serials(store, search="ilkay sahin")) == 2
    assert certificates.list_register_serials(store, search="niemand") == []
    whole = certificates.list_register(store)
    assert certificates.register_rows(
        store, [whole[3].serial, "IL-0000-0000", whole[0].serial]
    ) == [
        whole[3],
        whole[0],
    ]
    assert any(entry.revoked for entry in certificates.register_rows(store, [revoked]))


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        ("lotsin", "Qualifizierung zur Integrationslotsin im"),
        ("lotse", "Qualifizierung zum Integrationslotsen im"),
        ("neutral", "Qualifizierung zur Integrationslotsin/zum Integrationslotsen im"),
    ],
)
def test_certificate_text_grammar(form: str, expected: str) -> None:
    text = certificates.certificate_body(
        setup.DEFAULT_CERTIFICATE_TEXT, title_form=form, name="Ana"
    )
    assert expected in text
    suggested = certificates.certificate_body(
        certificates.SUGGESTED_CERTIFICATE_TEXT, title_form=form, name="Ana"
    )
    assert "{" not in suggested
    odd = certificates.certificate_body("{name} als {title} {unknown} {", title_form=form, name="A")
    assert odd.startswith("A als Integrationslots") and odd.endswith("{unknown} {")


def test_english_certificate(office: tuple[Store, list[str], str]) -> None:
    store, ids, _course = office
    set_language("en")
    doc = certificates.issue_certificate(store, volunteer_id=ids[0], issued_on=ISSUED)
    text = text_of(doc.pdf)
    assert "Certificate" in text
    assert "has successfully completed the qualification as Integrationslotsin" in text
    assert "Musterstadt, 24 November 2026" in text
    assert "born on 7 March 1984" in text


def test_unknown_course_and_person(store: Store) -> None:
    with pytest.raises(NotFoundError):
        certificates.attendance_sheet(store, course_id="nope")
    with pytest.raises(NotFoundError):
        certificates.issue_certificate(store, volunteer_id="nope")
    assert courses.list_courses(store) == []


def test_documents_need_the_office_name(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from db_template import migrated_copy

    from lotsen_desktop.bootstrap import open_office_store
    from lotsen_desktop.errors import ValidationError
    from lotsen_desktop.services import courses as course_service

    bare = open_office_store(migrated_copy(tmp_path / "bare.sqlite"))
    try:
        course_id = course_service.add_course(
            bare, module_code="BASIS", title="K", session_dates=["2026-01-10"]
        )
        with pytest.raises(ValidationError, match="Namen des Trägers"):
            certificates.attendance_sheet(bare, course_id=course_id, blank=True)
    finally:
        bare.close()
