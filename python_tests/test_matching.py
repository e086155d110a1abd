"""tessera.matching on its own: training on a small frame finds its duplicates, the threshold filters, the
cannot-link union-find refuses merges over the hard-identifier limits, and the configuration builds the model."""

from __future__ import annotations

import json
import random

import pandas as pd
import pytest

from tessera.matching.merge import LimitedUnionFind, merge_components
from tessera.matching.model import (
    PAIR_COLUMNS, _top_levels, agreed_attributes_sql, conflicting_attributes_sql, scored_share, train_and_predict,
    training_sample,
)
from tessera.matching.pipeline import decide_pairs, hard_identifier_counts, run
from tessera.matching.settings import compared_columns, comparison, merged_config

GIVEN = ["anna", "bruno", "clara", "dieter", "emma", "felix", "greta", "hanna", "ivan", "julia", "karl", "lena",
         "marta", "nils", "olga", "paul", "rosa", "stefan", "tina", "uwe", "vera", "walter", "yara", "zoe"]
FAMILY = ["adler", "bauer", "conrad", "dietz", "engel", "fuchs", "graf", "haas", "iske", "jung", "kraus", "lang",
          "mohr", "nagel", "ott", "peters", "quast", "roth", "sauer", "thiel", "ulrich", "vogel", "wolf", "zorn"]


# The attribute rules as plain Python: the oracle the SQL the model runs (agreed_attributes_sql,
# conflicting_attributes_sql) is checked against, pair by pair.
def agreed_attributes(gammas: dict[str, int | None], tops: dict[str, int]) -> str:
    """Which attributes agreed on a pair: `name` when exactly, `name~` when only similar (comma-separated)."""
    agreed = []
    for column, top in tops.items():
        gamma = gammas.get(column)
        if gamma is None or pd.isna(gamma) or gamma <= 0:
            continue
        agreed.append(column if gamma == top else f"{column}~")
    return ",".join(agreed)


def conflicting_attributes(
    gammas: dict[str, int | None], must_agree: list[str], corroborate_with: list[str] | None = None,
    tops: dict[str, int] | None = None,
) -> str | None:
    """Why a pair may not link whatever its probability: the `must_agree` comparisons that do not agree (missing
    on a side, or at none of their similar levels: two records with different given names are two people however
    much else they share, and without a given name on both a shared surname, home and family email do not tell
    them apart), and `none of ...` when no `corroborate_with` comparison agrees exactly (`tops`: the gamma of
    each comparison's exact level)."""
    reasons = [f"{column} does not agree" for column in must_agree
               if gammas.get(column) is None or pd.isna(gammas.get(column)) or gammas.get(column) <= 0]
    if corroborate_with and not any(gammas.get(column) == (tops or {}).get(column) for column in corroborate_with):
        reasons.append("no exact agreement on " + "/".join(corroborate_with))
    return "; ".join(reasons) or None


def _typo(rng: random.Random, text: str) -> str:
    position = rng.randrange(1, len(text) - 1)
    return text[:position] + text[position + 1] + text[position] + text[position + 2 :]


def people_frame(persons: int = 150, seed: int = 3) -> pd.DataFrame:
    """Records of `persons` people, most written two or three times with typos and missing fields; `person`
    is the truth."""
    rng = random.Random(seed)
    rows = []
    for person in range(persons):
        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
        birth = f"{rng.randint(1940, 2004)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        postal, street = f"{rng.randint(10000, 99999)}", f"{rng.randint(1, 200)} {rng.choice(FAMILY)}strasse"
        email = f"{given[0]}{family}{rng.randint(1, 999)}"
        domain = rng.choice(["mail.test", "post.test", "inbox.test"])
        for copy in range(rng.choice([1, 2, 2, 3])):
            rows.append({
                "record_key": f"src:{person}-{copy}",
                "given_name": _typo(rng, given) if copy and rng.random() < 0.2 else given,
                "family_name": family,
                "birth_date": birth if rng.random() < 0.7 else None,
                "postal_code": postal if rng.random() < 0.9 else None,
                "address_line": street if rng.random() < 0.8 else None,
                "email_local_part": _typo(rng, email) if copy and rng.random() < 0.2 else email,
                "email_domain": domain,
                "phone": None,
                "person": person,
            })
    frame = pd.DataFrame(rows)
    frame["given_name_canonical"] = frame["given_name"]
    return frame


