"""Splink settings from the project's configuration (the var `probabilistic_matching` in dbt_project.yml).

Comparisons and blocking rules are data, not code: each comparison names a column and the levels it is compared
at (exact, exact on other columns such as a nickname's full form, edit distance, Jaro-Winkler similarity, date of
birth), so a new attribute is a line of configuration."""

from __future__ import annotations

from typing import Any

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator, block_on

UNIQUE_ID = "record_key"

DEFAULT_CONFIG: dict[str, Any] = {
    "enabled": True,
    "threshold": 0.99,
    "must_agree": ["given_name"],
    "corroborate_with": ["address", "phone", "birth_date", "email"],
    "cluster_attribute_limits": {"birth_date": 1},
    "reports_path": "target/matching",
    "random_seed": 42,
    "u_max_pairs": 1_000_000,
    # above this many records, u and m are estimated on a random sample (random_seed) of this many; the prior,
    # the term frequencies and prediction read every record. null: always train on every record
    "training_sample_records": 500_000,
    # DuckDB memory limit of the matching connection; beyond it DuckDB spills to a temporary folder made in
    # spill_directory (null: the system's temporary folder) and removed afterwards. null: DuckDB's default
    # (80% of the machine's memory) and no spilling folder of our own
    "memory_limit": "4GB",
    "spill_directory": None,
    "prior_rules": [["given_name_canonical", "family_name", "postal_code"], ["email_local_part", "family_name"]],
    "prior_recall": 0.6,
    "training_blocking_rules": [["given_name_canonical", "family_name"], ["family_name", "birth_date"],
                                ["given_name_canonical", "birth_date"]],
    "blocking_rules": [["family_name", "postal_code"], ["given_name_canonical", "family_name"],
                       ["email_local_part"], ["phone"], ["birth_date"]],
    "comparisons": [
        {"column": "given_name", "term_frequency": True, "exact_on": ["given_name_canonical"],
         "jaro_winkler": [0.92, 0.8]},
        {"column": "family_name", "term_frequency": True, "jaro_winkler": [0.92, 0.8]},
        {"column": "birth_date", "date_of_birth": True},
        {"name": "address", "column": "postal_code", "exact_with": ["address_line"], "term_frequency": True,
         "levenshtein": [1]},
        {"name": "email", "column": "email_local_part", "exact_with": ["email_domain"], "damerau_levenshtein": [1, 2]},
        {"column": "phone", "term_frequency": True},
    ],
}


def merged_config(config: dict[str, Any] | None) -> dict[str, Any]:
    """The configuration with the defaults filled in for every key it leaves out."""
    return {**DEFAULT_CONFIG, **(config or {})}


def comparison(spec: dict[str, Any]) -> cl.CustomComparison | cl.DateOfBirthComparison:
    """One Splink comparison from its configuration: levels from the most to the least similar."""
    column = spec["column"]
    if spec.get("date_of_birth"):
        return cl.DateOfBirthComparison(column, input_is_string=True)
    levels: list[Any] = [cll.NullLevel(column)]
    together = spec.get("exact_with", [])
    if together:
        # agreement on this column and on correlated ones (a street and its postal code) counts once, as one level
        levels.append(cll.And(cll.ExactMatchLevel(column), *[cll.ExactMatchLevel(other) for other in together]))
    levels.append(cll.ExactMatchLevel(column, term_frequency_adjustments=bool(spec.get("term_frequency"))))
    for other in spec.get("exact_on", []):
        levels.append(cll.ExactMatchLevel(other))
    for threshold in spec.get("levenshtein", []):
        levels.append(cll.LevenshteinLevel(column, threshold))
    for threshold in spec.get("damerau_levenshtein", []):
        levels.append(cll.DamerauLevenshteinLevel(column, threshold))
    for threshold in spec.get("jaro_winkler", []):
        levels.append(cll.JaroWinklerLevel(column, threshold))
    levels.append(cll.ElseLevel())
    return cl.CustomComparison(comparison_levels=levels, output_column_name=spec.get("name", column))


def blocking_rule(rule: list[str] | str) -> Any:
    """A blocking rule: a list of columns that must be equal, or a SQL condition on `l` and `r`."""
    return rule if isinstance(rule, str) else block_on(*rule)


def splink_settings(config: dict[str, Any]) -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name=UNIQUE_ID,
        comparisons=[comparison(spec) for spec in config["comparisons"]],
        blocking_rules_to_generate_predictions=[blocking_rule(rule) for rule in config["blocking_rules"]],
        retain_intermediate_calculation_columns=True,
        retain_matching_columns=True,
    )


def term_frequency_columns(config: dict[str, Any]) -> list[str]:
    """The columns whose exact agreement is adjusted for how common the value is."""
    return list(dict.fromkeys(spec["column"] for spec in config["comparisons"] if spec.get("term_frequency")))


def compared_columns(config: dict[str, Any]) -> list[str]:
    """Every attribute column the configuration reads (comparisons, exact-on columns and blocking rules)."""
    columns: list[str] = []
    for spec in config["comparisons"]:
        columns += [spec["column"], *spec.get("exact_on", []), *spec.get("exact_with", [])]
    for rule in [*config["blocking_rules"], *config["training_blocking_rules"], *config["prior_rules"]]:
        if not isinstance(rule, str):
            columns += list(rule)
    return list(dict.fromkeys(columns))
