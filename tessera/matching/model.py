"""Unsupervised Fellegi-Sunter matching of person records with Splink on DuckDB.

No labels: the prior (the probability that two random records match) comes from a few strict rules and their
assumed recall, u probabilities from random sampling, m probabilities from expectation maximisation on the
training blocking rules. Prediction scores every pair the blocking rules generate.

Cost: the training blocking rules generate pairs in proportion to the square of the number of records (a block
of one common name grows with the data on both sides), so above `training_sample_records` records u and m are
estimated on a seeded random sample of that many records; the prior (strict rules, few pairs), the
term-frequency tables and prediction always read every record. The DuckDB connection Splink runs on is capped
at `memory_limit` and spills to a temporary folder beyond it, and only the pairs at or above the threshold are
kept from prediction (the pairs compared are counted from the blocked pairs, never materialised scored)."""

from __future__ import annotations

import logging
import math
import tempfile
import time
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pandas as pd
from splink import DuckDBAPI, Linker

from tessera.matching.settings import (
    RECORD_SOURCE, UNIQUE_ID, blocking_rule, compared_columns, link_only_sources, record_columns, rule_label,
    splink_settings, term_frequency_columns, untrained_comparisons,
)

PAIR_COLUMNS = [
    "record_key_l", "record_key_r", "match_probability", "match_weight", "agreed_attributes", "conflicting_attributes"
]


@dataclass
class MatchResult:
    """Scored pairs above the threshold, with what it took to get them."""

    pairs: pd.DataFrame
    pairs_compared: int
    training_seconds: float
    prediction_seconds: float
    linker: Linker | None
    predictions: Any
    training_records: int = 0
    # training blocking rules that generated no pair (so estimated nothing)
    skipped_training_rules: list[str] = field(default_factory=list)
    # the folder DuckDB spills to, removed when the result (and its connection) is gone
    spill_directory: Any = None


def _records(records: pd.DataFrame, config: dict[str, Any]) -> pd.DataFrame:
    """The columns the model reads, as text, in key order (so that training does not depend on input order)."""
    columns = compared_columns(config)
    missing = [column for column in record_columns(config) if column not in records.columns]
    if missing:
        raise ValueError(f"person attributes lack the configured columns {missing}")
    frame = records[record_columns(config)].copy()
    for column in columns:
        frame[column] = frame[column].astype("string").str.strip().replace("", pd.NA)
    return frame.sort_values(UNIQUE_ID, kind="stable").reset_index(drop=True)


def _top_levels(linker: Linker) -> dict[str, int]:
    """For each comparison, the gamma value of its most similar level (exact agreement)."""
    tops = {}
    for comparison in linker.misc.save_model_to_json()["comparisons"]:
        levels = [level for level in comparison["comparison_levels"] if not level.get("is_null_level")]
        tops[comparison["output_column_name"]] = len(levels) - 1
    return tops


def training_sample(frame: pd.DataFrame, config: dict[str, Any]) -> pd.DataFrame:
    """The records u and m are estimated on: all of them up to `training_sample_records`, else a random sample of
    that many drawn with `random_seed` (the same records for the same input, in whatever order it comes)."""
    limit = config.get("training_sample_records")
    if limit is None or len(frame) <= int(limit):
        return frame
    ordered = frame.sort_values(UNIQUE_ID, kind="stable").reset_index(drop=True)
    sample = ordered.sample(n=int(limit), random_state=int(config["random_seed"]))
    return sample.sort_values(UNIQUE_ID, kind="stable").reset_index(drop=True)


def _connection(config: dict[str, Any], threads: int | None) -> tuple[duckdb.DuckDBPyConnection, Any]:
    """An in-memory DuckDB connection that spills to a fresh temporary folder beyond `memory_limit`."""
    connection = duckdb.connect()
    if threads:
        connection.execute(f"set threads = {int(threads)}")
    spill = None
    if config.get("memory_limit"):
        spill = tempfile.TemporaryDirectory(prefix="tessera-matching-", dir=config.get("spill_directory"))
        connection.execute("set memory_limit = ?", [str(config["memory_limit"])])
        connection.execute("set temp_directory = ?", [spill.name])
        # results are sorted where order matters, so large joins need not keep their input order
        connection.execute("set preserve_insertion_order = false")
    return connection, spill


