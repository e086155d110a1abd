{#- Erasure (GDPR art. 17, CCPA deletion) by suppression. The model erasure_suppressions keeps, for every processed
    request, the SHA-256 of each identifier, record key, profile id and identifier id of the erased person; it is
    never rebuilt (full_refresh: false), since it is what keeps a person erased when a source sends their data
    again. Base models read it as it stood before the run (it is built after them, from the identity graph) and
    blank every row that carries one of those values: the row stays counted, with rejection reason `erased` and
    nothing else. -#}

{#- The suppression list as it stands in the warehouse: the source tessera_state.erasure_suppressions, the table the
    model erasure_suppressions appends to (created empty on run start when missing). A source, not a ref: the base
    models come before that model in the graph and read its previous state, and the graph shows the edge. None in
    a unit test, whose inputs are the given rows only. -#}
{% macro erasure_suppression_relation() -%}
    {%- if execute and model.resource_type != 'model' -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return(source('tessera_state', 'erasure_suppressions')) }}
{%- endmacro %}

{#- The columns of a base model whose values can name an erased person, from its source's declaration: the
    record key (`record_id`), the columns of its `identifiers`, and its `erase_by` entries. Each is {column,
    record_source (values are record ids of that source), hashed (values are SHA-256 already)}. -#}
{% macro erasure_columns(source) -%}
    {%- set columns = [] -%}
    {%- if source is none -%}
        {{ return(columns) }}
    {%- endif -%}
    {%- if source.get('identifiers') -%}
        {%- do columns.append({'column': source.record_id, 'record_source': source.record_source}) -%}
        {%- for identifier in source.identifiers -%}
            {%- do columns.append({'column': identifier.column}) -%}
        {%- endfor -%}
    {%- endif -%}
    {%- for column in source.get('erase_by') or [] -%}
        {%- do columns.append(column) -%}
    {%- endfor -%}
    {{ return(columns) }}
{%- endmacro %}

{#- The text a suppression hash is taken of, for one erasure column. -#}
{% macro erasure_hash_of(column, relation_alias=none) -%}
    {%- set expression = (relation_alias ~ '.' if relation_alias else '') ~ column.column -%}
    {%- if column.hashed -%}
        {{ tessera.try_cast(expression, dbt.type_string()) }}
    {%- elif column.record_source -%}
        {%- set record_id = tessera.try_cast(expression, dbt.type_string()) -%}
        {%- set record_key = dbt.concat(["'" ~ column.record_source ~ ":'", record_id]) -%}
        {{ tessera.sha256(record_key) }}
    {%- else -%}
        {{ tessera.sha256(tessera.try_cast(expression, dbt.type_string())) }}
    {%- endif -%}
{%- endmacro %}

{#- Ends a base model: the rows of `input_cte` (the model's output columns, as documented in its YAML), with every
    row that carries a suppressed value blanked and marked `erased`; `keep` names columns that say nothing of a
    person (load bookkeeping) and stay. -#}
{% macro without_erased(input_cte, entity_name, keep=[]) -%}
    {%- set entity = tessera.declared_source_of_base(entity_name) -%}
    {%- set suppression = tessera.erasure_suppression_relation() -%}
    {%- set erasure_columns = tessera.erasure_columns(entity) -%}
    {%- if suppression is none or not erasure_columns -%}
        select * from {{ input_cte }}
    {%- else -%}
        {%- set output_columns = model.columns.keys() | list -%}
        , suppressed as (
            select distinct suppressed_sha256 from {{ suppression }}
        ),

        flagged as (
            select
                {{ input_cte }}.*,
                (
                    {%- for column in erasure_columns %}
                        suppressed_{{ loop.index }}.suppressed_sha256 is not null
                        {%- if not loop.last %} or{% endif %}
                    {%- endfor %}
                ) as is_erased
            from {{ input_cte }}
            {%- for column in erasure_columns %}
                left join suppressed as suppressed_{{ loop.index }}
                    on {{ tessera.erasure_hash_of(column, input_cte) }} = suppressed_{{ loop.index }}.suppressed_sha256
            {%- endfor %}
        )

        select
            {%- for column_name in output_columns %}
                {%- if column_name == 'rejection_reason' %}
                    case when is_erased then 'erased' else rejection_reason end as rejection_reason
                {%- elif column_name in keep %}
                    {{ column_name }}
                {%- else %}
                    case when not is_erased then {{ column_name }} end as {{ column_name }}
                {%- endif %}
                {%- if not loop.last %},{% endif %}
            {%- endfor %}
        from flagged
    {%- endif -%}
{%- endmacro %}

{#- Post-hook of an incremental model: deletes the rows already in the table that name an erased person in any of
    `columns` (plain values, hashed before comparing). Runs where the table can delete (not on open-source Spark's
    parquet, where these models are rebuilt whole). -#}
{% macro delete_erased_rows(columns) -%}
    {%- set suppression = tessera.erasure_suppression_relation() -%}
    {%- if suppression is none or target.type == 'spark' -%}
        select 1
    {%- else -%}
        delete from {{ this }}
        where
            {%- for column in columns %}
                {{ tessera.sha256(tessera.try_cast(column, dbt.type_string())) }} in (
                    select suppressed_sha256 from {{ suppression }}
                )
                {%- if not loop.last %} or{% endif %}
            {%- endfor %}
    {%- endif -%}
{%- endmacro %}

{#- Post-hook of an incremental base model: blanks, in place, the rows loaded by earlier runs that carry a value
    suppressed since (what without_erased does to new rows). DuckDB; on Spark such models are rebuilt whole. -#}
{% macro blank_erased_rows(entity_name, keep=[]) -%}
    {%- set entity = tessera.declared_source_of_base(entity_name) -%}
    {%- set suppression = tessera.erasure_suppression_relation() -%}
    {%- if suppression is none or target.type == 'spark' or not is_incremental() -%}
        select 1
    {%- else -%}
        update {{ this }}
        set
            {%- for column_name in model.columns.keys() if column_name not in keep %}
                {{ column_name }} = {% if column_name == 'rejection_reason' %}'erased'{% else %}null{% endif %}
                {%- if not loop.last %},{% endif %}
            {%- endfor %}
        where
            {%- for column in tessera.erasure_columns(entity) %}
                {{ tessera.erasure_hash_of(column) }} in (select suppressed_sha256 from {{ suppression }})
                {%- if not loop.last %} or{% endif %}
            {%- endfor %}
    {%- endif -%}
{%- endmacro %}

{#- A condition for models built in the run that processes an erasure request, when the person's rows are still
    upstream: true unless `column` holds a value suppressed as of this run (int_erasure_suppressions: the list kept
    between runs and what this run's requests add) of one of `kinds`. Null passes. -#}
{% macro is_not_erased(column, kinds) -%}
    (
        {{ column }} is null
        or {{ tessera.sha256(tessera.try_cast(column, dbt.type_string())) }} not in (
            select erasure.suppressed_sha256
            from {{ ref('int_erasure_suppressions') }} as erasure
            where erasure.suppressed_kind in ({{ tessera.quoted_values(kinds) }})
        )
    )
{%- endmacro %}
