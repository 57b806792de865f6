"""The volunteer file driven through its widgets: create, validate, guard unsaved changes."""

from __future__ import annotations

import warnings
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from lotsen_desktop.domain.vocabulary import Area, ConsentPurpose
from lotsen_desktop.gui.dialogs.volunteer_file import VolunteerFormDialog
from lotsen_desktop.services import courses, progress, volunteers
from lotsen_desktop.store.database import Store
from tests.gui.conftest import type_text


def _type(qtbot: QtBot, widget: QWidget, text: str) -> None:
    widget.setFocus()
    widget.clear()  # type: ignore[attr-defined]
    type_text(qtbot, widget, text)


def test_create_a_volunteer_through_the_form(qtbot: QtBot, office: Store) -> None:
    dialog = VolunteerFormDialog(office)
    qtbot.addWidget(dialog)
    saved: list[object] = []
    dialog.saved.connect(lambda: saved.append(True))
    _type(qtbot, dialog.given_name_edit, "İlkay")
    _type(qtbot, dialog.family_name_edit, "Şahin")
    _type(qtbot, dialog.birth_date_edit, "03.04.1985")
    _type(qtbot, dialog.postal_code_edit, "30159")
    _type(qtbot, dialog.city_edit, "Hannover")
    _type(qtbot, dialog.phone_edit, "0511 123456")
    _type(qtbot, dialog.email_edit, "ilkay@example.org")
    dialog.title_combo.setCurrentIndex(dialog.title_combo.findData("lotsin"))
    dialog.language_rows[0].language_edit.setText("Türkisch")
    dialog.language_rows[0].level_combo.setCurrentIndex(
        dialog.language_rows[0].level_combo.findData("muttersprache")
    )
    dialog.add_language("Deutsch", "C1")
    dialog.interest_boxes[Area.SCHOOL.value].setChecked(True)
    assert dialog.save_button.isEnabled()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert dialog.result() == VolunteerFormDialog.DialogCode.Accepted
    assert saved == [True]
    rows = volunteers.list_volunteers(office, search="sahin")
    assert len(rows) == 1
    detail = volunteers.get_volunteer(office, rows[0].id)
    assert (detail.given_name, detail.family_name) == ("İlkay", "Şahin")
    assert detail.birth_date == date(1985, 4, 3)
    assert detail.title_form == "lotsin"
    assert detail.postal_code == "30159" and detail.phone == "0511 123456"
    assert {(s.language, s.level) for s in detail.languages} == {
        ("Türkisch", "muttersprache"),
        ("Deutsch", "C1"),
    }
    assert detail.interests == (Area.SCHOOL.value,)
    assert [entry.status for entry in detail.status_history] == ["interessiert"]


def test_an_invalid_date_is_refused_with_a_message(qtbot: QtBot, office: Store) -> None:
    dialog = VolunteerFormDialog(office)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    _type(qtbot, dialog.given_name_edit, "Anna")
    _type(qtbot, dialog.family_name_edit, "Beispiel")
    _type(qtbot, dialog.birth_date_edit, "31.02.1985")
    qtbot.keyClick(dialog.birth_date_edit, Qt.Key.Key_Tab)  # leaving the field checks it
    message = dialog._fields["birth_date"].message
    assert message.isVisible()
    assert "31.02.1985" in message.text() and "kein gültiges Datum" in message.text()

    _type(qtbot, dialog.postal_code_edit, "3015")
    _type(qtbot, dialog.email_edit, "anna(at)example")
    assert not dialog.save()
    assert volunteers.count_volunteers(office) == 0
    assert dialog.tabs.currentIndex() == VolunteerFormDialog.PERSON_TAB
    assert dialog._fields["postal_code"].message.text() == "Eine Postleitzahl hat fünf Ziffern."
    assert dialog._fields["email"].message.isVisible()

    _type(qtbot, dialog.birth_date_edit, "1985-02-28")
    _type(qtbot, dialog.postal_code_edit, "30159")
    _type(qtbot, dialog.email_edit, "anna@example.org")
    assert dialog.save()
    assert not message.isVisible()
    assert volunteers.count_volunteers(office) == 1


