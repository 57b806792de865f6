"""The migrations build exactly the schema the models describe (no change without a migration)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from lotsen_desktop.store import name_index
from lotsen_desktop.store.database import Store
from lotsen_desktop.store.models import Base


def test_no_model_change_is_missing_a_migration(store: Store) -> None:
    import lotsen_desktop.store.sync_tables  # noqa: F401  (its tables share the metadata)

    with store.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "compare_type": True,
                "include_name": lambda name, kind, _parent: (
                    kind != "table" or not name_index.is_index_table(name)
                ),
            },
        )
        differences = compare_metadata(context, Base.metadata)
    assert differences == []