def _weight_floor(threshold: float) -> float | None:
    """A match weight just below that of the probability threshold: Splink keeps the pairs at or above it while
    scoring, and the threshold itself is applied to the probabilities (so no pair at it is lost to rounding)."""
    if not 0 < threshold < 1:
        return None
    return math.log2(threshold / (1 - threshold)) - 1e-6


def scored_share(frame: pd.DataFrame, sources: list[str]) -> float:
    """The share of all pairs of records that blocking may generate: all but the pairs of two records of one
    link-only source."""
    total = len(frame) * (len(frame) - 1) / 2
    if not sources or not total:
        return 1.0 if total else 0.0
    sizes = frame.loc[frame[RECORD_SOURCE].isin(sources), RECORD_SOURCE].value_counts()
    return float(total - sum(size * (size - 1) / 2 for size in sizes)) / total


def generates_pairs(connection: duckdb.DuckDBPyConnection, table: str, rule: Any) -> bool:
    """Whether a blocking rule (a Splink rule or its SQL) pairs at least two records of `table`."""
    condition = rule if isinstance(rule, str) else rule.get_blocking_rule("duckdb").blocking_rule_sql
    found = connection.sql(
        f"select 1 from {table} as l join {table} as r on l.{UNIQUE_ID} < r.{UNIQUE_ID} and ({condition}) limit 1"
    ).fetchall()
    return bool(found)


def _text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def agreed_attributes_sql(tops: dict[str, int]) -> str:
    """`agreed_attributes` as a SQL expression on the gamma columns of Splink's predictions (scored in the
    database: millions of pairs at a million persons)."""
    levels = [
        f"case when gamma_{column} = {top} then {_text(column)} when gamma_{column} > 0 then {_text(column + '~')} end"
        for column, top in tops.items()
    ]
    return f"concat_ws(',', {', '.join(levels)})" if levels else "''"


def conflicting_attributes_sql(must_agree: list[str], corroborate_with: list[str], tops: dict[str, int]) -> str:
    """`conflicting_attributes` as a SQL expression on the gamma columns of Splink's predictions."""
    reasons = [
        f"case when coalesce(gamma_{column}, -1) <= 0 then {_text(column + ' does not agree')} end" if column in tops
        else _text(f"{column} does not agree")
        for column in must_agree
    ]
    if corroborate_with and all(column in tops for column in corroborate_with):
        exact = " or ".join(f"coalesce(gamma_{column} = {tops[column]}, false)" for column in corroborate_with)
        reasons.append(f"case when not ({exact}) then {_text('no exact agreement on ' + '/'.join(corroborate_with))} end")
    return f"nullif(concat_ws('; ', {', '.join(reasons)}), '')" if reasons else "null::varchar"


