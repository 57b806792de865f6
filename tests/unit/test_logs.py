"""The log file's formatter keeps values out: SQL parameters, quoted text, exception messages."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from lotsen_desktop import logs

NAME = 'İlkay Şahin <&"'


def test_sqlite_messages_keep_the_constraint_but_not_quoted_text() -> None:
    assert logs.safe_message(sqlite3.IntegrityError("UNIQUE constraint failed: t.a")) == (
        "UNIQUE constraint failed: t.a"
    )
    fts = sqlite3.OperationalError(f'fts5: syntax error near "{NAME}"')
    assert "İlkay" not in logs.safe_message(fts) and "syntax error" in logs.safe_message(fts)


def test_messages_python_builds_from_code_stay_others_are_withheld() -> None:
    assert "has no attribute 'x'" in logs.safe_message(
        AttributeError("'X' object has no attribute 'x'")
    )
    for error in (ValueError(NAME), KeyError(NAME), RuntimeError(NAME), Exception(NAME)):
        assert logs.safe_message(error) == logs.WITHHELD
    assert logs.safe_message(FileNotFoundError(2, "No such file", f"/tmp/{NAME}.pdf")) == (
        "[Errno 2] No such file"
    )


def test_a_message_that_carries_an_exception_or_sql_is_cleaned(tmp_path: Path) -> None:
    path = logs.setup(tmp_path)
    assert path is not None and logs.setup(tmp_path) == path  # once only
    log = logging.getLogger("lotsen_desktop.test")
    log.warning("failed: %s", ValueError(NAME))
    log.warning(
        "db said (x) boom\n[SQL: INSERT INTO t VALUES ('%s')]\n[parameters: ('%s',)]", NAME, NAME
    )
    try:
        try:
            raise KeyError(NAME)
        except KeyError:
            raise RuntimeError(NAME) from None
    except RuntimeError:
        log.exception("caught")
    logs.shutdown()
    text = path.read_text(encoding="utf-8")
    assert "failed: ValueError" in text and "db said (x) boom" in text and "caught" in text
    assert "RuntimeError" in text and "KeyError" not in text  # context suppressed
    assert "İlkay" not in text and "[SQL:" not in text and "[parameters:" not in text
    assert logging.getLogger().handlers.count(logs._handler) == 0  # type: ignore[arg-type]