@pytest.fixture(scope="module")
def matched() -> tuple[pd.DataFrame, object]:
    frame = people_frame()
    return frame, train_and_predict(frame, merged_config({"threshold": 0.5, "u_max_pairs": 50_000}))


def test_training_without_labels_finds_the_duplicates_of_a_small_frame(matched) -> None:
    frame, result = matched
    truth = dict(zip(frame["record_key"], frame["person"]))
    assert result.pairs_compared >= len(result.pairs) > 0
    # pairs that may link (no must-agree or corroboration conflict) are nearly all true, and hold most true pairs
    pairs = result.pairs[result.pairs["conflicting_attributes"].isna()]
    flagged = result.pairs[result.pairs["conflicting_attributes"].notna()]
    same = pairs["record_key_l"].map(truth) == pairs["record_key_r"].map(truth)
    flagged_same = flagged["record_key_l"].map(truth) == flagged["record_key_r"].map(truth)
    true_pairs = int((frame.groupby("person").size().map(lambda n: n * (n - 1) // 2)).sum())
    assert same.mean() >= 0.97, pairs[~same]
    assert same.sum() >= 0.85 * true_pairs
    assert flagged_same.mean() < same.mean()
    assert result.training_seconds > 0 and result.prediction_seconds > 0
    assert set(pairs.columns) >= {"match_probability", "agreed_attributes", "conflicting_attributes"}


def test_the_threshold_keeps_only_pairs_at_or_above_it(matched) -> None:
    frame, loose = matched
    strict = train_and_predict(frame, merged_config({"threshold": 0.9999, "u_max_pairs": 50_000}))
    assert (strict.pairs["match_probability"] >= 0.9999).all()
    assert (loose.pairs["match_probability"] >= 0.5).all()
    assert len(strict.pairs) < len(loose.pairs)
    assert strict.pairs_compared == loose.pairs_compared


def test_training_does_not_depend_on_the_order_of_the_records() -> None:
    frame = people_frame(persons=60, seed=5)
    config = merged_config({"threshold": 0.9, "u_max_pairs": 20_000})
    forward = train_and_predict(frame, config).pairs
    backward = train_and_predict(frame.iloc[::-1], config).pairs
    pd.testing.assert_frame_equal(forward.reset_index(drop=True), backward.reset_index(drop=True))


def test_the_training_sample_is_seeded_and_does_not_depend_on_the_order_of_the_records() -> None:
    frame = people_frame()
    config = merged_config({"training_sample_records": 200})
    sample = training_sample(frame, config)
    assert len(sample) == 200 and sample["record_key"].is_unique
    assert set(sample["record_key"]) < set(frame["record_key"])
    assert list(training_sample(frame.iloc[::-1], config)["record_key"]) == list(sample["record_key"])
    other_seed = training_sample(frame, {**config, "random_seed": 7})
    assert set(other_seed["record_key"]) != set(sample["record_key"])
    # at or under the limit, or without one, every record trains
    assert len(training_sample(frame, {**config, "training_sample_records": len(frame)})) == len(frame)
    assert len(training_sample(frame, {**config, "training_sample_records": None})) == len(frame)


def test_above_the_sample_size_u_and_m_are_estimated_on_the_sample_and_every_record_is_scored(
    matched, monkeypatch
) -> None:
    from splink.internals.linker_components.training import LinkerTraining

    frame, full = matched
    trained_on: list[tuple[str, int]] = []
    for method in ["estimate_u_using_random_sampling", "estimate_parameters_using_expectation_maximisation"]:
        original = getattr(LinkerTraining, method)

        def recording(self, *args, _original=original, _method=method, **kwargs):
            (table,) = self._linker._input_tables_dict.values()
            trained_on.append((_method, len(table.as_pandas_dataframe())))
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(LinkerTraining, method, recording)
    config = merged_config({"threshold": 0.5, "u_max_pairs": 50_000, "training_sample_records": 200})
    sampled = train_and_predict(frame, config)
    assert full.training_records == len(frame) > 200 and sampled.training_records == 200
    assert len(trained_on) == 1 + len(config["training_blocking_rules"])
    assert all(records == 200 for _, records in trained_on), trained_on
    # prediction still blocks on every record, and the prior comes from every record
    assert sampled.pairs_compared == full.pairs_compared
    sampled_model, full_model = sampled.linker.misc.save_model_to_json(), full.linker.misc.save_model_to_json()
    assert sampled_model["probability_two_random_records_match"] == full_model["probability_two_random_records_match"]
    assert sampled_model["comparisons"] != full_model["comparisons"]
    # the same seed trains the same model and finds the same pairs
    again = train_and_predict(frame, config)
    assert again.linker.misc.save_model_to_json()["comparisons"] == sampled_model["comparisons"]
    pd.testing.assert_frame_equal(again.pairs, sampled.pairs)
    # and a model trained on two thirds of the records still finds the duplicates
    truth = dict(zip(frame["record_key"], frame["person"]))
    pairs = sampled.pairs[sampled.pairs["conflicting_attributes"].isna()]
    assert (pairs["record_key_l"].map(truth) == pairs["record_key_r"].map(truth)).mean() >= 0.95


def _blocked_pairs(frame: pd.DataFrame, rules: list[list[str]]) -> set[tuple[str, str]]:
    """The pairs of records (record keys in order) that agree on every column of at least one rule, by pandas."""
    pairs: set[tuple[str, str]] = set()
    for rule in rules:
        known = frame.dropna(subset=rule)
        joined = known.merge(known, on=rule, suffixes=("_l", "_r"))
        joined = joined[joined["record_key_l"] < joined["record_key_r"]]
        pairs |= set(zip(joined["record_key_l"], joined["record_key_r"]))
    return pairs


def test_link_only_sources_are_linked_to_each_other_and_never_to_themselves() -> None:
    frame = people_frame(persons=80, seed=13)
    rng = random.Random(13)
    frame["record_source"] = [rng.choice(["registry_a", "registry_b", "crm"]) for _ in range(len(frame))]
    source = dict(zip(frame["record_key"], frame["record_source"]))

    def kinds(pairs) -> set[tuple[str, str]]:
        return {tuple(sorted((source[left], source[right]))) for left, right in pairs}

    within = {("registry_a", "registry_a"), ("registry_b", "registry_b")}
    base = {"threshold": 0.5, "u_max_pairs": 20_000}
    everything = train_and_predict(frame, merged_config(base))
    config = merged_config({**base, "link_only": [["registry_a", "registry_b"]]})
    linked = train_and_predict(frame, config)
    found = list(zip(linked.pairs["record_key_l"], linked.pairs["record_key_r"]))
    # without link_only the duplicates inside each registry are found; with it none is, not even compared
    assert within <= kinds(zip(everything.pairs["record_key_l"], everything.pairs["record_key_r"]))
    assert not kinds(found) & within
    assert {("registry_a", "registry_b"), ("crm", "crm"), ("crm", "registry_a"), ("crm", "registry_b")} <= kinds(found)
    truth = dict(zip(frame["record_key"], frame["person"]))
    clean = linked.pairs[linked.pairs["conflicting_attributes"].isna()]
    assert (clean["record_key_l"].map(truth) == clean["record_key_r"].map(truth)).mean() >= 0.95
    # exactly the blocked pairs but those of two records of one registry are compared
    blocked = _blocked_pairs(frame, config["blocking_rules"])
    kept = {pair for pair in blocked if tuple(sorted((source[pair[0]], source[pair[1]]))) not in within}
    assert everything.pairs_compared == len(blocked) > linked.pairs_compared == len(kept)
    # the prior is the match rate among the pairs that may be scored: what the prior rules find across sources
    # over the pairs that are not two records of one registry
    found_by_rules = {pair for pair in _blocked_pairs(frame, config["prior_rules"])
                      if tuple(sorted((source[pair[0]], source[pair[1]]))) not in within}
    sizes = frame["record_source"].value_counts()
    possible = len(frame) * (len(frame) - 1) / 2 - sum(sizes[name] * (sizes[name] - 1) / 2
                                                        for name in ["registry_a", "registry_b"])
    assert possible / (len(frame) * (len(frame) - 1) / 2) == pytest.approx(scored_share(frame, ["registry_a",
                                                                                               "registry_b"]))
    prior = linked.linker.misc.save_model_to_json()["probability_two_random_records_match"]
    assert prior == pytest.approx(len(found_by_rules) / config["prior_recall"] / possible)


def test_link_only_needs_the_record_source_and_compares_nothing_inside_one_source() -> None:
    frame = people_frame(persons=10, seed=2)
    config = merged_config({"link_only": [["registry_a", "registry_b"]]})
    with pytest.raises(ValueError, match=r"lack the configured columns \['record_source'\]"):
        train_and_predict(frame, config)
    result = train_and_predict(frame.assign(record_source="registry_a"), config)
    assert result.pairs.empty and result.pairs_compared == 0
    assert scored_share(frame.assign(record_source="crm"), ["registry_a"]) == 1.0


def test_a_training_rule_that_pairs_no_records_is_skipped_unless_a_comparison_then_goes_untrained() -> None:
    frame = people_frame(persons=60, seed=4)
    # dates of birth only in registry_a, whose records are never paired with each other: the two training rules
    # on birth_date pair nothing, and a rule on the address estimates the name comparisons instead
    frame["record_source"] = ["registry_a" if index % 2 else "registry_b" for index in range(len(frame))]
    frame["birth_date"] = frame["birth_date"].where(frame["record_source"] == "registry_a")
    base = {"threshold": 0.5, "u_max_pairs": 20_000, "link_only": [["registry_a", "registry_b"]]}
    result = train_and_predict(frame, merged_config(
        {**base, "extra_training_blocking_rules": [["postal_code", "address_line"]]}))
    assert result.skipped_training_rules == ["family_name and birth_date", "given_name_canonical and birth_date"]
    model = result.linker.misc.save_model_to_json()
    assert [comparison["output_column_name"] for comparison in model["comparisons"]] == [
        "given_name", "family_name", "birth_date", "address", "email", "phone"]
    assert 0 < model["probability_two_random_records_match"] < 0.1
    truth = dict(zip(frame["record_key"], frame["person"]))
    clean = result.pairs[result.pairs["conflicting_attributes"].isna()]
    assert len(clean) > 0 and (clean["record_key_l"].map(truth) == clean["record_key_r"].map(truth)).mean() >= 0.95
    # without that rule nothing estimates the name comparisons: the run stops and says what to add
    with pytest.raises(ValueError, match=r"the comparisons given_name, family_name cannot be estimated: .*"
                                         r"\(skipped: family_name and birth_date; given_name_canonical and birth_date\)"
                                         r" once pairs within the link-only sources registry_a, registry_b are left "
                                         r"out; add to extra_training_blocking_rules"):
        train_and_predict(frame, merged_config(base))


def test_a_link_only_source_without_records_is_a_warning_of_the_run() -> None:
    frame = people_frame(persons=30, seed=9).assign(record_source="registry_a")
    keys = frame["record_key"].tolist()
    record_components = pd.DataFrame({"record_key": keys, "anchor_node_id": range(1, len(keys) + 1),
                                      "component_id": range(1, len(keys) + 1)})
    nodes = pd.DataFrame({"component_id": [1], "identifier_type": ["email"]})
    # registry_b is misspelt: registry_a is still never compared with itself, and the summary says why nothing is
    decided, summary = run(frame, record_components, nodes, {"link_only": [["registry_a", "registry_bb"]]}, {})
    assert decided.empty and summary["pairs_compared"] == 0
    assert summary["warnings"] == ["link_only names 'registry_bb', which no person record comes from; the record "
                                   "sources are registry_a"]


def _in_database(expression: str, gammas: dict[str, int]):
    """The value of a SQL expression on one row of gamma columns."""
    import duckdb

    columns = ", ".join(f"{value}::integer as gamma_{column}" for column, value in gammas.items())
    return duckdb.sql(f"select {expression} from (select {columns})").fetchall()[0][0]


def test_the_attributes_of_the_scored_pairs_follow_the_rules_for_each_pair(matched) -> None:
    _, result = matched
    config = merged_config(None)
    tops = _top_levels(result.linker)
    scored = result.predictions.as_pandas_dataframe()
    expected = {}
    for row in scored.to_dict("records"):
        gammas = {column: row[f"gamma_{column}"] for column in tops}
        expected[(row["record_key_l"], row["record_key_r"])] = (
            agreed_attributes(gammas, tops),
            conflicting_attributes(gammas, config["must_agree"], config["corroborate_with"], tops),
        )
    actual = {(row.record_key_l, row.record_key_r): (row.agreed_attributes, row.conflicting_attributes)
              for row in result.pairs.itertuples()}
    assert len(actual) > 0 and actual == expected
    assert {conflict for _, conflict in actual.values()} >= {None, "given_name does not agree"}


def test_attributes_that_agreed_and_those_that_must_agree() -> None:
    tops = {"given_name": 4, "family_name": 3, "birth_date": 5}
    # the same rules as SQL on the gamma columns, which is how the scored pairs get them
    assert _in_database(agreed_attributes_sql(tops), {"given_name": 4, "family_name": 2, "birth_date": -1}) == (
        "given_name,family_name~")
    assert _in_database(agreed_attributes_sql(tops), {"given_name": 0, "family_name": 0, "birth_date": 0}) == ""
    conflicts = conflicting_attributes_sql(["given_name"], ["birth_date"], tops)
    assert _in_database(conflicts, {"given_name": -1, "birth_date": 5}) == "given_name does not agree"
    assert _in_database(conflicts, {"given_name": 2, "birth_date": 4}) == "no exact agreement on birth_date"
    assert _in_database(conflicts, {"given_name": 0, "birth_date": 0}) == (
        "given_name does not agree; no exact agreement on birth_date")
    assert _in_database(conflicts, {"given_name": 4, "birth_date": 5}) is None
    assert agreed_attributes({"given_name": 4, "family_name": 2, "birth_date": -1}, tops) == "given_name,family_name~"
    assert agreed_attributes({"given_name": 0, "family_name": 0, "birth_date": 0}, tops) == ""
    assert conflicting_attributes({"given_name": 0, "family_name": 3}, ["given_name"]) == "given_name does not agree"
    assert conflicting_attributes({"given_name": -1, "family_name": 0}, ["given_name"]) == "given_name does not agree"
    assert conflicting_attributes({"given_name": 2, "family_name": 0}, ["given_name"]) is None
    # a name alone is not enough when corroboration is asked for: an exact agreement on one of the listed
    assert conflicting_attributes({"given_name": 4, "birth_date": 4}, ["given_name"], ["birth_date"], tops) == (
        "no exact agreement on birth_date")
    assert conflicting_attributes({"given_name": 4, "birth_date": 5}, ["given_name"], ["birth_date"], tops) is None


def test_union_find_refuses_a_merge_over_a_hard_identifier_limit() -> None:
    sets = LimitedUnionFind({1: {"shop_customer_id": 1}, 2: {"shop_customer_id": 1}, 3: {}}, {"shop_customer_id": 1})
    assert sets.union(1, 3) is None
    assert sets.union(3, 2) == "cannot_link: 2 distinct shop_customer_id (limit 1)"
    assert sets.find(3) == 1 and sets.find(2) == 2


def test_merges_are_greedy_by_probability_and_cannot_link_wins() -> None:
    # 10 and 20 each hold a shop customer id; 30 holds none and is more probably 20's than 10's.
    pairs = pd.DataFrame({
        "component_id_l": [10, 20, 30, 40, 50],
        "component_id_r": [30, 30, 40, 40, 60],
        "match_probability": [0.991, 0.999, 0.995, 0.99, 0.999],
        "conflicting_attributes": [None, None, None, None, "given_name does not agree"],
    })
    limits = {"shop_customer_id": 1, "crm_contact_id": 2}
    decided = merge_components(pairs, {10: {"shop_customer_id": 1}, 20: {"shop_customer_id": 1}}, limits)
    by_pair = {(row.component_id_l, row.component_id_r): row for row in decided.itertuples()}
    assert by_pair[(20, 30)].decision == "accepted"
    assert by_pair[(30, 40)].decision == "accepted"
    assert by_pair[(10, 30)].decision == "refused"
    assert by_pair[(10, 30)].refusal_reason.startswith("cannot_link: 2 distinct shop_customer_id")
    assert by_pair[(40, 40)].decision == "same_component"
    assert by_pair[(50, 60)].decision == "refused" and by_pair[(50, 60)].refusal_reason == "conflict: given_name does not agree"
    assert by_pair[(30, 40)].resolved_component_id_l == 20 and by_pair[(30, 40)].resolved_component_id_r == 20
    # the same pairs in another order decide the same
    again = merge_components(pairs.iloc[::-1].reset_index(drop=True), {10: {"shop_customer_id": 1},
                                                                         20: {"shop_customer_id": 1}}, limits)
    assert sorted(map(tuple, again[["component_id_l", "decision"]].values)) == sorted(
        map(tuple, decided[["component_id_l", "decision"]].values))


def test_two_crm_contacts_may_merge_but_not_three() -> None:
    counts = {1: {"crm_contact_id": 1}, 2: {"crm_contact_id": 1}, 3: {"crm_contact_id": 1}}
    pairs = pd.DataFrame({"component_id_l": [1, 2], "component_id_r": [2, 3], "match_probability": [0.999, 0.998]})
    decided = merge_components(pairs, counts, {"crm_contact_id": 2})
    assert list(decided["decision"]) == ["accepted", "refused"]


def test_pairs_are_mapped_to_components_and_hard_identifiers_counted(tmp_path) -> None:
    frame = people_frame(persons=40, seed=9)
    keys = frame["record_key"].tolist()
    # every record its own component, and each person's first record carries a shop customer id
    record_components = pd.DataFrame({"record_key": keys, "anchor_node_id": range(1, len(keys) + 1),
                                      "component_id": range(1, len(keys) + 1)})
    first_copies = frame.index[frame["record_key"].str.endswith("-0")] + 1
    node_components = pd.DataFrame({"component_id": list(first_copies), "identifier_type": "shop_customer_id"})
    limits = {"shop_customer_id": 1}
    assert hard_identifier_counts(node_components, limits)[int(first_copies[0])] == {"shop_customer_id": 1}
    decided, summary = run(frame, record_components, node_components, {"u_max_pairs": 20_000}, limits, tmp_path)
    assert summary["pairs_compared"] > 0 and summary["decisions"].get("accepted", 0) > 0
    assert {"model.json", "match_weights_chart.html", "comparison_viewer.html", "summary.json"} <= {
        path.name for path in tmp_path.iterdir()}
    assert json.loads((tmp_path / "model.json").read_text())["comparisons"]
    # no accepted merge puts two shop customer ids in one cluster
    clusters = pd.concat([
        decided[decided["decision"] == "accepted"][["component_id_l", "resolved_component_id_l"]].set_axis(["c", "r"], axis=1),
        decided[decided["decision"] == "accepted"][["component_id_r", "resolved_component_id_r"]].set_axis(["c", "r"], axis=1),
    ]).drop_duplicates()
    with_shop = clusters[clusters["c"].isin(first_copies)]
    assert not with_shop["r"].duplicated().any()
    assert decide_pairs(decided.iloc[:0][PAIR_COLUMNS], record_components, node_components, limits).empty


def test_configuration_builds_comparisons_and_checks_columns() -> None:
    config = merged_config(None)
    assert "given_name_canonical" in compared_columns(config) and "address_line" in compared_columns(config)
    levels = comparison({"column": "given_name", "exact_on": ["given_name_canonical"], "jaro_winkler": [0.9]})
    assert len(levels.get_comparison("duckdb").comparison_levels) == 5  # null, exact, exact canonical, jw, else
    with pytest.raises(ValueError, match="lack the configured columns"):
        train_and_predict(pd.DataFrame({"record_key": ["a", "b"], "given_name": ["x", "y"]}), config)


def test_the_documented_configuration_is_the_default() -> None:
    import yaml
    from pathlib import Path

    project = yaml.safe_load((Path(__file__).resolve().parent.parent / "dbt_project.yml").read_text())
    assert project["vars"]["probabilistic_matching"] == merged_config(None)