def test_a_birth_date_in_the_future_is_refused(qtbot: QtBot, office: Store) -> None:
    dialog = VolunteerFormDialog(office)
    qtbot.addWidget(dialog)
    dialog.given_name_edit.setText("Anna")
    dialog.family_name_edit.setText("Beispiel")
    dialog.birth_date_edit.setText(f"01.01.{date.today().year + 1}")
    assert not dialog.save()
    assert "Zukunft" in dialog._fields["birth_date"].message.text()


def test_empty_names_are_refused(qtbot: QtBot, office: Store) -> None:
    dialog = VolunteerFormDialog(office)
    qtbot.addWidget(dialog)
    assert not dialog.save()
    assert dialog._fields["given_name"].message.text() == "Vorname darf nicht leer sein."


def test_unsaved_changes_guard_on_closing(
    qtbot: QtBot, office: Store, people: dict[str, str], message_boxes
) -> None:  # type: ignore[no-untyped-def]
    dialog = VolunteerFormDialog(office, people["Łukasz Kowalski"])
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.is_dirty()
    dialog.reject()  # nothing changed: closes without a question
    assert message_boxes.asked == []

    dialog = VolunteerFormDialog(office, people["Łukasz Kowalski"])
    qtbot.addWidget(dialog)
    dialog.show()
    _type(qtbot, dialog.phone_edit, "0441 998877")
    assert dialog.is_dirty()
    assert dialog.summary_label.text() == "Ungespeicherte Änderungen"

    message_boxes.answer = QMessageBox.StandardButton.Cancel
    dialog.reject()
    assert dialog.isVisible()
    assert "Kowalski" in message_boxes.asked[-1]

    message_boxes.answer = QMessageBox.StandardButton.Discard
    dialog.close()
    assert not dialog.isVisible()
    assert volunteers.get_volunteer(office, people["Łukasz Kowalski"]).phone == ""

    dialog = VolunteerFormDialog(office, people["Łukasz Kowalski"])
    qtbot.addWidget(dialog)
    dialog.show()
    _type(qtbot, dialog.phone_edit, "0441 998877")
    message_boxes.answer = QMessageBox.StandardButton.Save
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert volunteers.get_volunteer(office, people["Łukasz Kowalski"]).phone == "0441 998877"


def test_save_keeps_a_failed_check_open(
    qtbot: QtBot, office: Store, people: dict[str, str], message_boxes
) -> None:  # type: ignore[no-untyped-def]
    dialog = VolunteerFormDialog(office, people["İlkay Şahin"])
    qtbot.addWidget(dialog)
    dialog.show()
    _type(qtbot, dialog.agreement_edit, "gestern")
    message_boxes.answer = QMessageBox.StandardButton.Save
    dialog.reject()
    assert dialog.isVisible()  # the date is wrong: the file stays open with its message
    assert dialog._fields["agreement_signed_on"].message.isVisible()


def test_existing_file_shows_every_tab(qtbot: QtBot, office: Store, people: dict[str, str]) -> None:
    person = people["İlkay Şahin"]
    dialog = VolunteerFormDialog(office, person)
    qtbot.addWidget(dialog)
    assert dialog.tabs.count() == 6
    assert [dialog.tabs.tabText(i).replace("&", "") for i in range(6)] == [
        "Person",
        "Sprachen  Interessen",
        "Qualifizierung",
        "Begleitung",
        "Einwilligungen",
        "Verlauf",
    ]
    assert dialog.heading.text() == "İlkay Şahin"
    assert [row.value() for row in dialog.language_rows] == [
        ("Deutsch", "C1"),
        ("Türkisch", "muttersprache"),
    ]
    assert dialog.history_table.model().rowCount() == 1
    assert "noch nicht möglich" in dialog.certificate_label.text()
    assert dialog.mentoring_label.text() == "Noch keine Begleitungen."


