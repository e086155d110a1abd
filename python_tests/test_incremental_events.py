"""Raw events load incrementally: a run reads only what landed since the last one (plus the look-back window),
late files and re-delivered messages included, and ends in the same state as a full refresh."""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest

from dbt_runner import DbtWorkspace

EVENT_MODELS = ["base_segment__events", "stg_segment__events"]
# The row-accounting test reads every staging model; these builds make only the event models.
SELECT_EVENTS = ["--select", *EVENT_MODELS, "--exclude", "assert_raw_rows_accounted_for"]
FILE_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")
ONE_DAY = 24 * 3600
TEN_DAYS = 10 * ONE_DAY


def _event_files(raw_path: Path) -> list[Path]:
    return sorted(raw_path.glob("events/*/*.jsonl"))


def _table(workspace: DbtWorkspace, model: str) -> list[tuple]:
    columns = [
        row[0]
        for row in workspace.query(
            f"select column_name from information_schema.columns where table_name = '{model}' "
            "and column_name <> 'dbt_invocation_id' order by ordinal_position"
        )
    ]
    order = ", ".join(columns)
    return workspace.query(f"select {order} from staging.{model} order by all")


@pytest.fixture(scope="module")
def two_batches(tmp_path_factory: pytest.TempPathFactory, generated_raw: tuple[Path, dict]) -> dict:
    """The generated data landed in two batches: events files up to a cut-off date first, the rest later."""
    source, _ = generated_raw
    landing = tmp_path_factory.mktemp("landing")
    files = _event_files(source)
    dates = sorted({FILE_DATE.search(path.name).group(1) for path in files})
    cutoff = dates[len(dates) // 2]
    first = [path for path in files if FILE_DATE.search(path.name).group(1) <= cutoff]
    second = [path for path in files if path not in first]
    assert first and second
    shutil.copytree(source, landing, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.jsonl"))
    # The first batch landed day by day, ending ten days ago.
    first_landed = time.time() - TEN_DAYS - len(dates) * ONE_DAY
    for path in first:
        target = landing / path.relative_to(source)
        shutil.copy(path, target)
        landed = first_landed + dates.index(FILE_DATE.search(path.name).group(1)) * ONE_DAY
        os.utime(target, (landed, landed))
    return {"source": source, "landing": landing, "second": second}


def test_incremental_runs_end_where_a_full_refresh_does(two_batches: dict, tmp_path: Path) -> None:
    source, landing = two_batches["source"], two_batches["landing"]
    incremental = DbtWorkspace(landing, tmp_path / "incremental.duckdb", tmp_path / "incremental")
    incremental.dbt("build", "--full-refresh", *SELECT_EVENTS)
    first_rows = incremental.query("select count(*) from staging.base_segment__events")[0][0]
    first_max_received = incremental.query("select max(received_at) from staging.base_segment__events")[0][0]

    for path in two_batches["second"]:
        shutil.copy(path, landing / path.relative_to(source))
    incremental.dbt("build", *SELECT_EVENTS)
    second_invocation = incremental.run_results()["metadata"]["invocation_id"]
    total_rows, written_now = incremental.query(
        "select count(*), count(*) filter (where dbt_invocation_id = "
        f"'{second_invocation}') from staging.base_segment__events"
    )[0]
    second_lines = sum(1 for path in two_batches["second"] for line in path.read_text().split("\n") if line.strip())
    # The second run wrote the second batch and the earlier copies of messages it re-delivered, nothing else.
    assert total_rows == first_rows + second_lines
    assert second_lines <= written_now < total_rows

    # Late data: the second batch holds events received before the newest event of the first batch.
    late = incremental.query(
        "select count(*) from staging.base_segment__events "
        f"where dbt_invocation_id = '{second_invocation}' and rejection_reason is null "
        f"and received_at < '{first_max_received}'"
    )
    assert late[0][0] > 0

    # A run with nothing new changes nothing.
    before = _table(incremental, "base_segment__events")
    incremental.dbt("build", *SELECT_EVENTS)
    assert _table(incremental, "base_segment__events") == before

    full = DbtWorkspace(landing, tmp_path / "full.duckdb", tmp_path / "full")
    full.dbt("build", "--full-refresh", *SELECT_EVENTS)
    for model in EVENT_MODELS:
        assert _table(incremental, model) == _table(full, model), model
