"""The var `probabilistic_matching` extends the defaults (key by key, `extra_<list>` appended, a comparison of the
same name replaced) and is validated before matching runs, every mistake named with its key and its fix."""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tessera.matching.settings import (
    ATTRIBUTES, DEFAULT_CONFIG, MatchingConfigError, blocking_rule, comparison, compared_columns, link_only_warnings,
    main, merged_config, record_columns, validate_config,
)

PROJECT_DIR = Path(__file__).resolve().parent.parent
NATIONAL_ID = {"column": "national_id", "damerau_levenshtein": [1]}


def problems_of(config: dict) -> list[str]:
    with pytest.raises(MatchingConfigError) as raised:
        merged_config(config)
    assert str(raised.value).startswith("the var probabilistic_matching is invalid")
    return raised.value.problems


def only_problem(config: dict) -> str:
    problems = problems_of(config)
    assert len(problems) == 1, problems
    return problems[0]


# merging


def test_a_partial_var_takes_the_defaults_for_every_key_it_leaves_out() -> None:
    merged = merged_config({"threshold": 0.9, "training_sample_records": None})
    assert merged == {**DEFAULT_CONFIG, "threshold": 0.9, "training_sample_records": None}
    assert merged_config(None) == merged_config({}) == DEFAULT_CONFIG


def test_extras_are_appended_to_the_default_lists() -> None:
    before = copy.deepcopy(DEFAULT_CONFIG)
    merged = merged_config({
        "extra_comparisons": [NATIONAL_ID],
        "extra_blocking_rules": [["national_id"]],
        "extra_training_blocking_rules": [["national_id"]],
        "extra_prior_rules": [["national_id", "birth_date"]],
        "extra_corroborate_with": ["national_id"],
        "extra_must_agree": ["family_name"],
    })
    assert merged["comparisons"] == [*DEFAULT_CONFIG["comparisons"], NATIONAL_ID]
    assert merged["blocking_rules"] == [*DEFAULT_CONFIG["blocking_rules"], ["national_id"]]
    assert merged["training_blocking_rules"] == [*DEFAULT_CONFIG["training_blocking_rules"], ["national_id"]]
    assert merged["prior_rules"] == [*DEFAULT_CONFIG["prior_rules"], ["national_id", "birth_date"]]
    assert merged["corroborate_with"] == [*DEFAULT_CONFIG["corroborate_with"], "national_id"]
    assert merged["must_agree"] == ["given_name", "family_name"]
    # the result runs as it is: no extra keys left to apply twice, and the defaults are untouched
    assert not any(key.startswith("extra_") for key in merged)
    assert merged_config(merged) == merged
    assert DEFAULT_CONFIG == before


def test_extras_are_appended_to_a_list_the_var_gives_and_not_repeated() -> None:
    merged = merged_config({"blocking_rules": [["phone"]], "extra_blocking_rules": [["email_local_part"], ["phone"]],
                            "extra_corroborate_with": ["phone"]})
    assert merged["blocking_rules"] == [["phone"], ["email_local_part"]]
    assert merged["corroborate_with"] == DEFAULT_CONFIG["corroborate_with"]


def test_an_extra_comparison_of_a_default_name_replaces_it_where_it_stands() -> None:
    wider_address = {"name": "address", "column": "postal_code", "exact_with": ["address_line"], "levenshtein": [2]}
    plain_phone = {"column": "phone"}
    merged = merged_config({"extra_comparisons": [wider_address, plain_phone, NATIONAL_ID]})
    names = [spec.get("name", spec["column"]) for spec in merged["comparisons"]]
    assert names == ["given_name", "family_name", "birth_date", "address", "email", "phone", "national_id"]
    assert merged["comparisons"][3] == wider_address and merged["comparisons"][5] == plain_phone
    # and one of a list the var gives
    merged = merged_config({"comparisons": [{"column": "given_name"}, {"column": "family_name"}],
                            "must_agree": [], "corroborate_with": [],
                            "extra_comparisons": [{"column": "given_name", "jaro_winkler": [0.9]}]})
    assert merged["comparisons"] == [{"column": "given_name", "jaro_winkler": [0.9]}, {"column": "family_name"}]


