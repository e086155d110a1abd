"""The project's own dbt-score rules: the layer and documentation rules of the project, checked on dbt's manifest.

dbt-score (`make lint`) loads this module as a rule namespace (pyproject.toml, `[tool.dbt-score]`); its standard rules
run beside these. Rules read where a node lives (its folder under models/) because the folders are the layers.
"""

from collections.abc import Iterable, Mapping

from dbt_score import Macro, Model, RuleViolation, Severity, Source, rule, rule_filter

STAGING = "models/staging/"
INTERMEDIATE = "models/intermediate/"
MARTS = "models/marts/"
# Masked views of the marts (macro masked_view): views generated column for column from contracted marts.
MASKED_VIEWS = "models/marts/access/"


def in_folder(model: Model, folder: str) -> bool:
    """Whether the model's file lies under `folder` (a path from the project folder, ending in '/')."""
    return model.original_file_path.replace("\\", "/").startswith(folder)


# Sources that hold the project's own state rather than a system's raw data.
STATE_SOURCES = {"tessera_state"}


@rule_filter
def is_mart(model: Model) -> bool:
    """Models under models/marts: the public models, read by BI and reverse-ETL tools."""
    return in_folder(model, MARTS)


@rule_filter
def is_intermediate(model: Model) -> bool:
    """Models under models/intermediate."""
    return in_folder(model, INTERMEDIATE)


def mart_parents(model: Model) -> list[str]:
    """The names of the marts a model reads, sorted."""
    return sorted({parent.name for parent in model.parents if isinstance(parent, Model) and in_folder(parent, MARTS)})


@rule(severity=Severity.CRITICAL, rule_filters={is_intermediate()})
def intermediate_does_not_read_marts(
    model: Model, exceptions: Mapping[str, Iterable[str]] | None = None
) -> RuleViolation | None:
    """An intermediate model never reads a mart: data flows staging -> intermediate -> marts.

    `exceptions` maps a model to the marts it may still read while it is being moved off them; an exception that
    is no longer needed is itself a violation, so the list only shrinks.
    """
    allowed = set((exceptions or {}).get(model.name, ()))
    read = mart_parents(model)
    forbidden = [name for name in read if name not in allowed]
    if forbidden:
        return RuleViolation(message=f"Intermediate model reads marts: {', '.join(forbidden)}.")
    stale = sorted(allowed.difference(read))
    if stale:
        return RuleViolation(
            message=f"Exception no longer needed (remove it from pyproject.toml): {model.name} -> {', '.join(stale)}."
        )
    return None


@rule(severity=Severity.CRITICAL, rule_filters={is_mart()})
def mart_has_enforced_contract(model: Model) -> RuleViolation | None:
    """A mart has an enforced contract: its columns and types are what BI and reverse-ETL tools rely on.

    The masked views of models/marts/access are views generated column for column from contracted marts
    (macro masked_view), so the rule does not ask them to declare every type a second time.
    """
    if in_folder(model, MASKED_VIEWS) and model.config.get("materialized") == "view":
        return None
    if not (model.config.get("contract") or {}).get("enforced"):
        return RuleViolation(message="Mart has no enforced contract (config: contract: {enforced: true}).")
    return None


@rule(severity=Severity.CRITICAL)
def only_staging_reads_sources(model: Model) -> RuleViolation | None:
    """Only models under models/staging read a source: everything else reads the staged models. The project's own
    state (the erasure list, source tessera_state) is the exception: the incremental models that keep history
    delete the rows of erased people in a post-hook that reads it as it stands."""
    if in_folder(model, STAGING):
        return None
    sources = sorted(parent.selector_name for parent in model.parents
                     if isinstance(parent, Source) and parent.source_name not in STATE_SOURCES)
    if sources:
        return RuleViolation(message=f"Model outside staging reads sources: {', '.join(sources)}.")
    return None


@rule(severity=Severity.CRITICAL)
def macro_arguments_have_type(macro: Macro) -> RuleViolation | None:
    """Every argument of a macro is documented with a type (dbt checks the names against the macro's signature)."""
    untyped = [argument.get("name", "?") for argument in macro.arguments if not (argument.get("type") or "").strip()]
    if untyped:
        return RuleViolation(message=f"Arguments lack a type: {', '.join(untyped)}.")
    return None
