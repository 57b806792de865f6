"""Qt item models over service results (no SQL here: services do the queries)."""
