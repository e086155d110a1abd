"""Splink settings from the project's configuration (the var `probabilistic_matching` in dbt_project.yml).

Comparisons and blocking rules are data, not code: each comparison names a column and the levels it is compared
at (exact, exact on other columns such as a nickname's full form, edit distance, Jaro-Winkler similarity, date of
birth), so a new attribute is a line of configuration.

The var extends the defaults below rather than replacing them (merged_config):
- a key left out takes its default, key by key (a var with only `threshold` keeps every default rule);
- `extra_<list>` (extra_comparisons, extra_blocking_rules, extra_training_blocking_rules, extra_prior_rules,
  extra_must_agree, extra_corroborate_with) is appended to `<list>`, the default or the one the var gives;
  an entry already in the list is not repeated;
- a comparison of `extra_comparisons` whose name (its `name`, else its `column`) is that of a comparison of
  `comparisons` replaces it where it stands; any other is appended.
The result is validated before matching runs: unknown keys, unknown attributes, thresholds out of range and
malformed entries raise MatchingConfigError, which names each key at fault and how to put it right.

`python -m tessera.matching.settings --validate '<var as JSON or YAML>'` checks a value of the var from the
command line (without one, the var in dbt_project.yml), and prints the configuration matching would run with."""

from __future__ import annotations

import argparse
import copy
import difflib
import json
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator, block_on
from splink.blocking_rule_library import And, CustomRule

UNIQUE_ID = "record_key"
RECORD_SOURCE = "record_source"
VAR_NAME = "probabilistic_matching"

# The columns of int_person_attributes that matching may compare or block on (the person attributes).
ATTRIBUTES = (
    "given_name", "given_name_canonical", "family_name", "birth_date", "address_line", "postal_code", "city",
    "country_code", "phone", "email_local_part", "email_domain", "national_id",
)

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
    # pairs of record sources that are only linked to each other: no two records of one of these sources are
    # compared (each is taken to hold one record per person); pairs across sources are compared as before
    "link_only": [],
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

# lists the var may extend with `extra_<key>` instead of restating them
EXTENDABLE_KEYS = (
    "comparisons", "blocking_rules", "training_blocking_rules", "prior_rules", "must_agree", "corroborate_with",
)
EXTRA_KEYS = tuple(f"extra_{key}" for key in EXTENDABLE_KEYS)
# keys whose null is a value of its own (not "use the default")
NULLABLE_KEYS = ("training_sample_records", "memory_limit", "spill_directory")
RULE_KEYS = ("blocking_rules", "training_blocking_rules", "prior_rules")

COMPARISON_KEYS = (
    "column", "name", "term_frequency", "exact_on", "exact_with", "levenshtein", "damerau_levenshtein",
    "jaro_winkler", "date_of_birth",
)
# what a date-of-birth comparison builds itself (Splink's DateOfBirthComparison), so cannot be combined with it
LEVEL_KEYS = ("term_frequency", "exact_on", "exact_with", "levenshtein", "damerau_levenshtein", "jaro_winkler")
COMPARISON_EXAMPLE = "{column: national_id, damerau_levenshtein: [1]}"
RULE_EXAMPLE = "[family_name, postal_code]"
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
# a column of the left or right record in a SQL blocking rule: l.family_name, r."postal_code"
SQL_COLUMN = re.compile(r"\b([lr])\.\"?([A-Za-z_][A-Za-z0-9_]*)\"?")
MEMORY_PATTERN = re.compile(r"^\s*\d+(\.\d+)?\s*(%|[A-Za-z]+)\s*$")