def test_a_named_date_of_birth_comparison_is_output_under_its_name() -> None:
    named = comparison({"name": "born", "column": "birth_date", "date_of_birth": True}).get_comparison("duckdb")
    plain = comparison({"column": "birth_date", "date_of_birth": True}).get_comparison("duckdb")
    assert named.output_column_name == "born" and plain.output_column_name == "birth_date"
    assert len(named.comparison_levels) == len(plain.comparison_levels)


def test_columns_read_include_those_of_sql_rules_and_the_source_when_link_only() -> None:
    config = merged_config({"extra_blocking_rules": ["l.city = r.city and l.country_code = r.country_code"]})
    assert {"city", "country_code"} <= set(compared_columns(config))
    assert "record_source" not in record_columns(config)
    assert record_columns(merged_config({"link_only": [["a", "b"]]}))[:2] == ["record_key", "record_source"]


def test_a_link_only_rule_excludes_pairs_within_the_listed_sources_only() -> None:
    plain = blocking_rule(["family_name"]).get_blocking_rule("duckdb").blocking_rule_sql
    restricted = blocking_rule(["family_name"], ["reg_a", "reg_b"]).get_blocking_rule("duckdb").blocking_rule_sql
    assert "record_source" not in plain
    assert restricted.startswith(f"({plain})")
    assert "not (l.record_source = r.record_source and l.record_source in ('reg_a', 'reg_b'))" in restricted


def test_the_attributes_are_the_columns_of_int_person_attributes() -> None:
    sql = (PROJECT_DIR / "models" / "intermediate" / "identity" / "int_person_attributes.sql").read_text()
    declared = re.search(r"set columns = \{(.*?)\}", sql, re.S).group(1)
    columns = re.findall(r"'(\w+)':", declared)
    assert set(ATTRIBUTES) == {*columns, "given_name_canonical"}


# validation: each mistake is named with its key and how to put it right


def test_an_unknown_key_is_named_with_the_key_it_is_probably() -> None:
    problem = only_problem({"treshold": 0.9})
    assert problem.startswith("treshold: unknown key (did you mean threshold?); the keys are enabled, threshold")
    assert "extra_comparisons" in problem


@pytest.mark.parametrize("threshold", [0, 1, 1.5, -0.2, "0.9", True, None])
def test_a_threshold_outside_zero_and_one_is_refused(threshold) -> None:
    problem = only_problem({"threshold": threshold})
    if threshold is None:
        assert problem == "threshold: null; give a value, or leave the key out for the default"
    else:
        assert problem == (f"threshold: {threshold!r} is not a probability strictly between 0 and 1; give the "
                           f"match probability a pair needs to link, such as 0.99")


def test_unknown_attributes_in_comparisons_and_rules_are_named_with_their_place() -> None:
    problems = problems_of({
        "extra_comparisons": [{"column": "nationl_id"}, {"column": "city", "exact_on": ["town"]}],
        "extra_blocking_rules": [["national_id", "zip"], "l.surname = r.surname"],
        "prior_rules": [["email"]],
        "cluster_attribute_limits": {"date_of_birth": 1},
    })
    attributes = "use one of the columns of int_person_attributes: " + ", ".join(ATTRIBUTES)
    assert problems == [
        f"cluster_attribute_limits: unknown attribute 'date_of_birth'; {attributes}",
        f"extra_blocking_rules[0]: unknown attribute 'zip'; {attributes}",
        f"extra_blocking_rules[1]: unknown attribute 'surname'; {attributes}",
        f"prior_rules[0]: unknown attribute 'email'; {attributes}",
        f"extra_comparisons[0].column: unknown attribute 'nationl_id' (did you mean national_id?); {attributes}",
        f"extra_comparisons[1].exact_on: unknown attribute 'town'; {attributes}",
    ]


