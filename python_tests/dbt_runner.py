"""Runs the dbt project in a subprocess against a DuckDB file and raw-data folder of a test's own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb

PROJECT_DIR = Path(__file__).resolve().parent.parent
DBT = Path(sys.executable).with_name("dbt")
# The two steps of the main build, selectors of selectors.yml (README.md, Erasure).
ERASURE_STEP = ("--selector", "erasure_step")
EVERYTHING = ("--selector", "all")


@dataclass(frozen=True)
class DbtWorkspace:
    """Where one test's dbt runs read raw files and write their database, artefacts and logs."""

    raw_path: Path
    database_path: Path
    target_path: Path
    target: str = "duckdb"
    project_dir: Path = PROJECT_DIR

    @property
    def spark_warehouse(self) -> Path:
        """Where the spark target writes its tables (parquet, which DuckDB reads back for comparisons)."""
        return self.target_path / "spark-warehouse"

    def environment(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            {
                "DBT_PROFILES_DIR": str(self.project_dir),
                "TESSERA_RAW_PATH": str(self.raw_path),
                "TESSERA_DUCKDB_PATH": str(self.database_path),
                "TESSERA_TARGET": self.target,
                "TESSERA_SPARK_WAREHOUSE": str(self.spark_warehouse),
                "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            }
        )
        return env

    def dbt(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Runs a dbt command; on failure with check=True, the error names dbt's own output."""
        self.target_path.mkdir(parents=True, exist_ok=True)
        command = [
            str(DBT),
            *args,
            "--project-dir",
            str(self.project_dir),
            "--target-path",
            str(self.target_path),
            "--log-path",
            str(self.target_path / "logs"),
        ]
        result = subprocess.run(
            # Spark keeps its metastore in the working folder: each workspace has its own.
            command, cwd=self.target_path, env=self.environment(), capture_output=True, text=True, check=False
        )
        if check and result.returncode != 0:
            raise AssertionError(f"dbt {' '.join(args)} failed:\n{result.stdout[-6000:]}\n{result.stderr[-3000:]}")
        return result

    def build(self, *args: str, selection: tuple[str, ...] = (), check: bool = True) -> subprocess.CompletedProcess[str]:
        """What `make build` runs: the erasure step (new erasure requests resolved into erasure_suppressions), then
        `dbt build` of everything, or of `selection` (--select/--exclude arguments); `args` go to both steps.
        Returns the build's result (the erasure step must succeed)."""
        self.dbt("build", "--full-refresh", *ERASURE_STEP, *args)
        return self.dbt("build", "--full-refresh", *(selection or EVERYTHING), *args, check=check)

    def run_results(self) -> dict:
        return json.loads((self.target_path / "run_results.json").read_text())

    def manifest(self) -> dict:
        return json.loads((self.target_path / "manifest.json").read_text())

    def query(self, sql: str) -> list[tuple]:
        with duckdb.connect(str(self.database_path), read_only=True) as connection:
            return connection.sql(sql).fetchall()

    def query_df(self, sql: str):
        with duckdb.connect(str(self.database_path), read_only=True) as connection:
            return connection.sql(sql).df()
