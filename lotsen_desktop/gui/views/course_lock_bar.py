"""The course page's lock bar: finished and locked? unlock with a reason, lock again; and which
issued documents no longer agree with the course, with "revoke and issue anew" (issue 11, item 3).

It also asks before a change that may touch issued documents is saved (``confirm_change``).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from lotsen_desktop.errors import LotsenError
from lotsen_desktop.gui.views import feedback
from lotsen_desktop.i18n import _
from lotsen_desktop.services import certificates, course_lock
from lotsen_desktop.services.course_lock import LockState
from lotsen_desktop.store.database import Store


def ask_reason(parent: QWidget, title: str, label: str) -> str | None:
    """A short reason typed by the user; ``None`` if cancelled (tests replace this)."""
    text, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, "")
    return text.strip() if ok else None


class CourseLockBar(QWidget):
    """State and buttons of a course's lock, and the documents its changes made wrong.

    ``changed`` after the lock or the register changed (the page reloads the course).
    ``message(text, kind)`` for the page's inline message.
    """

    changed = Signal()
    message = Signal(str, str)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.course_id: str | None = None
        self.state: LockState | None = None
        self.outdated: list[certificates.AffectedDocument] = []
        self._confirmed: set[str] = set()
        self.state_label = QLabel(self)
        self.state_label.setWordWrap(True)
        self.state_label.setTextFormat(Qt.TextFormat.PlainText)
        self.finish_button = QPushButton(self)
        self.finish_button.clicked.connect(self.finish)
        self.unlock_button = QPushButton(self)
        self.unlock_button.clicked.connect(self.unlock)
        self.relock_button = QPushButton(self)
        self.relock_button.clicked.connect(self.relock)
        self.outdated_label = QLabel(self)
        self.outdated_label.setWordWrap(True)
        self.outdated_label.setTextFormat(Qt.TextFormat.PlainText)
        self.outdated_label.setStyleSheet("color: #8a4b00;")
        self.reissue_button = QPushButton(self)
        self.reissue_button.clicked.connect(self.reissue)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.state_label, 1)
        for button in (self.finish_button, self.unlock_button, self.relock_button):
            top.addWidget(button)
        bottom = QHBoxLayout()
        bottom.setContentsMargins(0, 0, 0, 0)
        bottom.addWidget(self.outdated_label, 1)
        bottom.addWidget(self.reissue_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addLayout(bottom)
        self.retranslate()
        self.load(None)

    # --- state -----------------------------------------------------------------------------

    @property
    def locked(self) -> bool:
        return self.state is not None and self.state.locked

    def load(self, course_id: str | None) -> None:
        """Show the lock and the outdated documents of a course (``None``: nothing)."""
        if course_id != self.course_id:
            self._confirmed.clear()
        self.course_id = course_id
        self.state = course_lock.lock_state(self.store, course_id) if course_id else None
        self.outdated = (
            certificates.outdated_documents(self.store, course_id=course_id) if course_id else []
        )
        self._show()

    def _show(self) -> None:
        state = self.state
        self.setVisible(state is not None)
        if state is None:
            return
        last = state.last
        if last is None:
            self.state_label.setText(
                _("All sessions are over: finish the course to lock its attendance.")
                if state.sessions_over
                else ""
            )
        else:
            when = last.local_time.strftime("%d.%m.%Y %H:%M")
            reason = f" – {last.reason}" if last.reason else ""
            if state.locked:
                text = _("Finished and locked since {when} ({user}){reason}.")
            else:
                text = _("Unlocked on {when} by {user}{reason}. Lock it again when done.")
            self.state_label.setText(text.format(when=when, user=last.acted_by, reason=reason))
        self.finish_button.setVisible(last is None)
        self.unlock_button.setVisible(state.locked)
        self.relock_button.setVisible(last is not None and not state.locked)
        self.state_label.setAccessibleName(self.state_label.text())
        if self.outdated:
            self.outdated_label.setText(
                _("These issued documents no longer agree with the course:")
                + "\n"
                + certificates.describe(self.outdated)
            )
        self.outdated_label.setVisible(bool(self.outdated))
        self.reissue_button.setVisible(bool(self.outdated))

    def retranslate(self) -> None:
        self.finish_button.setText(_("Finish course…"))
        self.finish_button.setToolTip(
            _("Mark the course finished: sessions, attendance and participants are locked")
        )
        self.unlock_button.setText(_("Unlock…"))
        self.unlock_button.setToolTip(
            _("Unlock the finished course to correct it; the reason is recorded")
        )
        self.relock_button.setText(_("Lock again"))
        self.relock_button.setToolTip(_("Lock the finished course again"))
        self.reissue_button.setText(_("Revoke and issue anew…"))
        self.reissue_button.setToolTip(
            _("Revoke these documents and issue the current version where one is due")
        )
        for button in (
            self.finish_button,
            self.unlock_button,
            self.relock_button,
            self.reissue_button,
        ):
            button.setAccessibleName(button.text().replace("…", ""))
        if self.state is not None:
            self._show()

    # --- actions ---------------------------------------------------------------------------

    def _run(self, action: object) -> bool:
        try:
            action()  # type: ignore[operator]
        except LotsenError as error:
            self.message.emit(str(error), "error")
            return False
        self.load(self.course_id)
        self.changed.emit()
        return True

    def finish(self) -> None:
        course_id = self.course_id
        if course_id is None:
            return
        if not feedback.confirm(
            self,
            _("Finish course"),
            _(
                "Finish the course? Its sessions, attendance and participants are then locked "
                "until somebody unlocks it on purpose, with a reason."
            ),
        ):
            return
        if self._run(lambda: course_lock.finish_course(self.store, course_id)):
            self.message.emit(_("The course is finished and locked."), "info")

    def unlock(self) -> None:
        course_id = self.course_id
        if course_id is None:
            return
        reason = ask_reason(
            self,
            _("Unlock course"),
            _("Why is the finished course unlocked? (recorded with your name)"),
        )
        if reason is None:
            return
        if self._run(lambda: course_lock.unlock_course(self.store, course_id, reason=reason)):
            self.message.emit(
                _("The course is unlocked. Lock it again when the correction is done."), "info"
            )

    def relock(self) -> None:
        course_id = self.course_id
        if course_id is not None and self._run(
            lambda: course_lock.relock_course(self.store, course_id)
        ):
            self.message.emit(_("The course is locked again."), "info")

    def reissue(self) -> None:
        documents = list(self.outdated)
        if not documents:
            return
        reason = ask_reason(
            self,
            _("Revoke and issue anew"),
            _("Revoke these documents and issue them anew:")
            + "\n"
            + certificates.describe(documents)
            + "\n\n"
            + _("Reason for the revocation:"),
        )
        if reason is None:
            return
        done: list[certificates.Reissued] = []

        def run() -> None:
            done.extend(
                certificates.revoke_and_reissue(
                    self.store, [d.serial for d in documents], reason=reason
                )
            )

        if self._run(run):
            lines = [
                _("{old} revoked, new: {new}").format(old=d.revoked, new=d.serial)
                if d.serial
                else _("{old} revoked; no new document is due").format(old=d.revoked)
                for d in done
            ]
            self.message.emit(
                "\n".join(lines) + "\n" + _("Print the new documents on the Zertifikate page."),
                "info",
            )

    def confirm_change(self, volunteer_ids: Sequence[str] | None = None) -> bool:
        """Before saving a change for these people (``None``: the whole course): ask if it may
        touch issued documents. Asked once per person while the course is open."""
        if self.course_id is None:
            return True
        if volunteer_ids is not None:
            wanted = [v for v in volunteer_ids if v not in self._confirmed]
            if not wanted:
                return True
        else:
            wanted = None
        at_stake = certificates.documents_at_stake(
            self.store, course_id=self.course_id, volunteer_ids=wanted
        )
        if not at_stake:
            return True
        ok = feedback.confirm(
            self,
            _("Issued documents"),
            _("Documents were issued that this change may make wrong:")
            + "\n"
            + certificates.describe(at_stake)
            + "\n\n"
            + _(
                "Save the change anyway? Afterwards the course page names the documents that "
                "no longer agree and offers to revoke and issue them anew."
            ),
        )
        if ok:
            self._confirmed.update(d.volunteer_id for d in at_stake if d.volunteer_id)
            if wanted:
                self._confirmed.update(wanted)
        return ok


__all__ = ["CourseLockBar", "ask_reason"]