@pytest.mark.parametrize(("config", "expected"), [
    ({"extra_comparisons": ["national_id"]},
     "extra_comparisons[0]: 'national_id' is not a comparison; give a mapping such as "
     "{column: national_id, damerau_levenshtein: [1]}"),
    ({"extra_comparisons": [{"name": "id", "damerau_levenshtein": [1]}]},
     "extra_comparisons[0]: no column; name the attribute it compares, as in "
     "{column: national_id, damerau_levenshtein: [1]}"),
    ({"extra_comparisons": [{"column": "national_id", "levenstein": [1]}]},
     "extra_comparisons[0]: unknown key 'levenstein' (did you mean levenshtein?); a comparison takes column, name, "
     "term_frequency, exact_on, exact_with, levenshtein, damerau_levenshtein, jaro_winkler, date_of_birth"),
    ({"extra_comparisons": [{"column": "city", "jaro_winkler": [0.8, 0.92]}]},
     "extra_comparisons[0].jaro_winkler: [0.8, 0.92] is not decreasing; list the similarities from the highest, "
     "such as [0.92, 0.8] (a lower one first would take every pair the next one should)"),
    ({"extra_comparisons": [{"column": "city", "levenshtein": [0.5]}]},
     "extra_comparisons[0].levenshtein: [0.5] holds a distance that is not a whole number above 0; give distances "
     "such as [1, 2]"),
    ({"extra_comparisons": [{"name": "birth_date", "column": "birth_date", "date_of_birth": True,
                             "levenshtein": [1]}]},
     "extra_comparisons[0]: date_of_birth builds its own levels, so levenshtein would be ignored; remove it or "
     "date_of_birth"),
    ({"extra_comparisons": [{"name": "Zip Code", "column": "city"}]},
     "extra_comparisons[0].name: 'Zip Code' is not a lower-case name of letters, digits and underscores; it names "
     "the comparison's output (gamma_<name>), such as address"),
    ({"extra_comparisons": [NATIONAL_ID, {**NATIONAL_ID, "damerau_levenshtein": [2]}]},
     "extra_comparisons[1]: a second comparison named national_id (after extra_comparisons[0]); keep one of them"),
    ({"extra_comparisons": [{"column": "postal_code", "levenshtein": [2]}]},
     "extra_comparisons[0]: compares postal_code, as the comparison address does, so its evidence would count "
     "twice; to replace that comparison give this one name: address"),
    ({"extra_blocking_rules": ["national_id"]},
     "extra_blocking_rules[0]: the SQL condition 'national_id' compares no column of l with one of r; write the "
     "rule as a list of attributes that must be equal, such as [family_name, postal_code]"),
    ({"extra_blocking_rules": [[]]},
     "extra_blocking_rules[0]: [] is not a blocking rule; give a list of attributes that must be equal, such as "
     "[family_name, postal_code]"),
    ({"extra_blocking_rules": "national_id"},
     "extra_blocking_rules: 'national_id' is not a list; give a list of entries to add to blocking_rules"),
    ({"blocking_rules": []},
     "blocking_rules: empty; give at least one rule such as [family_name, postal_code], or leave the key out for "
     "the default"),
    ({"extra_corroborate_with": ["national_id"]},
     "extra_corroborate_with[0]: 'national_id' names no comparison; name one of the comparisons (given_name, "
     "family_name, birth_date, address, email, phone) or add a comparison with that name"),
    ({"must_agree": ["given"]},
     "must_agree[0]: 'given' names no comparison (did you mean given_name?); name one of the comparisons "
     "(given_name, family_name, birth_date, address, email, phone) or add a comparison with that name"),
    ({"link_only": ["registry_a", "registry_b"]},
     "link_only: ['registry_a', 'registry_b'] is one list of sources, not a list of pairs; write "
     "[[registry_a, registry_b]] for sources linked to each other only"),
    ({"link_only": [["registry_a", "registry_b", "registry_c"]]},
     "link_only[0]: ['registry_a', 'registry_b', 'registry_c'] is not a pair of two different record sources; "
     "give one such as [registry_a, registry_b]"),
    ({"link_only": [["registry_a", "registry_a"]]},
     "link_only[0]: ['registry_a', 'registry_a'] is not a pair of two different record sources; give one such as "
     "[registry_a, registry_b]"),
    ({"cluster_attribute_limits": {"birth_date": 0}},
     "cluster_attribute_limits.birth_date: 0 is not a whole number above 0; give how many known values a cluster "
     "may hold, such as 1"),
    ({"memory_limit": 4},
     "memory_limit: 4 is not a DuckDB memory limit with its unit; give one such as 4GB, or null for DuckDB's "
     "default"),
    ({"prior_recall": 0},
     "prior_recall: 0 is not a share in (0, 1]; give the share of true pairs the prior rules find, such as 0.6"),
    ({"u_max_pairs": 1e6},
     "u_max_pairs: 1000000.0 is not a whole number above 0, such as 1000000"),
    ({"enabled": "yes"}, "enabled: 'yes' is not true or false"),
    ({"comparisons": None}, "comparisons: null; give a value, or leave the key out for the default"),
])
def test_a_malformed_entry_is_named_with_its_key_and_the_fix(config: dict, expected: str) -> None:
    assert only_problem(config) == expected


