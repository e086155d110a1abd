"""House style that sqlfluff cannot see: it lints the rendered SQL, where a macro call expands in place."""

from __future__ import annotations

from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
MAX_LINE_LENGTH = 120


def test_sql_and_jinja_files_as_written_keep_lines_under_the_limit() -> None:
    files = [
        path
        for folder in ("models", "macros", "tests", "analyses")
        for path in sorted((PROJECT_DIR / folder).rglob("*.sql"))
    ]
    assert files
    long_lines = [
        f"{path.relative_to(PROJECT_DIR)}:{number}: {len(line)}"
        for path in files
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if len(line) > MAX_LINE_LENGTH
    ]
    assert not long_lines, long_lines