def test_qualification_tab_shows_hours_and_certificate_state(
    qtbot: QtBot, office: Store, people: dict[str, str]
) -> None:
    person = people["İlkay Şahin"]
    course_id = courses.add_course(
        office,
        module_code="BASIS",
        title="Basis Herbst",
        session_dates=[date(2026, 9, day) for day in (1, 2, 3, 4)],
        units_per_session=12,
    )
    courses.enrol_volunteers(
        office, course_id=course_id, volunteer_ids=[person], enrolled_on=date(2026, 8, 1)
    )
    detail = courses.get_course(office, course_id)
    first_three = [session.id for session in detail.sessions[:3]]
    for session_id in first_three:
        courses.set_attendance(
            office,
            course_id=course_id,
            session_id=session_id,
            volunteer_ids=[person],
            state="anwesend",
        )
    dialog = VolunteerFormDialog(office, person)
    qtbot.addWidget(dialog)
    assert len(dialog.module_cards) == 1
    card = dialog.module_cards[0]
    assert "noch" in card.state_label.text()  # 36 of 38.4 units: not yet
    assert "noch nicht möglich" in dialog.certificate_label.text()

    courses.set_attendance(
        office,
        course_id=course_id,
        session_id=detail.sessions[3].id,
        volunteer_ids=[person],
        state="anwesend",
    )
    dialog = VolunteerFormDialog(office, person)
    qtbot.addWidget(dialog)
    assert progress.volunteer_progress(office, person).qualified
    assert dialog.certificate_label.text().startswith("✔ Zertifikat möglich")
    assert "abgeschlossen am 04.09.2026" in dialog.module_cards[0].state_label.text()


def test_migration_history_needs_a_consent(
    qtbot: QtBot, office: Store, people: dict[str, str], message_boxes
) -> None:  # type: ignore[no-untyped-def]
    person = people["Олена Шевченко"]
    dialog = VolunteerFormDialog(office, person)
    qtbot.addWidget(dialog)
    assert not dialog.migration_combo.isEnabled()
    dialog.consent_purpose_combo.setCurrentIndex(
        dialog.consent_purpose_combo.findData(ConsentPurpose.MIGRATION_HISTORY.value)
    )
    dialog.consent_version_edit.setText("2026-01")
    assert dialog.record_consent()
    assert dialog.migration_combo.isEnabled()
    assert not dialog.is_dirty()
    dialog.migration_combo.setCurrentIndex(1)
    dialog.origin_edit.setText("Ukraine")
    assert dialog.save()
    assert volunteers.get_volunteer(office, person).origin_country == "Ukraine"

    dialog.consents_table.selectRow(0)
    message_boxes.answer = QMessageBox.StandardButton.Yes
    assert dialog.withdraw_button.isEnabled()
    assert dialog.withdraw_consent()
    assert "gelöscht" in message_boxes.asked[-1]
    stored = volunteers.get_volunteer(office, person)
    assert stored.origin_country == "" and stored.migration_experience is None
    assert not dialog.migration_combo.isEnabled() and dialog.origin_edit.text() == ""
    assert not dialog.is_dirty()


def test_a_possible_duplicate_is_asked_about(
    qtbot: QtBot, office: Store, people: dict[str, str], message_boxes
) -> None:  # type: ignore[no-untyped-def]
    dialog = VolunteerFormDialog(office)
    qtbot.addWidget(dialog)
    dialog.given_name_edit.setText("Ilkay")
    dialog.family_name_edit.setText("Sahin")
    message_boxes.answer = QMessageBox.StandardButton.No
    assert not dialog.save()
    assert volunteers.count_volunteers(office) == 5
    message_boxes.answer = QMessageBox.StandardButton.Yes
    assert dialog.save()
    assert volunteers.count_volunteers(office) == 6


