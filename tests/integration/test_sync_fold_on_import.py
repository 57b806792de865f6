"""An import leaves out of the log what the compaction right after it would fold at once.

The automatic compaction after an import (``receive_file``) deletes every entry all partners
have seen; for a machine whose only partner is the sender that is the whole file. The import
now leaves those entries out in the first place (``compact.import_fold_limits``) and raises the
base instead: same states, same data, same later files, without writing and deleting them.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from sync_helpers import (
    PASS,
    digest,
    export,
    full_export,
    import_,
    log_keys,
    replica,
    trainer_with_mark,
)

from lotsen_desktop.services import courses, volunteers
from lotsen_desktop.store.database import Store
from lotsen_desktop.store.models import Attendance
from lotsen_desktop.sync import compact, exchange
from lotsen_desktop.sync.state import all_states, load_base, version_vector


def _site(store: Store) -> str:
    return exchange.site_info(store).site_id


def _base(store: Store) -> dict[str, int]:
    with store.new_session() as session:
        return load_base(session)


def _vector(store: Store) -> dict[str, int]:
    with store.new_session() as session:
        return version_vector(session)


def _states(store: Store) -> list[tuple[str, str, int, bool, str]]:
    """Every row state but those of the rows each machine ships with (stamped 0 by whichever
    site id sorts last)."""
    with store.new_session() as session:
        return [
            (s.tbl, s.row_id, s.gen, s.alive, text)
            for s in all_states(session)
            if '[0,"' not in (text := s.stamps.dumps())
        ]


def _office_with_people(office: Store, count: int = 6) -> list[str]:
    return [
        volunteers.add_volunteer(office, given_name=g, family_name=f"Şahin {n}")
        for n, g in enumerate(["İlkay", "Łukasz", "Олена", "Nguyễn Thị Ánh", 'A <&> "B"', "Jö"])
    ][:count]


@pytest.mark.sqlite_only
def test_a_new_machine_logs_none_of_the_senders_entries_and_goes_on_exchanging(
    tmp_path: Path, office: Store
) -> None:
    people = _office_with_people(office)
    file = full_export(office, tmp_path / "join")
    laptop = replica(tmp_path, "Laptop")
    summary = exchange.receive_file(laptop, file, passphrase=PASS)

    sender = _site(office)
    assert summary.received > 0
    assert summary.compacted is None or summary.compacted.folded == 0  # nothing left to fold
    assert not {k for k in log_keys(laptop) if k[0] == sender}
    assert _base(laptop)[sender] == _vector(office)[sender]
    assert _vector(laptop)[sender] == _vector(office)[sender]
    assert digest(laptop) == digest(office)

    # work goes on both ways, and a third machine joins through the laptop
    volunteers.update_volunteer(laptop, people[0], city="Celle")
    import_(office, export(laptop, tmp_path / "back", peer="Büro"))
    volunteers.update_volunteer(office, people[1], city="Peine")
    delta = exchange.export_file(
        office, tmp_path / "d", passphrase=PASS, peer="Laptop", kdf_n=2**10
    )
    assert delta.kind == "delta"
    import_(laptop, delta.path)
    third = replica(tmp_path, "Dritter")
    import_(third, full_export(laptop, tmp_path / "relay"))
    assert digest(third) == digest(laptop) == digest(office)
    assert volunteers.get_volunteer(third, people[1]).city == "Peine"
    third.close()
    laptop.close()


@pytest.mark.sqlite_only
def test_entries_a_second_partner_has_not_seen_stay_in_the_log_for_it(
    tmp_path: Path, office: Store, laptop: Store
) -> None:
    _office_with_people(office, 2)
    import_(laptop, full_export(office, tmp_path / "1"))
    import_(office, export(laptop, tmp_path / "1b", peer="Büro"))
    second = replica(tmp_path, "Zweiter")
    import_(second, full_export(laptop, tmp_path / "2"))
    import_(laptop, export(second, tmp_path / "3", peer="Laptop"))  # the laptop knows both now
    person = volunteers.add_volunteer(office, given_name="Neu", family_name="Person")
    before = log_keys(laptop)
    import_(laptop, export(office, tmp_path / "4", peer="Laptop"))

    kept = log_keys(laptop) - before
    assert kept and all(origin == _site(office) for origin, _seq in kept)
    delta = exchange.export_file(
        laptop, tmp_path / "5", passphrase=PASS, peer="Zweiter", kdf_n=2**10
    )
    assert delta.kind == "delta" and delta.changes >= len(kept)
    import_(second, delta.path)
    assert volunteers.get_volunteer(second, person).given_name == "Neu"
    second.close()


@pytest.mark.sqlite_only
def test_an_entry_that_waits_for_its_parent_keeps_the_log_as_without_folding(
    tmp_path: Path, office: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The merge is undone and done again with every entry logged: the base must stay below
    a waiting entry, or a later full export would leave it out."""
    vid = volunteers.add_volunteer(office, given_name="İlkay", family_name="Şahin")
    course_id = courses.add_course(
        office,
        module_code="BASIS",
        title="Kurs",
        session_dates=[date(2026, 3, 2)],
        units_per_session=2,
    )
    courses.enrol_volunteers(
        office, course_id=course_id, volunteer_ids=[vid], enrolled_on=date(2026, 1, 1)
    )
    session_id = courses.get_course(office, course_id).sessions[0].id
    trainer = trainer_with_mark(tmp_path, office, course_id, session_id, vid)
    volunteers.add_volunteer(trainer, given_name="Łukasz", family_name="Nowak")  # applied at once
    file = full_export(trainer, tmp_path / "t")

    folded = replica(tmp_path, "Gefaltet")
    summary = import_(folded, file)
    assert summary.pending == 1
    monkeypatch.setattr(compact, "import_fold_limits", lambda _session, _incoming: {})
    plain = replica(tmp_path, "Ungefaltet")
    assert import_(plain, file).pending == 1

    def received(store: Store) -> set[tuple[str, int]]:
        return {k for k in log_keys(store) if k[0] != _site(store)}

    assert received(folded) == received(plain) != set()
    assert _base(folded) == _base(plain) == {}
    assert _states(folded) == _states(plain) != []
    assert digest(folded) == digest(plain)
    monkeypatch.undo()
    import_(folded, full_export(office, tmp_path / "o"))  # the parents arrive
    with folded.new_session() as session:
        assert session.scalars(select(Attendance.state)).all() == ["anwesend"]
    for store in (trainer, folded, plain):
        store.close()


def test_a_shared_server_database_logs_everything_it_receives(
    tmp_path: Path, office: Store, laptop: Store
) -> None:
    """On SQLite the laptop folds at the import; a server keeps its log (compacted by hand)."""
    _office_with_people(office, 2)
    import_(laptop, full_export(office, tmp_path / "1"))
    sender = _site(office)
    received = {k for k in log_keys(office) if k[0] == sender}
    logged = {k for k in log_keys(laptop) if k[0] == sender}
    if laptop.is_server:
        assert logged == received and sender not in _base(laptop)
    else:
        assert logged == set() and _base(laptop)[sender] == max(s for _o, s in received)