class MatchingConfigError(ValueError):
    """The var `probabilistic_matching` is invalid; `problems` holds one line per key at fault."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        listed = "\n".join(f"  - {problem}" for problem in self.problems)
        super().__init__(f"the var {VAR_NAME} is invalid ({len(self.problems)} problem"
                         f"{'' if len(self.problems) == 1 else 's'}):\n{listed}")


def _suggestion(value: Any, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(str(value), list(known), n=1, cutoff=0.6)
    return f" (did you mean {close[0]}?)" if close else ""


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def comparison_name(spec: Mapping[str, Any]) -> Any:
    """The output name of a comparison (its gamma column, what must_agree and corroborate_with name)."""
    return spec.get("name", spec.get("column"))


def _merge_comparisons(
    base: list[tuple[str, Any]], extra: list[tuple[str, Any]]
) -> tuple[list[tuple[str, Any]], list[str]]:
    """`base` with each extra comparison replacing the one of the same name where it stands, else appended."""
    merged = list(base)
    problems = []
    seen: dict[Any, str] = {}
    for label, spec in extra:
        name = comparison_name(spec) if isinstance(spec, Mapping) else None
        if name is not None and name in seen:
            problems.append(f"{label}: a second comparison named {name} (after {seen[name]}); keep one of them")
            continue
        if name is not None:
            seen[name] = label
        position = next((index for index, (_, existing) in enumerate(merged)
                         if name is not None and isinstance(existing, Mapping)
                         and comparison_name(existing) == name), None)
        if position is None:
            merged.append((label, spec))
        else:
            merged[position] = (label, spec)
    return merged, problems


def _labelled_lists(config: Mapping[str, Any]) -> tuple[dict[str, list[tuple[str, Any]]], list[str]]:
    """Each extendable list after its extras, every entry with the key (and position) it came from."""
    lists: dict[str, list[tuple[str, Any]]] = {}
    problems: list[str] = []
    for key in EXTENDABLE_KEYS:
        given = config.get(key, DEFAULT_CONFIG[key])
        origin = key if key in config else f"{key} (default)"
        if not isinstance(given, list):
            problems.append(f"{key}: {given!r} is not a list; give a list, or leave the key out for the default")
            # the default stands in, so the other checks do not report the same mistake again
            given, origin = DEFAULT_CONFIG[key], f"{key} (default)"
        base = [(f"{origin}[{index}]", item) for index, item in enumerate(given)]
        extra_key = f"extra_{key}"
        extra = config.get(extra_key)
        if extra is None:
            lists[key] = base
            continue
        if not isinstance(extra, list):
            problems.append(f"{extra_key}: {extra!r} is not a list; give a list of entries to add to {key}")
            lists[key] = base
            continue
        labelled = [(f"{extra_key}[{index}]", item) for index, item in enumerate(extra)]
        if key == "comparisons":
            merged, found = _merge_comparisons(base, labelled)
            problems += found
        else:
            merged = list(base)
            for label, item in labelled:
                if all(item != existing for _, existing in merged):
                    merged.append((label, item))
        lists[key] = merged
    return lists, problems


def _attribute_problem(label: str, value: Any) -> str | None:
    if not isinstance(value, str) or value not in ATTRIBUTES:
        return (f"{label}: unknown attribute {value!r}{_suggestion(value, ATTRIBUTES)}; use one of the columns of "
                f"int_person_attributes: {', '.join(ATTRIBUTES)}")
    return None


def _rule_problems(label: str, rule: Any) -> list[str]:
    """A blocking rule is a list of attributes that must be equal, or a SQL condition on `l` and `r`."""
    if isinstance(rule, str):
        used = SQL_COLUMN.findall(rule)
        if not {side for side, _ in used} >= {"l", "r"}:
            return [f"{label}: the SQL condition {rule!r} compares no column of l with one of r; write the rule as "
                    f"a list of attributes that must be equal, such as {RULE_EXAMPLE}"]
        columns = dict.fromkeys(column for _, column in used)
        return [problem for column in columns if (problem := _attribute_problem(label, column))]
    if not isinstance(rule, list) or not rule:
        return [f"{label}: {rule!r} is not a blocking rule; give a list of attributes that must be equal, "
                f"such as {RULE_EXAMPLE}"]
    return [problem for value in rule if (problem := _attribute_problem(label, value))]


def _levels_problems(label: str, key: str, values: Any) -> list[str]:
    if not isinstance(values, list):
        return [f"{label}.{key}: {values!r} is not a list; give a list of thresholds, such as [1, 2]"]
    if key == "jaro_winkler":
        if not all(_is_number(value) and 0 < value < 1 for value in values):
            return [f"{label}.{key}: {values!r} holds a similarity outside (0, 1); give similarities such as "
                    f"[0.92, 0.8]"]
        if any(later >= earlier for earlier, later in zip(values, values[1:])):
            return [f"{label}.{key}: {values!r} is not decreasing; list the similarities from the highest, "
                    f"such as [0.92, 0.8] (a lower one first would take every pair the next one should)"]
        return []
    if not all(_is_whole(value) and value > 0 for value in values):
        return [f"{label}.{key}: {values!r} holds a distance that is not a whole number above 0; give distances "
                f"such as [1, 2]"]
    if any(later <= earlier for earlier, later in zip(values, values[1:])):
        return [f"{label}.{key}: {values!r} is not increasing; list the distances from the smallest, such as "
                f"[1, 2] (a larger one first would take every pair the next one should)"]
    return []


def _comparison_problems(label: str, spec: Any) -> list[str]:
    if not isinstance(spec, Mapping):
        return [f"{label}: {spec!r} is not a comparison; give a mapping such as {COMPARISON_EXAMPLE}"]
    problems = [
        f"{label}: unknown key {key!r}{_suggestion(key, COMPARISON_KEYS)}; a comparison takes "
        f"{', '.join(COMPARISON_KEYS)}"
        for key in spec if key not in COMPARISON_KEYS
    ]
    if "column" not in spec:
        problems.append(f"{label}: no column; name the attribute it compares, as in {COMPARISON_EXAMPLE}")
    elif problem := _attribute_problem(f"{label}.column", spec["column"]):
        problems.append(problem)
    if "name" in spec and not (isinstance(spec["name"], str) and NAME_PATTERN.match(spec["name"])):
        problems.append(f"{label}.name: {spec['name']!r} is not a lower-case name of letters, digits and "
                        f"underscores; it names the comparison's output (gamma_<name>), such as address")
    for key in ("term_frequency", "date_of_birth"):
        if key in spec and not isinstance(spec[key], bool):
            problems.append(f"{label}.{key}: {spec[key]!r} is not true or false")
    for key in ("exact_on", "exact_with"):
        if key not in spec:
            continue
        if not isinstance(spec[key], list):
            problems.append(f"{label}.{key}: {spec[key]!r} is not a list; give a list of attributes")
            continue
        problems += [problem for value in spec[key] if (problem := _attribute_problem(f"{label}.{key}", value))]
    for key in ("levenshtein", "damerau_levenshtein", "jaro_winkler"):
        if key in spec:
            problems += _levels_problems(label, key, spec[key])
    if spec.get("date_of_birth") is True:
        combined = [key for key in LEVEL_KEYS if key in spec]
        if combined:
            problems.append(f"{label}: date_of_birth builds its own levels, so {', '.join(combined)} would be "
                            f"ignored; remove {'it' if len(combined) == 1 else 'them'} or date_of_birth")
    return problems


def _name_list_problems(key: str, entries: list[tuple[str, Any]], names: list[Any]) -> list[str]:
    known = [str(name) for name in names]
    return [
        f"{label}: {value!r} names no comparison{_suggestion(value, known)}; name one of the comparisons "
        f"({', '.join(known)}) or add a comparison with that name"
        for label, value in entries if not isinstance(value, str) or value not in known
    ]


def _scalar_problems(config: Mapping[str, Any]) -> list[str]:
    problems = []
    if not isinstance(config["enabled"], bool):
        problems.append(f"enabled: {config['enabled']!r} is not true or false")
    threshold = config["threshold"]
    if not (_is_number(threshold) and 0 < threshold < 1):
        problems.append(f"threshold: {threshold!r} is not a probability strictly between 0 and 1; give the match "
                        f"probability a pair needs to link, such as 0.99")
    recall = config["prior_recall"]
    if not (_is_number(recall) and 0 < recall <= 1):
        problems.append(f"prior_recall: {recall!r} is not a share in (0, 1]; give the share of true pairs the "
                        f"prior rules find, such as 0.6")
    if not (_is_whole(config["random_seed"]) and config["random_seed"] >= 0):
        problems.append(f"random_seed: {config['random_seed']!r} is not a whole number of 0 or more, such as 42")
    if not (_is_whole(config["u_max_pairs"]) and config["u_max_pairs"] > 0):
        problems.append(f"u_max_pairs: {config['u_max_pairs']!r} is not a whole number above 0, such as 1000000")
    sample = config["training_sample_records"]
    if sample is not None and not (_is_whole(sample) and sample > 1):
        problems.append(f"training_sample_records: {sample!r} is not a whole number above 1; give a number of "
                        f"records such as 500000, or null to train on every record")
    memory = config["memory_limit"]
    if memory is not None and not (isinstance(memory, str) and MEMORY_PATTERN.match(memory)):
        problems.append(f"memory_limit: {memory!r} is not a DuckDB memory limit with its unit; give one such as "
                        f"4GB, or null for DuckDB's default")
    for key in ("reports_path", "spill_directory"):
        value = config[key]
        if not (isinstance(value, str) and value) and not (key == "spill_directory" and value is None):
            problems.append(f"{key}: {value!r} is not a folder path")
    limits = config["cluster_attribute_limits"]
    if not isinstance(limits, Mapping):
        problems.append(f"cluster_attribute_limits: {limits!r} is not a mapping of attribute to limit, such as "
                        f"{{birth_date: 1}}")
    else:
        for attribute, limit in limits.items():
            if problem := _attribute_problem("cluster_attribute_limits", attribute):
                problems.append(problem)
            if not (_is_whole(limit) and limit > 0):
                problems.append(f"cluster_attribute_limits.{attribute}: {limit!r} is not a whole number above 0; "
                                f"give how many known values a cluster may hold, such as 1")
    pairs = config["link_only"]
    if not isinstance(pairs, list):
        problems.append(f"link_only: {pairs!r} is not a list; give pairs of record sources, such as "
                        f"[[registry_a, registry_b]]")
        pairs = []
    if pairs and all(isinstance(pair, str) for pair in pairs):
        problems.append(f"link_only: {pairs!r} is one list of sources, not a list of pairs; write "
                        f"[[{', '.join(pairs)}]] for sources linked to each other only")
        pairs = []
    for index, pair in enumerate(pairs):
        label = f"link_only[{index}]"
        if not (isinstance(pair, (list, tuple)) and len(pair) == 2 and all(isinstance(source, str) and source
                                                                   for source in pair) and pair[0] != pair[1]):
            problems.append(f"{label}: {pair!r} is not a pair of two different record sources; give one such as "
                            f"[registry_a, registry_b]")
    return problems


def link_only_warnings(config: Mapping[str, Any], record_sources: Sequence[str]) -> list[str]:
    """The sources of `link_only` that none of `record_sources` (those of the person records matched) is: most
    likely a misspelt source, which then changes nothing. A warning, not an error: a declared source may have
    no person records in a run."""
    known = sorted(set(record_sources))
    named = link_only_sources(config)
    # the likely meant source is one the pairs do not name already
    candidates = [source for source in known if source not in named]
    return [
        f"link_only names {source!r}, which no person record comes from{_suggestion(source, candidates)}; the "
        f"record sources are {', '.join(known) or 'none'}"
        for source in named if source not in known
    ]


def _validated(
    config: Mapping[str, Any], lists: dict[str, list[tuple[str, Any]]]
) -> list[str]:
    problems = _scalar_problems(config)
    for key in RULE_KEYS:
        if not lists[key]:
            problems.append(f"{key}: empty; give at least one rule such as {RULE_EXAMPLE}, or leave the key out "
                            f"for the default")
        for label, rule in lists[key]:
            problems += _rule_problems(label, rule)
    if not lists["comparisons"]:
        problems.append(f"comparisons: empty; give at least one, such as {COMPARISON_EXAMPLE}, or leave the key "
                        f"out for the default")
    names: list[Any] = []
    compared: dict[Any, str] = {}
    for label, spec in lists["comparisons"]:
        found = _comparison_problems(label, spec)
        problems += found
        if found:
            # still a name must_agree and corroborate_with may refer to
            names += [comparison_name(spec)] if isinstance(spec, Mapping) and comparison_name(spec) else []
            continue
        name = comparison_name(spec)
        if name in names:
            problems.append(f"{label}: a second comparison named {name}; give it another name, or use "
                            f"extra_comparisons to replace the first")
        elif spec["column"] in compared:
            problems.append(
                f"{label}: compares {spec['column']}, as the comparison {compared[spec['column']]} does, so its "
                f"evidence would count twice; to replace that comparison give this one name: "
                f"{compared[spec['column']]}")
        names.append(name)
        compared.setdefault(spec["column"], name)
    for key in ("must_agree", "corroborate_with"):
        problems += _name_list_problems(key, lists[key], names)
    training = [rule for label, rule in lists["training_blocking_rules"] if not _rule_problems(label, rule)]
    if training and not problems:
        for name in untrained_comparisons([spec for _, spec in lists["comparisons"]], training):
            spec = next(spec for _, spec in lists["comparisons"] if comparison_name(spec) == name)
            problems.append(
                f"comparisons: {name} is estimated by no training blocking rule (each blocks on one of "
                f"{', '.join(comparison_columns(spec))}, which fixes its agreement); add a rule on none of them to "
                f"extra_training_blocking_rules")
    return problems


def validate_config(config: Mapping[str, Any] | None) -> tuple[dict[str, Any], list[str]]:
    """The configuration matching runs with (`config` over the defaults, extras merged in) and every problem with
    it, one line each naming the key at fault and the fix."""
    if config is None:
        config = {}
    if not isinstance(config, Mapping):
        return copy.deepcopy(DEFAULT_CONFIG), [
            f"{VAR_NAME}: {config!r} is not a mapping of settings; give one such as {{threshold: 0.99}}"]
    known = [*DEFAULT_CONFIG, *EXTRA_KEYS]
    problems = [
        f"{key}: unknown key{_suggestion(key, known)}; the keys are {', '.join(known)}"
        for key in config if key not in known
    ]
    for key, value in config.items():
        if value is None and key in DEFAULT_CONFIG and key not in NULLABLE_KEYS:
            problems.append(f"{key}: null; give a value, or leave the key out for the default")
    given = {key: value for key, value in config.items()
             if key in DEFAULT_CONFIG and not (value is None and key not in NULLABLE_KEYS)}
    lists, found = _labelled_lists(given | {key: config[key] for key in EXTRA_KEYS if key in config})
    problems += found
    merged = copy.deepcopy({**DEFAULT_CONFIG, **given})
    for key in EXTENDABLE_KEYS:
        merged[key] = copy.deepcopy([entry for _, entry in lists[key]])
    problems += _validated(merged, lists)
    return merged, problems


def merged_config(config: Mapping[str, Any] | None) -> dict[str, Any]:
    """The configuration matching runs with: `config` over the defaults key by key, each `extra_<list>` merged
    into its list (module docstring). Raises MatchingConfigError naming every key at fault. The result has no
    `extra_` keys, so merging it again gives it back."""
    merged, problems = validate_config(config)
    if problems:
        raise MatchingConfigError(problems)
    return merged


def comparison(spec: dict[str, Any]) -> cl.CustomComparison | cl.DateOfBirthComparison:
    """One Splink comparison from its configuration: levels from the most to the least similar."""
    column = spec["column"]
    if spec.get("date_of_birth"):
        born = cl.DateOfBirthComparison(column, input_is_string=True)
        if comparison_name(spec) == column:
            return born
        return cl.CustomComparison(comparison_levels=born.create_comparison_levels(),
                                   output_column_name=comparison_name(spec))
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
    return cl.CustomComparison(comparison_levels=levels, output_column_name=comparison_name(spec))


def link_only_sources(config: Mapping[str, Any]) -> list[str]:
    """The record sources named in a `link_only` pair: none of them is compared with itself."""
    return sorted({source for pair in config.get("link_only") or [] for source in pair})


def _text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def link_only_condition(sources: Sequence[str]) -> str | None:
    """The condition every blocking rule gets when some sources are link-only: a pair of two records of one of
    them is never generated. None when no source is."""
    if not sources:
        return None
    listed = ", ".join(_text(source) for source in sources)
    return (f"not (l.{RECORD_SOURCE} = r.{RECORD_SOURCE} and l.{RECORD_SOURCE} in ({listed}))")


def blocking_rule(rule: list[str] | str, link_only: Sequence[str] = ()) -> Any:
    """A blocking rule: a list of columns that must be equal, or a SQL condition on `l` and `r`; with link-only
    sources, restricted to the pairs that are not two records of one of them."""
    condition = link_only_condition(link_only)
    if condition is None:
        return rule if isinstance(rule, str) else block_on(*rule)
    base = CustomRule(rule) if isinstance(rule, str) else block_on(*rule)
    return And(base, CustomRule(condition))


def splink_settings(config: dict[str, Any]) -> SettingsCreator:
    sources = link_only_sources(config)
    return SettingsCreator(
        # dedupe_only over one table: the link-only pairs are a condition of every blocking rule, since Splink's
        # link types apply to all inputs alike and a mix of deduplicated and link-only sources is none of them
        link_type="dedupe_only",
        unique_id_column_name=UNIQUE_ID,
        comparisons=[comparison(spec) for spec in config["comparisons"]],
        blocking_rules_to_generate_predictions=[blocking_rule(rule, sources) for rule in config["blocking_rules"]],
        retain_intermediate_calculation_columns=True,
        retain_matching_columns=True,
    )


def comparison_columns(spec: Mapping[str, Any]) -> list[str]:
    """The attribute columns a comparison reads."""
    return [spec["column"], *spec.get("exact_on", []), *spec.get("exact_with", [])]


def rule_columns(rule: list[str] | str) -> list[str]:
    """The attribute columns a blocking rule reads."""
    if isinstance(rule, str):
        return list(dict.fromkeys(column for _, column in SQL_COLUMN.findall(rule)))
    return list(rule)


def rule_label(rule: list[str] | str) -> str:
    return rule if isinstance(rule, str) else " and ".join(rule)


def untrained_comparisons(comparisons: Sequence[Mapping[str, Any]], rules: Sequence[list[str] | str]) -> list[Any]:
    """The comparisons no training rule estimates: expectation maximisation on a rule leaves out the comparisons
    that read a column the rule blocks on (their agreement is forced by the rule), so a comparison needs a rule
    on none of its columns."""
    return [comparison_name(spec) for spec in comparisons
            if not any(set(comparison_columns(spec)).isdisjoint(rule_columns(rule)) for rule in rules)]


def term_frequency_columns(config: dict[str, Any]) -> list[str]:
    """The columns whose exact agreement is adjusted for how common the value is."""
    return list(dict.fromkeys(spec["column"] for spec in config["comparisons"] if spec.get("term_frequency")))


def compared_columns(config: dict[str, Any]) -> list[str]:
    """Every attribute column the configuration reads (comparisons, exact-on columns and blocking rules)."""
    columns: list[str] = []
    for spec in config["comparisons"]:
        columns += comparison_columns(spec)
    for rule in [*config["blocking_rules"], *config["training_blocking_rules"], *config["prior_rules"]]:
        columns += rule_columns(rule)
    return list(dict.fromkeys(columns))


def record_columns(config: dict[str, Any]) -> list[str]:
    """The columns of the records matching reads: the key, the record source when some sources are link-only,
    and the compared attributes."""
    return [UNIQUE_ID, *([RECORD_SOURCE] if link_only_sources(config) else []), *compared_columns(config)]


def main(argv: Sequence[str] | None = None) -> int:
    """Checks a value of the var and prints the configuration it gives (exit 0), or its problems (exit 1)."""
    import yaml

    parser = argparse.ArgumentParser(prog="python -m tessera.matching.settings", description=__doc__.split("\n")[0])
    parser.add_argument("--validate", nargs="?", const="", metavar="VAR", required=True,
                        help="the var's value as JSON or YAML (as given to dbt --vars); without it, the var in "
                             "the project file")
    parser.add_argument("--project", type=Path, default=Path("dbt_project.yml"),
                        help="the dbt_project.yml whose var is checked when VAR is not given")
    arguments = parser.parse_args(argv)
    try:
        if arguments.validate:
            config = yaml.safe_load(arguments.validate)
        else:
            config = ((yaml.safe_load(arguments.project.read_text()) or {}).get("vars") or {}).get(VAR_NAME)
    except (OSError, yaml.YAMLError) as error:
        print(f"the var {VAR_NAME} could not be read: {error}", file=sys.stderr)
        return 1
    merged, problems = validate_config(config)
    if problems:
        print(MatchingConfigError(problems), file=sys.stderr)
        return 1
    print(json.dumps(merged, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