def test_tab_order_follows_the_form(qtbot: QtBot, office: Store) -> None:
    dialog = VolunteerFormDialog(office)
    qtbot.addWidget(dialog)
    expected = [
        dialog.given_name_edit,
        dialog.family_name_edit,
        dialog.title_combo,
        dialog.birth_date_edit,
        dialog.street_edit,
        dialog.postal_code_edit,
        dialog.city_edit,
        dialog.phone_edit,
        dialog.email_edit,
        dialog.status_combo,
        dialog.agreement_edit,
        dialog.police_on_edit,
        dialog.police_by_edit,
    ]
    seen = []
    widget = dialog.given_name_edit
    for _step in range(200):
        if widget in expected and widget not in seen:
            seen.append(widget)
        widget = widget.nextInFocusChain()
    assert seen == expected
    for field in expected:
        assert field.toolTip() or field is dialog.street_edit or field is dialog.city_edit


def _activate(qtbot: QtBot, dialog: QWidget) -> None:
    """Shortcuts need an active window; the offscreen platform activates none by itself."""
    dialog.show()
    qtbot.waitExposed(dialog)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        QApplication.setActiveWindow(dialog)


def test_alt_s_saves_and_every_mnemonic_is_unique(qtbot: QtBot, office: Store) -> None:
    """Alt+S used to open the tab „Sprachen & Interessen“ instead of saving."""
    dialog = VolunteerFormDialog(office)
    qtbot.addWidget(dialog)
    _activate(qtbot, dialog)
    assert dialog.save_button.text() == "&Speichern"
    assert dialog.tabs.tabText(1) == "Sprachen && &Interessen"

    def mnemonic(text: str) -> str:
        cleaned = text.replace("&&", "")
        return cleaned[cleaned.index("&") + 1].lower() if "&" in cleaned else ""

    always = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    always += [b.text() for b in dialog.buttons.buttons()]
    for index in range(dialog.tabs.count()):
        page = dialog.tabs.widget(index)
        own = [w.text() for w in page.findChildren(QLabel) + page.findChildren(QPushButton)]
        keys = [k for k in map(mnemonic, always + own) if k]
        assert len(keys) == len(set(keys)), (dialog.tabs.tabText(index), keys)

    dialog.given_name_edit.setText("Олена")
    dialog.family_name_edit.setText("Шевченко")
    saved: list[object] = []
    dialog.saved.connect(lambda: saved.append(True))
    qtbot.keyClick(dialog.given_name_edit, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    assert dialog.tabs.currentIndex() == 0
    qtbot.waitUntil(lambda: bool(saved), timeout=2000)  # a mnemonic "animates" the click
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_ctrl_s_still_saves(qtbot: QtBot, office: Store) -> None:
    dialog = VolunteerFormDialog(office)
    qtbot.addWidget(dialog)
    _activate(qtbot, dialog)
    dialog.given_name_edit.setText("Łukasz")
    dialog.family_name_edit.setText("Nowak")
    qtbot.keyClick(dialog.given_name_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_qualification_tab_names_required_modules_without_a_course(
    qtbot: QtBot, office: Store, people: dict[str, str]
) -> None:
    """„Basismodul not completed“ over an empty list left people guessing."""
    from lotsen_desktop.services import setup

    person = people["Олена Шевченко"]
    dialog = VolunteerFormDialog(office, person)
    qtbot.addWidget(dialog)
    assert dialog.module_cards == []
    assert [label.text() for label in dialog.missing_labels] == [
        "Basismodul: noch kein Kurs belegt"
    ]

    setup.update_office(office, specialisations_required=2)
    dialog = VolunteerFormDialog(office, person)
    qtbot.addWidget(dialog)
    assert [label.text() for label in dialog.missing_labels] == [
        "Basismodul: noch kein Kurs belegt",
        "Spezialisierungsmodule: noch kein Kurs belegt (2 weitere erforderlich)",
    ]

    course_id = courses.add_course(
        office,
        module_code="BASIS",
        title="Basis Herbst",
        session_dates=[date(2026, 9, 1)],
        units_per_session=4,
    )
    courses.enrol_volunteers(office, course_id=course_id, volunteer_ids=[person])
    dialog = VolunteerFormDialog(office, person)
    qtbot.addWidget(dialog)
    assert len(dialog.module_cards) == 1
    assert [label.text() for label in dialog.missing_labels] == [
        "Spezialisierungsmodule: noch kein Kurs belegt (2 weitere erforderlich)"
    ]