def test_a_removed_comparison_that_rules_still_name_is_reported() -> None:
    # corroborate_with names address, which this comparisons list no longer has
    comparisons = [spec for spec in DEFAULT_CONFIG["comparisons"] if spec.get("name") != "address"]
    assert only_problem({"comparisons": comparisons}).startswith(
        "corroborate_with (default)[0]: 'address' names no comparison; name one of the comparisons (given_name, "
        "family_name, birth_date, email, phone)")


def test_a_comparison_no_training_rule_estimates_is_reported() -> None:
    # expectation maximisation on a rule leaves out the comparisons that read a column it blocks on
    assert problems_of({"training_blocking_rules": [["given_name_canonical", "family_name"]]}) == [
        "comparisons: given_name is estimated by no training blocking rule (each blocks on one of given_name, "
        "given_name_canonical, which fixes its agreement); add a rule on none of them to "
        "extra_training_blocking_rules",
        "comparisons: family_name is estimated by no training blocking rule (each blocks on one of family_name, "
        "which fixes its agreement); add a rule on none of them to extra_training_blocking_rules",
    ]
    assert merged_config({"training_blocking_rules": [["given_name_canonical", "family_name"]],
                          "extra_training_blocking_rules": [["postal_code", "address_line"]]})


def test_a_link_only_source_no_person_record_comes_from_is_a_warning() -> None:
    config = merged_config({"link_only": [["crm_contact", "people_registry"]]})
    sources = ["crm_contacts", "shop_customers", "people_registry", "crm_contacts"]
    assert link_only_warnings(config, sources) == [
        "link_only names 'crm_contact', which no person record comes from (did you mean crm_contacts?); the record "
        "sources are crm_contacts, people_registry, shop_customers"]
    assert link_only_warnings(merged_config({"link_only": [["crm_contacts", "people_registry"]]}), sources) == []


def test_every_problem_is_reported_at_once() -> None:
    merged, problems = validate_config({"treshold": 0.9, "threshold": 2, "extra_blocking_rules": [["zip"]]})
    assert [problem.split(":")[0] for problem in problems] == ["treshold", "threshold", "extra_blocking_rules[0]"]
    assert merged["blocking_rules"][-1] == ["zip"]
    assert validate_config("threshold: 0.9")[1] == [
        "probabilistic_matching: 'threshold: 0.9' is not a mapping of settings; give one such as {threshold: 0.99}"]


# the command line


def test_the_command_line_prints_the_merged_configuration_or_the_problems(capsys) -> None:
    assert main(["--validate", "{extra_blocking_rules: [[national_id]], threshold: 0.95}"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["threshold"] == 0.95 and printed["blocking_rules"][-1] == ["national_id"]
    assert main(["--validate", '{"threshold": 2, "link_only": [["crm_contacts"]]}']) == 1
    error = capsys.readouterr().err
    assert error.startswith("the var probabilistic_matching is invalid (2 problems):\n")
    assert "  - threshold: 2 is not a probability strictly between 0 and 1" in error
    assert "  - link_only[0]: ['crm_contacts'] is not a pair of two different record sources" in error


def test_the_command_line_checks_the_var_of_the_project_file() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tessera.matching.settings", "--validate", "--project",
         str(PROJECT_DIR / "dbt_project.yml")],
        capture_output=True, text=True, check=False, cwd=PROJECT_DIR,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == DEFAULT_CONFIG
