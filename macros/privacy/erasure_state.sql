{#- On run start: creates, empty, the table the source tessera_state.erasure_suppressions names when it does not
    exist yet, so that the base models of a first run read an empty suppression list. The table is the one the
    model erasure_suppressions appends to (it finds the table there and appends), so the source and the model must
    name the same relation: the run stops if they do not. Column names and types are the source's documented ones
    (`string`, `timestamp`: names both engines know). -#}
{% macro create_erasure_suppression_state() -%}
    {%- if execute %}
        {%- set state = graph.sources['source.' ~ project_name ~ '.tessera_state.erasure_suppressions'] %}
        {%- set model = graph.nodes.get('model.' ~ project_name ~ '.erasure_suppressions') %}
        {%- if model is not none
            and [model.database, model.schema, model.alias] != [state.database, state.schema, state.identifier] %}
            {{ exceptions.raise_compiler_error(
                'source tessera_state.erasure_suppressions (' ~ [state.database, state.schema, state.identifier]
                | join('.') ~ ') must name the table the model erasure_suppressions builds ('
                ~ [model.database, model.schema, model.alias] | join('.') ~ '): set its schema and identifier'
                ~ ' in models/staging/tessera_state/_tessera_state__sources.yml') }}
        {%- endif %}
        {%- set existing = adapter.get_relation(
            database=state.database, schema=state.schema, identifier=state.identifier) %}
        {%- if existing is none %}
            {%- set relation = api.Relation.create(
                database=state.database, schema=state.schema, identifier=state.identifier, type='table') %}
            {%- do adapter.create_schema(relation) %}
            {%- set statement %}
                create table {{ relation }}
                {%- if target.type == 'spark' %} using parquet{% endif %} as
                select
                    {%- for column in state.columns.values() %}
                        cast(null as {{ column.data_type }}) as {{ column.name }}
                        {%- if not loop.last %},{% endif %}
                    {%- endfor %}
                where 1 = 0
            {%- endset %}
            {%- do run_query(statement) %}
            {#- the relation cache was filled before this hook: without this, the model would not see the table -#}
            {%- do adapter.cache_added(relation) %}
            {{ log('erasure suppression list created empty: ' ~ relation, info=true) }}
        {%- endif %}
    {%- endif %}
{%- endmacro %}
