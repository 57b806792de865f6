"""What an import did or would do, in words: "12 neue Anwesenheiten, 3 geänderte Personen, 1 Konflikt"."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from lotsen_desktop.i18n import N_, _, ngettext

CATEGORY_OF_TABLE = {
    "office": "office",
    "volunteer": "person",
    "volunteer_language": "detail",
    "volunteer_interest": "detail",
    "status_change": "detail",
    "consent": "detail",
    "intake_conversation": "detail",
    "module": "module",
    "course": "course",
    "course_session": "session",
    "course_lock": "course",
    "enrolment": "enrolment",
    "attendance": "attendance",
    "help_request": "request",
    "request_offer": "request",
    "assignment": "assignment",
    "log_entry": "log",
    "reflection_meeting": "meeting",
    "reflection_attendee": "meeting",
    "certificate": "certificate",
    "log_entry_change": "log",
}
CATEGORY_ORDER = (
    "attendance",
    "person",
    "detail",
    "enrolment",
    "session",
    "course",
    "module",
    "certificate",
    "request",
    "assignment",
    "log",
    "meeting",
    "office",
)

TABLE_LABELS = {
    "office": N_("Office settings"),
    "volunteer": N_("Person"),
    "volunteer_language": N_("Language"),
    "volunteer_interest": N_("Area of interest"),
    "status_change": N_("Status change"),
    "consent": N_("Consent"),
    "intake_conversation": N_("Intake conversation"),
    "module": N_("Module"),
    "course": N_("Course"),
    "course_session": N_("Session"),
    "course_lock": N_("Course lock"),
    "enrolment": N_("Enrolment"),
    "attendance": N_("Attendance"),
    "help_request": N_("Request"),
    "request_offer": N_("Request offer"),
    "assignment": N_("Mentoring assignment"),
    "log_entry": N_("Mentoring log entry"),
    "reflection_meeting": N_("Reflection meeting"),
    "reflection_attendee": N_("Reflection meeting participant"),
    "certificate": N_("Certificate"),
    "log_entry_change": N_("Earlier values of a mentoring log entry"),
}


def table_label(table: str) -> str:
    return _(TABLE_LABELS.get(table, table))


_NEW: dict[str, Callable[[int], str]] = {
    "attendance": lambda n: ngettext("{n} new attendance mark", "{n} new attendance marks", n),
    "person": lambda n: ngettext("{n} new person", "{n} new persons", n),
    "detail": lambda n: ngettext("{n} new personal detail", "{n} new personal details", n),
    "enrolment": lambda n: ngettext("{n} new enrolment", "{n} new enrolments", n),
    "session": lambda n: ngettext("{n} new session", "{n} new sessions", n),
    "course": lambda n: ngettext("{n} new course", "{n} new courses", n),
    "module": lambda n: ngettext("{n} new module", "{n} new modules", n),
    "certificate": lambda n: ngettext("{n} new certificate", "{n} new certificates", n),
    "request": lambda n: ngettext("{n} new request entry", "{n} new request entries", n),
    "assignment": lambda n: ngettext(
        "{n} new mentoring assignment", "{n} new mentoring assignments", n
    ),
    "log": lambda n: ngettext("{n} new log entry", "{n} new log entries", n),
    "meeting": lambda n: ngettext(
        "{n} new reflection meeting entry", "{n} new reflection meeting entries", n
    ),
    "office": lambda n: ngettext("{n} new office profile", "{n} new office profiles", n),
}
_CHANGED: dict[str, Callable[[int], str]] = {
    "attendance": lambda n: ngettext(
        "{n} changed attendance mark", "{n} changed attendance marks", n
    ),
    "person": lambda n: ngettext("{n} changed person", "{n} changed persons", n),
    "detail": lambda n: ngettext("{n} changed personal detail", "{n} changed personal details", n),
    "enrolment": lambda n: ngettext("{n} changed enrolment", "{n} changed enrolments", n),
    "session": lambda n: ngettext("{n} changed session", "{n} changed sessions", n),
    "course": lambda n: ngettext("{n} changed course", "{n} changed courses", n),
    "module": lambda n: ngettext("{n} changed module", "{n} changed modules", n),
    "certificate": lambda n: ngettext("{n} changed certificate", "{n} changed certificates", n),
    "request": lambda n: ngettext("{n} changed request entry", "{n} changed request entries", n),
    "assignment": lambda n: ngettext(
        "{n} changed mentoring assignment", "{n} changed mentoring assignments", n
    ),
    "log": lambda n: ngettext("{n} changed log entry", "{n} changed log entries", n),
    "meeting": lambda n: ngettext(
        "{n} changed reflection meeting entry", "{n} changed reflection meeting entries", n
    ),
    "office": lambda n: ngettext(
        "{n} change to the office settings", "{n} changes to the office settings", n
    ),
}
_DELETED: dict[str, Callable[[int], str]] = {
    "attendance": lambda n: ngettext(
        "{n} deleted attendance mark", "{n} deleted attendance marks", n
    ),
    "person": lambda n: ngettext("{n} deleted person", "{n} deleted persons", n),
    "detail": lambda n: ngettext("{n} deleted personal detail", "{n} deleted personal details", n),
    "enrolment": lambda n: ngettext("{n} deleted enrolment", "{n} deleted enrolments", n),
    "session": lambda n: ngettext("{n} deleted session", "{n} deleted sessions", n),
    "course": lambda n: ngettext("{n} deleted course", "{n} deleted courses", n),
    "module": lambda n: ngettext("{n} deleted module", "{n} deleted modules", n),
    "certificate": lambda n: ngettext("{n} deleted certificate", "{n} deleted certificates", n),
    "request": lambda n: ngettext("{n} deleted request entry", "{n} deleted request entries", n),
    "assignment": lambda n: ngettext(
        "{n} deleted mentoring assignment", "{n} deleted mentoring assignments", n
    ),
    "log": lambda n: ngettext("{n} deleted log entry", "{n} deleted log entries", n),
    "meeting": lambda n: ngettext(
        "{n} deleted reflection meeting entry", "{n} deleted reflection meeting entries", n
    ),
    "office": lambda n: ngettext("{n} deleted office profile", "{n} deleted office profiles", n),
}


def by_category(counts: Mapping[str, int]) -> dict[str, int]:
    result: dict[str, int] = {}
    for table, count in counts.items():
        category = CATEGORY_OF_TABLE.get(table, "detail")
        result[category] = result.get(category, 0) + count
    return result


def describe(
    new: Mapping[str, int],
    changed: Mapping[str, int],
    deleted: Mapping[str, int],
    conflicts: int,
    duplicates: int = 0,
    pending: int = 0,
) -> str:
    """One line for the user, most interesting first; "Keine neuen Änderungen" when empty."""
    parts: list[str] = []
    for counts, phrases in ((new, _NEW), (changed, _CHANGED), (deleted, _DELETED)):
        grouped = by_category(counts)
        for category in CATEGORY_ORDER:
            n = grouped.get(category, 0)
            if n:
                parts.append(phrases[category](n).format(n=n))
    if conflicts:
        parts.append(ngettext("{n} conflict", "{n} conflicts", conflicts).format(n=conflicts))
    if duplicates:
        parts.append(
            ngettext("{n} possible duplicate", "{n} possible duplicates", duplicates).format(
                n=duplicates
            )
        )
    if pending:
        parts.append(
            ngettext(
                "{n} change waits for data from another machine",
                "{n} changes wait for data from another machine",
                pending,
            ).format(n=pending)
        )
    if not parts:
        return _("No new changes")
    return ", ".join(parts)
