"""A course batch as one unit of work: one progress read, one transaction, all or nothing.

These count what reaches the database (statements and commits on the engine), so they fail if
the batch goes back to one progress query or one transaction per participant, or leaves a
half-written register behind after a cancel or an error.
"""

from __future__ import annotations

import dataclasses
import errno
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from certificate_fixtures import add_course, add_people, configure_office
from pypdf import PdfReader
from sqlalchemy import event, func, select

from lotsen_desktop import documents, files
from lotsen_desktop.documents.data import canonical_json, to_content
from lotsen_desktop.errors import LotsenError, ValidationError
from lotsen_desktop.services import certificates, progress
from lotsen_desktop.services.certificates import register
from lotsen_desktop.store.database import Store
from lotsen_desktop.store.models import Certificate

ISSUED = date(2026, 11, 24)
KINDS = ("zertifikat", "teilnahmebescheinigung")


@contextmanager
def recorded_sql(store: Store) -> Iterator[list[str]]:
    """Every statement the engine sends, and ``COMMIT`` for every commit, in order."""
    seen: list[str] = []

    def on_statement(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(" ".join(statement.split()))

    def on_commit(_conn: Any) -> None:
        seen.append("COMMIT")

    event.listen(store.engine, "before_cursor_execute", on_statement)
    event.listen(store.engine, "commit", on_commit)
    try:
        yield seen
    finally:
        event.remove(store.engine, "before_cursor_execute", on_statement)
        event.remove(store.engine, "commit", on_commit)


def register_serials(store: Store) -> list[str]:
    with store.new_session() as session:
        return sorted(session.scalars(select(Certificate.serial)))


def register_count(store: Store) -> int:
    with store.new_session() as session:
        return int(session.scalar(select(func.count(Certificate.id))) or 0)


def course_of(store: Store, size: int, title: str) -> tuple[list[str], str]:
    people = [(f"Teilnehmerin {i:02d} {title}", "Şahin-Nguyễn", "lotsin") for i in range(size)]
    ids = add_people(store, people)
    return ids, add_course(store, ids, title=title)


def batch(
    store: Store,
    course_id: str,
    out: Path,
    kind: str = "zertifikat",
    callback: Callable[[int, int], bool] | None = None,
) -> certificates.BatchResult:
    return certificates.issue_course_batch(
        store,
        course_id=course_id,
        out_dir=out,
        kind=kind,
        progress=callback,
        issued_on=ISSUED,
    )


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.fixture
def office(store: Store) -> Store:
    configure_office(store)
    return store


@pytest.mark.parametrize("kind", KINDS)
def test_a_larger_course_costs_no_more_queries(
    office: Store, tmp_path: Path, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = office
    _few, small = course_of(store, 2, "Klein")
    _many, large = course_of(store, 9, "Groß")
    calls: list[str] = []
    for name in ("volunteer_progress", "course_progress", "progress_of"):
        original = getattr(progress, name)

        def spy(*args: Any, _name: str = name, _original: Any = original, **kw: Any) -> Any:
            calls.append(_name)
            return _original(*args, **kw)

        monkeypatch.setattr(progress, name, spy)

    with recorded_sql(store) as small_sql:
        assert len(batch(store, small, tmp_path / "small", kind).documents) == 2
    small_calls = list(calls)
    calls.clear()
    with recorded_sql(store) as large_sql:
        assert len(batch(store, large, tmp_path / "large", kind).documents) == 9

    assert len(large_sql) == len(small_sql), "statements grow with the number of participants"
    expected = ["progress_of"] if kind == "zertifikat" else ["course_progress"]
    assert small_calls == expected and calls == expected


def test_all_entries_are_registered_in_one_transaction(office: Store, tmp_path: Path) -> None:
    store = office
    _ids, course_id = course_of(store, 7, "Herbst")
    with recorded_sql(store) as sql:
        result = batch(store, course_id, tmp_path / "out")
    commits = [i for i, statement in enumerate(sql) if statement == "COMMIT"]
    inserts = [i for i, s in enumerate(sql) if s.startswith("INSERT INTO certificate ")]
    assert len(result.documents) == 7 and register_count(store) == 7
    assert len(commits) == 1, sql
    assert inserts and max(inserts) < commits[0]


@pytest.mark.parametrize("stop_at", [0, 1, 4])
def test_a_cancelled_batch_keeps_no_entry_and_no_file(
    office: Store, tmp_path: Path, stop_at: int
) -> None:
    """Decided: a batch is one unit. Cancelled, it keeps nothing, not even finished files."""
    store = office
    _ids, course_id = course_of(store, 5, "Sommer")
    out = tmp_path / "out"
    result = batch(store, course_id, out, callback=lambda done, _total: done < stop_at)
    assert result.cancelled and result.documents == () and result.combined is None
    assert register_count(store) == 0
    assert files_in(out) == []

    # the register stays consistent: the next batch numbers from the start, without gaps
    again = batch(store, course_id, out)
    assert [d.serial for d in again.documents] == [f"IL-2026-{n:04d}" for n in range(1, 6)]
    assert again.combined is not None
    expected = sorted([d.path.name for d in again.documents if d.path] + [again.combined.name])
    assert files_in(out) == expected


def test_an_error_in_the_middle_keeps_no_entry_and_no_file(
    office: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = office
    _ids, course_id = course_of(store, 5, "Winter")
    real_render = documents.render_pdf
    rendered: list[int] = []

    def failing_render(*args: Any, **kwargs: Any) -> bytes:
        rendered.append(1)
        if len(rendered) == 4:
            raise ValidationError("printer on fire")
        return real_render(*args, **kwargs)

    monkeypatch.setattr(documents, "render_pdf", failing_render)
    with pytest.raises(ValidationError):
        batch(store, course_id, tmp_path / "out")
    assert register_count(store) == 0
    assert files_in(tmp_path / "out") == []


def test_a_serial_taken_meanwhile_is_allocated_again(office: Store, tmp_path: Path) -> None:
    """Another window issues a document while the batch renders: the batch renumbers itself."""
    store = office
    ids, course_id = course_of(store, 4, "Frühling")
    taken: list[str] = []

    def other_window(done: int, _total: int) -> bool:
        if done == 2 and not taken:
            other = certificates.issue_certificate(store, volunteer_id=ids[0], issued_on=ISSUED)
            taken.append(other.serial)
        return True

    out = tmp_path / "out"
    result = batch(store, course_id, out, kind="teilnahmebescheinigung", callback=other_window)
    assert taken == ["IL-2026-0001"]
    assert [d.serial for d in result.documents] == [f"IL-2026-{n:04d}" for n in range(2, 6)]
    assert register_serials(store) == [f"IL-2026-{n:04d}" for n in range(1, 6)]
    assert not any(name.endswith(".partial") for name in files_in(out))
    for doc in result.documents:
        assert doc.path is not None
        text = " ".join(p.extract_text() or "" for p in PdfReader(doc.path).pages)
        assert doc.code in " ".join(text.split())
    assert result.combined is not None
    combined = PdfReader(io.BytesIO(result.combined.read_bytes()))
    combined_text = " ".join(p.extract_text() or "" for p in combined.pages)
    assert all(d.serial in combined_text for d in result.documents)


def test_progress_of_many_equals_each_persons_progress(office: Store) -> None:
    store = office
    ids, _course = course_of(store, 3, "Basis")
    add_course(store, ids[:1], module_code="NACH-PRAXIS", title="Praxis", sessions=4)
    many = progress.progress_of(store, [*ids, ids[0]])
    assert set(many) == set(ids)
    for volunteer_id in ids:
        assert many[volunteer_id] == progress.volunteer_progress(store, volunteer_id)


def test_a_full_disk_keeps_no_entry_and_no_file(
    office: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = office
    _ids, course_id = course_of(store, 5, "Herbstferien")
    real_write = files._write_file
    written: list[Path] = []

    def filling_disk(path: Path, data: bytes, flush: bool) -> None:
        written.append(path)
        if len(written) == 3:
            path.write_bytes(data[:100])
            raise OSError(errno.ENOSPC, "No space left on device")
        real_write(path, data, flush)

    monkeypatch.setattr(files, "_write_file", filling_disk)
    with pytest.raises(LotsenError):
        batch(store, course_id, tmp_path / "out")
    assert register_count(store) == 0
    assert files_in(tmp_path / "out") == []


def test_identical_documents_are_found_without_parsing_earlier_entries(office: Store) -> None:
    """The text key of a stored entry equals the canonical content without serial and date."""
    store = office
    ids = add_people(store)  # names with quotes, <b>, & and non-Latin letters
    course_id = add_course(store, ids)
    for volunteer_id in ids:
        data = certificates.participation_data(
            store, course_id=course_id, volunteer_id=volunteer_id, issued_on=ISSUED
        )
        serial = 'IL-2026-0042"x'
        stored = canonical_json(to_content(dataclasses.replace(data, serial=serial)))
        without = canonical_json(register.without_identity(to_content(data)))
        assert register.content_key(stored, serial, ISSUED) == without
