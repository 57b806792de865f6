"""The digest writes each row as the same JSON text as ``json.dumps(record, sort_keys=True,
ensure_ascii=False)``, but encodes only the values: the text must not change by a byte, or two
machines on different versions would no longer print the same digest for the same data."""

from __future__ import annotations

import json

from hypothesis import example, given, settings
from hypothesis import strategies as st

from lotsen_desktop.services.digest import _json_value

SCALARS = (
    st.text()
    | st.integers()
    | st.none()
    | st.booleans()
    | st.floats(allow_nan=False, allow_infinity=False)
)


@settings(max_examples=400, deadline=None)
@given(values=st.lists(SCALARS, min_size=1, max_size=6))
@example(values=['İlkay "Şahin" <&> \\ \n\t\x00\x1f\x7f\u2028 🙂', 0, -7, None, True, 2.5])
def test_a_row_line_is_the_json_of_its_record(values: list[object]) -> None:
    columns = sorted(f"c{i}" for i in range(len(values)))
    record = dict(zip(columns, values, strict=True))
    template = "{" + ", ".join(f'"{c}": %s' for c in columns) + "}"
    line = template % tuple(_json_value(record[c]) for c in columns)
    assert line == json.dumps(record, sort_keys=True, ensure_ascii=False)
