"""Three replicas, random work, exchanges and compactions: they converge and lose no change.

Each machine is a real SQLite file. Work: create, edit and delete persons, create and delete
courses, enrol, mark and clear attendance. Exchanges: full files and deltas for a partner,
imported in any order, some twice, some by the wrong machine (refused without harm); any machine
may fold its simple row states into the rows, compact its log or forget a partner at any time,
and imports run in many small parts. At the end everyone imports everyone's full export until
nothing new appears; then every machine holds the same log, the same digest, and every field
shows the value of the newest change in the log.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from datetime import date
from pathlib import Path

import pg_cluster
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, rule, run_state_machine_as_test
from sqlalchemy import select
from sync_helpers import digest, exchange_all, export, import_, log_keys, replica

from lotsen_desktop.fileformat import SyncFileError
from lotsen_desktop.services import courses, volunteers
from lotsen_desktop.store.log_packing import stored_data
from lotsen_desktop.store.models import Course, CourseSession, Enrolment, Volunteer
from lotsen_desktop.store.sync_tables import SyncChange
from lotsen_desktop.sync import compact, exchange, schema
from lotsen_desktop.sync.state import Stamps, all_states, fold_states, load_base, version_vector

NAMES = ["İlkay", "Łukasz", "Олена", "Ánh", 'A<b> & "c"', "Maria"]
FAMILIES = ["Şahin", "Nguyễn Thị", "Kowalski", "Müller"]
PHONES = ["0511 1", "0511 22", "+49 30 333", ""]
CITIES = ["Hannover", "Celle", "Göttingen"]
STATES = ["anwesend", "entschuldigt", "unentschuldigt", None]


def _ids(store, model) -> list[str]:  # type: ignore[no-untyped-def]
    with store.new_session() as session:
        return sorted(session.scalars(select(model.id)))


def _vector(store) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with store.new_session() as session:
        return version_vector(session)


def _base(store) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with store.new_session() as session:
        return load_base(session)


def _pick(items: list[str], index: int) -> str | None:
    return items[index % len(items)] if items else None


def newest_values_hold(store) -> None:  # type: ignore[no-untyped-def]
    """Every field of every live row equals the logged value that carries its current stamp.

    Compaction folds acknowledged entries away; a field whose entry was folded is only checked
    through convergence. Without compaction every field must have its entry.
    """
    with store.new_session() as session:
        t = SyncChange.__table__
        compacted = bool(load_base(session))
        states = {(state.tbl, state.row_id): state for state in all_states(session)}
        logged: dict[tuple[str, str, str, tuple[int, str]], object] = {}
        for row in session.execute(select(t).where(t.c.op != "d")):
            state = states.get((row.tbl, row.row_id))
            if state is None or state.gen != row.gen:
                continue
            for col, value in json.loads(stored_data(row.data, row.packed)).items():
                logged[(row.tbl, row.row_id, col, (row.hlc, row.origin))] = value
        for info in schema.tables().values():
            columns = [c for c in info.columns if c not in schema.META_COLUMNS]
            query = select(info.table.c.id, *(info.table.c[c] for c in columns))
            for row in session.execute(query):
                stamps = states[(info.name, row.id)].stamps
                for col in columns:
                    key = (info.name, row.id, col, stamps.get(col))
                    if key not in logged:
                        assert compacted, key
                        continue
                    actual = schema.encode(info.kinds[col], row._mapping[col])
                    assert actual == logged[key], (key, actual, logged[key])


class Replicas(RuleBasedStateMachine):
    ENGINES = ("sqlite", "sqlite", "sqlite")

    @initialize()
    def start(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="lotsen-sync-"))
        self.stores = [replica(self.folder, f"R{i}", e) for i, e in enumerate(self.ENGINES)]
        self.files: list[Path] = []
        self.counter = 0
        self.compacted = False
        self.part_size = exchange.importing.PART_SIZE
        exchange.importing.PART_SIZE = 4  # many small merge parts within each import
        # shared starting point: two persons in a course; every machine joins the office by
        # importing its full export first
        office = self.stores[0]
        people = [
            volunteers.add_volunteer(office, given_name=g, family_name=f)
            for g, f in (("İlkay", "Şahin"), ("Nguyễn Thị", "Ánh"))
        ]
        course_id = courses.add_course(
            office,
            module_code="BASIS",
            title="Kurs A",
            session_dates=[date(2026, 2, 2), date(2026, 2, 9)],
            units_per_session=2,
        )
        courses.enrol_volunteers(
            office, course_id=course_id, volunteer_ids=people, enrolled_on=date(2026, 1, 1)
        )
        first = export(office, self.folder / "setup", full=True)
        for store in self.stores[1:]:
            import_(store, first)

    def teardown(self) -> None:
        try:
            if hasattr(self, "stores"):
                self._converge()
        finally:
            exchange.importing.PART_SIZE = getattr(self, "part_size", exchange.importing.PART_SIZE)
            for store in getattr(self, "stores", []):
                store.close()
            if hasattr(self, "folder"):
                shutil.rmtree(self.folder, ignore_errors=True)
            if "postgresql" in self.ENGINES:
                pg_cluster.cluster().drop_created()

    def _converge(self) -> None:
        own = [{k for k in log_keys(s) if k[0] == self._site(s)} for s in self.stores]
        exchange_all(self.stores, self.folder / "final")
        vectors = [_vector(s) for s in self.stores]
        assert vectors[0] == vectors[1] == vectors[2]
        for produced in own:  # nothing any machine recorded went missing
            assert all(seq <= vectors[0].get(origin, 0) for origin, seq in produced)
        # every log holds exactly what lies above its base (an import may fold what all
        # partners have seen, as compaction does), so above the highest base the logs agree
        bases = [_base(s) for s in self.stores]
        logs = [log_keys(s) for s in self.stores]
        for log, base in zip(logs, bases, strict=True):
            assert log == {
                (origin, seq)
                for origin, top in vectors[0].items()
                for seq in range(base.get(origin, 0) + 1, top + 1)
            }
        floor = {o: max(b.get(o, 0) for b in bases) for o in vectors[0]}
        above = [{(o, seq) for o, seq in log if seq > floor[o]} for log in logs]
        assert above[0] == above[1] == above[2]
        if not self.compacted:  # only imports folded: nobody folded its own changes
            assert all(
                self._site(s) not in base for s, base in zip(self.stores, bases, strict=True)
            )
        digests = {digest(s) for s in self.stores}
        assert len(digests) == 1
        for store in self.stores:
            newest_values_hold(store)
            with store.new_session() as session:
                pending = session.scalars(
                    select(SyncChange.seq).where(SyncChange.applied.is_(False))
                ).all()
                assert pending == []

    @staticmethod
    def _site(store) -> str:  # type: ignore[no-untyped-def]
        from lotsen_desktop.sync.exchange import site_info

        return site_info(store).site_id

    def _name(self) -> str:
        self.counter += 1
        return f"{self.counter}"

    # ---------------------------------------------------------------- work
    @rule(
        i=st.integers(0, 2),
        given=st.sampled_from(NAMES),
        family=st.sampled_from(FAMILIES),
        born=st.booleans(),
    )
    def create_person(self, i: int, given: str, family: str, born: bool) -> None:
        volunteers.add_volunteer(
            self.stores[i],
            given_name=given,
            family_name=family,
            birth_date=date(1980, 5, 17) if born else None,
            languages=("Arabisch",),
        )

    @rule(
        i=st.integers(0, 2),
        k=st.integers(0, 50),
        phone=st.sampled_from(PHONES),
        city=st.sampled_from(CITIES),
        given=st.sampled_from(NAMES),
    )
    def edit_person(self, i: int, k: int, phone: str, city: str, given: str) -> None:
        store = self.stores[i]
        person = _pick(_ids(store, Volunteer), k)
        if person is None:
            return
        choice = k % 3
        if choice == 0:
            volunteers.update_volunteer(store, person, phone=phone)
        elif choice == 1:
            volunteers.update_volunteer(store, person, city=city, languages=("Polnisch",))
        else:
            volunteers.update_volunteer(store, person, given_name=given)

    @rule(i=st.integers(0, 2), k=st.integers(0, 50))
    def delete_person(self, i: int, k: int) -> None:
        store = self.stores[i]
        person = _pick(_ids(store, Volunteer), k)
        if person is None:
            return
        with store.uow() as uow:
            uow.session.delete(uow.session.get(Volunteer, person))
            uow.commit()

    @rule(i=st.integers(0, 2), k=st.integers(0, 50))
    def create_course(self, i: int, k: int) -> None:
        store = self.stores[i]
        course_id = courses.add_course(
            store,
            module_code="BASIS",
            title=f"Kurs {self._name()}",
            session_dates=[date(2026, 3, 2), date(2026, 3, 9)],
            units_per_session=2,
        )
        people = _ids(store, Volunteer)
        if people:
            chosen = sorted({_pick(people, k), _pick(people, k + 1)})  # type: ignore[type-var]
            courses.enrol_volunteers(
                store, course_id=course_id, volunteer_ids=chosen, enrolled_on=date(2026, 1, 1)
            )

    @rule(i=st.integers(0, 2), k=st.integers(0, 50), j=st.integers(0, 50))
    def enrol(self, i: int, k: int, j: int) -> None:
        store = self.stores[i]
        course_id = _pick(_ids(store, Course), k)
        person = _pick(_ids(store, Volunteer), j)
        if course_id and person:
            courses.enrol_volunteers(
                store, course_id=course_id, volunteer_ids=[person], enrolled_on=date(2026, 1, 1)
            )

    @rule(i=st.integers(0, 2), k=st.integers(0, 50), state=st.sampled_from(STATES))
    def mark(self, i: int, k: int, state: str | None) -> None:
        store = self.stores[i]
        with store.new_session() as session:
            pairs = session.execute(
                select(CourseSession.course_id, CourseSession.id, Enrolment.volunteer_id)
                .join(Enrolment, Enrolment.course_id == CourseSession.course_id)
                .order_by(CourseSession.id, Enrolment.volunteer_id)
            ).all()
        if not pairs:
            return
        course_id, session_id, person = pairs[k % len(pairs)]
        courses.set_attendance(
            store, course_id=course_id, session_id=session_id, volunteer_ids=[person], state=state
        )

    @rule(i=st.integers(0, 2), k=st.integers(0, 50))
    def delete_course(self, i: int, k: int) -> None:
        store = self.stores[i]
        course_id = _pick(_ids(store, Course), k)
        if course_id:
            courses.delete_course(store, course_id)

    # ---------------------------------------------------------------- exchanges
    @rule(i=st.integers(0, 2), j=st.integers(0, 2), delta=st.booleans())
    def export_file(self, i: int, j: int, delta: bool) -> None:
        store = self.stores[i]
        path = self.folder / f"file-{self._name()}"
        from lotsen_desktop.sync.exchange import list_peers

        peers = {p.name for p in list_peers(store)}
        if delta and j != i and f"R{j}" in peers:
            self.files.append(export(store, path, peer=f"R{j}"))
        else:
            self.files.append(export(store, path, full=True))

    @rule(i=st.integers(0, 2))
    def compact(self, i: int) -> None:
        before = digest(self.stores[i])
        compact.compact_log(self.stores[i])
        self.compacted = True
        assert digest(self.stores[i]) == before

    @rule(i=st.integers(0, 2))
    def fold(self, i: int) -> None:
        """The simple states move into their rows (as after a compaction); no state changes,
        and every later merge and capture goes on from there."""
        store = self.stores[i]
        with store.new_session() as session:
            before = all_states(session)
        with store.uow() as uow:
            fold_states(uow.session)
            uow.commit()
        with store.new_session() as session:
            assert all_states(session) == before

    @rule(i=st.integers(0, 2), j=st.integers(0, 2))
    def forget(self, i: int, j: int) -> None:
        from lotsen_desktop.sync.exchange import list_peers

        if f"R{j}" in {p.name for p in list_peers(self.stores[i])}:
            compact.forget_peer(self.stores[i], f"R{j}")

    @rule(j=st.integers(0, 2), k=st.integers(0, 100))
    def import_file(self, j: int, k: int) -> None:
        if not self.files:
            return
        store = self.stores[j]
        path = self.files[k % len(self.files)]
        before = digest(store)
        try:
            import_(store, path)
        except SyncFileError:
            assert digest(store) == before  # a refused file changes nothing


Replicas.TestCase.settings = settings(
    max_examples=12,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
TestReplicas = pytest.mark.slow(Replicas.TestCase)


class ReplicasWithServer(Replicas):
    """The office on a shared PostgreSQL database, two laptops on SQLite files."""

    ENGINES = ("postgresql", "sqlite", "sqlite")


@pytest.mark.slow
@pytest.mark.pg
@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
def test_replicas_with_a_postgresql_office(engine: str, request: pytest.FixtureRequest) -> None:
    if "postgresql" not in request.config.getoption("engines"):
        pytest.skip("PostgreSQL not selected (--engines postgresql runs it)")
    run_state_machine_as_test(
        ReplicasWithServer,
        settings=settings(
            max_examples=6,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        ),
    )


def test_stamps_roundtrip() -> None:
    stamps = Stamps((5, "a"), {"x": (7, "b")})
    assert Stamps.loads(stamps.dumps()) == stamps