def train_and_predict(records: pd.DataFrame, config: dict[str, Any], threads: int | None = None) -> MatchResult:
    """Trains a model on `records` (one row per record, `record_key` unique) and returns the pairs whose match
    probability reaches the configured threshold."""
    frame = _records(records, config)
    empty = pd.DataFrame(columns=PAIR_COLUMNS)
    link_only = link_only_sources(config)
    share = scored_share(frame, link_only)
    if share == 0:
        # fewer than two records, or only records of one link-only source: no pair to compare
        return MatchResult(empty, 0, 0.0, 0.0, None, None)
    connection, spill = _connection(config, threads)
    database = DuckDBAPI(connection=connection)
    every_record = database.register(frame, table_name="person_attributes")
    linker = Linker(every_record, splink_settings(config), log_level=logging.ERROR)

    started = time.perf_counter()
    linker.training.estimate_probability_two_random_records_match(
        [blocking_rule(rule, link_only) for rule in config["prior_rules"]], recall=config["prior_recall"]
    )
    if share < 1:
        # Splink divides the matches the prior rules find by every pair of records; the pairs of two records of
        # a link-only source are never scored, so the prior is the match rate among the pairs that are
        model = linker.misc.save_model_to_json()
        model["probability_two_random_records_match"] = min(
            model["probability_two_random_records_match"] / share, 1 - 1e-9
        )
        linker = Linker(every_record, model, log_level=logging.ERROR)
    sample = training_sample(frame, config)
    trainer, training_table = linker, every_record
    if len(sample) < len(frame):
        training_table = database.register(sample, table_name="person_attributes_training_sample")
        trainer = Linker(training_table, linker.misc.save_model_to_json(), log_level=logging.ERROR)
        # term frequencies of all records, as prediction uses them, not of the sample
        for column in term_frequency_columns(config):
            trainer.table_management.register_term_frequency_lookup(
                linker.table_management.compute_tf_table(column), column
            )
    trainer.training.estimate_u_using_random_sampling(max_pairs=config["u_max_pairs"], seed=config["random_seed"])
    # u from random pairs of every record (link-only pairs included: they are non-matches like the others);
    # m from the pairs the training rules generate among those that are scored
    skipped = []
    for rule in config["training_blocking_rules"]:
        training_rule = blocking_rule(rule, link_only)
        # a rule that pairs no records (with link-only sources its pairs may all lie inside one of them; in a
        # training sample an attribute may be rare) estimates nothing, and Splink fails on it half-way through
        if not generates_pairs(connection, training_table.physical_name, training_rule):
            skipped.append(rule_label(rule))
            continue
        trainer.training.estimate_parameters_using_expectation_maximisation(training_rule)
    untrained = untrained_comparisons(
        config["comparisons"], [rule for rule in config["training_blocking_rules"] if rule_label(rule) not in skipped]
    )
    if untrained:
        raise ValueError(
            f"the comparisons {', '.join(map(str, untrained))} cannot be estimated: every training blocking rule "
            f"that reads none of their columns pairs no records (skipped: {'; '.join(skipped)})"
            + (f" once pairs within the link-only sources {', '.join(link_only)} are left out" if link_only else "")
            + "; add to extra_training_blocking_rules of the var probabilistic_matching a rule on attributes these "
            "records share and those comparisons do not read"
        )
    if trainer is not linker:
        linker = Linker(every_record, trainer.misc.save_model_to_json(), log_level=logging.ERROR)
    training_seconds = time.perf_counter() - started

    started = time.perf_counter()
    blocked = linker.inference.compute_blocked_pairs_for_predict()
    pairs_compared = connection.sql(f"select count(*) from {blocked.physical_name}").fetchall()[0][0]
    predictions = linker.inference.predict(threshold_match_weight=_weight_floor(float(config["threshold"])))
    blocked.drop_table_from_database_and_remove_from_cache()
    tops = _top_levels(linker)
    must_agree = list(config.get("must_agree", []))
    corroborate = list(config.get("corroborate_with", []))
    above = connection.sql(
        f"""
        select record_key_l, record_key_r, match_probability, match_weight,
            {agreed_attributes_sql(tops)} as agreed_attributes,
            {conflicting_attributes_sql(must_agree, corroborate, tops)} as conflicting_attributes
        from {predictions.physical_name}
        where match_probability >= {float(config['threshold'])}
        order by record_key_l, record_key_r
        """
    ).df()
    # missing text as None, as the rules in Python give it
    above["conflicting_attributes"] = above["conflicting_attributes"].astype(object).where(
        above["conflicting_attributes"].notna(), None
    )
    prediction_seconds = time.perf_counter() - started
    return MatchResult(above[PAIR_COLUMNS], int(pairs_compared), training_seconds, prediction_seconds, linker,
                       predictions, training_records=len(sample), spill_directory=spill,
                       skipped_training_rules=skipped)
