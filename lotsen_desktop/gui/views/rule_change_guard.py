"""Before the office's rules change (threshold, required specialisations, module hours): ask if
issued documents may be affected; afterwards name those that no longer agree and offer to revoke
and issue them anew (issue 11, item 3). Used by the settings page's save."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget

from lotsen_desktop.errors import LotsenError
from lotsen_desktop.gui.views import course_lock_bar, feedback
from lotsen_desktop.i18n import _, ngettext
from lotsen_desktop.services import certificates, setup
from lotsen_desktop.store.database import Store

RULE_FIELDS = ("threshold_percent", "specialisations_required")
MODULE_RULE_FIELDS = ("hours", "threshold_percent", "clear_threshold")
SHOWN = 8
"""Documents named in a question; the rest are counted."""


def changes_rules(
    store: Store, values: Mapping[str, Any], pending: Mapping[str, Mapping[str, Any]]
) -> bool:
    """Whether saving ``values`` (office) and ``pending`` (module edits) changes a rule."""
    office = setup.get_office(store)
    if any(f in values and values[f] != getattr(office, f) for f in RULE_FIELDS):
        return True
    return any(f in changes for changes in pending.values() for f in MODULE_RULE_FIELDS)


def _listing(documents: list[certificates.AffectedDocument]) -> str:
    text = certificates.describe(documents[:SHOWN])
    if len(documents) > SHOWN:
        rest = len(documents) - SHOWN
        text += "\n" + ngettext("… and {n} more", "… and {n} more", rest).format(n=rest)
    return text


def confirm(
    parent: QWidget,
    store: Store,
    values: Mapping[str, Any],
    pending: Mapping[str, Mapping[str, Any]],
) -> bool:
    """Ask before a rule change while valid documents exist; ``True`` to save."""
    if not changes_rules(store, values, pending):
        return True
    at_stake = certificates.documents_at_stake(store)
    if not at_stake:
        return True
    return feedback.confirm(
        parent,
        _("Issued documents"),
        ngettext(
            "{n} valid document was issued under the present rules:",
            "{n} valid documents were issued under the present rules:",
            len(at_stake),
        ).format(n=len(at_stake))
        + "\n"
        + _listing(at_stake)
        + "\n\n"
        + _(
            "Save the new rules anyway? Afterwards the documents that no longer agree are named "
            "and can be revoked and issued anew."
        ),
    )


def offer_reissue(parent: QWidget, store: Store) -> list[certificates.Reissued]:
    """After a rule change: name the documents that no longer agree, offer to revoke and reissue."""
    outdated = certificates.outdated_documents(store)
    if not outdated:
        return []
    reason = course_lock_bar.ask_reason(
        parent,
        _("Revoke and issue anew"),
        _("These issued documents no longer agree with the new rules:")
        + "\n"
        + _listing(outdated)
        + "\n\n"
        + _("Reason for the revocation (Cancel keeps them as they are):"),
    )
    if reason is None:
        return []
    try:
        done = certificates.revoke_and_reissue(store, [d.serial for d in outdated], reason=reason)
    except LotsenError as error:
        QMessageBox.warning(parent, _("Revoke and issue anew"), str(error))
        return []
    return done


__all__ = ["changes_rules", "confirm", "offer_reissue"]
