{#- Source declarations. Everything the project knows about a source lives in one place: the `tessera` key of
    the `meta` of its staging model (or of a dbt source table read as it is), in the YAML beside it
    (docs/sources.md lists the keys). The models that combine sources (identifiers, person attributes, golden
    record, traits, consent, erasure, rejected rows) read the declarations and name no source.

    dbt resolves `ref()` when it parses the project, before any YAML meta can be read, so the models need the
    names of the declared sources at parse time: that is the registry, the var `source_models` (the user's own)
    plus, while the switch `demo_sources` is on, the var `demo_source_models`. A model that combines sources refs
    every registered one (the DAG shows each edge) and, when it runs, reads only those whose declaration plays the
    part it needs. validate_source_declarations (on-run-start) stops a run whose registry and declarations
    disagree. -#}

{#- The registered entries, as written: staging model names, or `source:<source name>.<table name>` for a dbt
    source table declared and read as it is (no staging model). -#}
{% macro source_registry() -%}
    {%- set entries = [] -%}
    {%- if var('demo_sources', true) -%}
        {%- for entry in var('demo_source_models', []) -%}
            {%- do entries.append(entry) -%}
        {%- endfor -%}
    {%- endif -%}
    {%- for entry in var('source_models', []) if entry not in entries -%}
        {%- do entries.append(entry) -%}
    {%- endfor -%}
    {{ return(entries) }}
{%- endmacro %}

{#- The relation of a registry entry (a ref or a source, so the DAG shows the edge). -#}
{% macro registered_relation(entry) -%}
    {%- if entry.startswith('source:') -%}
        {%- set parts = entry[7:].split('.') -%}
        {{ return(source(parts[0], parts[1])) }}
    {%- else -%}
        {{ return(ref(entry)) }}
    {%- endif -%}
{%- endmacro %}

{#- The graph node of a registry entry, or none when the project has no such model or source table. -#}
{% macro registered_node(entry) -%}
    {%- if entry.startswith('source:') -%}
        {%- set parts = entry[7:].split('.') -%}
        {%- for node in (graph.get('sources') or {}).values() if node.package_name == project_name
            and node.source_name == parts[0] and node.name == parts[1] -%}
            {{ return(node) }}
        {%- endfor -%}
    {%- else -%}
        {%- for node in (graph.get('nodes') or {}).values() if node.resource_type == 'model' and node.name == entry -%}
            {{ return(node) }}
        {%- endfor -%}
    {%- endif -%}
    {{ return(none) }}
{%- endmacro %}

{#- The declaration of a node: its meta's `tessera` key (config.meta where dbt keeps it, else meta). -#}
{% macro node_declaration(node) -%}
    {%- set config_meta = (node.config or {}).get('meta') or {} -%}
    {{ return(config_meta.get('tessera') or (node.meta or {}).get('tessera')) }}
{%- endmacro %}

{#- The base model of a registered staging model (base_<source>__<entity> beside stg_<source>__<entity>), which
    keeps every raw row with the reason it was set aside; none for a source table read as it is. -#}
{% macro base_model_name(entry) -%}
    {%- if entry.startswith('source:') or not entry.startswith('stg_') -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return('base_' ~ entry[4:]) }}
{%- endmacro %}

{#- The declared sources, each a dict: the declaration's keys, plus `entry` (the registry entry), `relation` (the
    relation to read), `node_name`, `base_model` and `record_source` (defaults to the model's name without its
    stg_ prefix). `part` keeps only the sources whose declaration has that key (identifiers, person_attributes,
    profile_attributes, enrichment, purchases, purchase_lines, events, email_engagement, support_cases,
    consent_events, erasure_requests).

    When dbt parses the project, every registered entry is ref'd (so each model that reads declarations depends
    on every registered source) and the list is empty; the declarations are read when the model runs. With
    `read=false` nothing is ref'd (for models that read the base models instead: registered_base_models). -#}
{% macro declared_sources(part=none, read=true) -%}
    {%- set declared = [] -%}
    {%- if execute and not graph.get('nodes') -%}
        {#- a dbt unit test sees no graph: the declarations it needs are given in its overrides, as the var
            unit_test_declarations ({model name: declaration}) -#}
        {%- for name, declaration in var('unit_test_declarations', {}).items()
            if part is none or declaration.get(part) -%}
            {%- do declared.append(tessera.declared_source(name, declaration, ref(name) if read else none)) -%}
        {%- endfor -%}
        {{ return(declared) }}
    {%- endif -%}
    {%- for entry in tessera.source_registry() -%}
        {%- set relation = tessera.registered_relation(entry) if read else none -%}
        {%- if execute -%}
            {%- set node = tessera.registered_node(entry) -%}
            {%- set declaration = tessera.node_declaration(node) if node is not none else none -%}
            {%- if declaration and (part is none or declaration.get(part)) -%}
                {%- do declared.append(tessera.declared_source(entry, declaration, relation)) -%}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(declared) }}
{%- endmacro %}

{#- One declared source: the declaration's keys, plus its registry entry, relation, model (or table) name, base
    model and record source (default: the name without its stg_ prefix). -#}
{% macro declared_source(entry, declaration, relation) -%}
    {%- set name = entry.split('.')[-1] if entry.startswith('source:') else entry -%}
    {%- set source = {} -%}
    {%- do source.update(declaration) -%}
    {%- do source.update({
        'entry': entry,
        'relation': relation,
        'node_name': name,
        'base_model': tessera.base_model_name(entry),
        'record_source': declaration.get('record_source') or (name[4:] if name.startswith('stg_') else name),
    }) -%}
    {{ return(source) }}
{%- endmacro %}

{#- The declared source whose base model is `base_model`, or none. -#}
{% macro declared_source_of_base(base_model) -%}
    {%- for source in tessera.declared_sources(read=false) if source.base_model == base_model -%}
        {{ return(source) }}
    {%- endfor -%}
    {{ return(none) }}
{%- endmacro %}

{#- A value of a declaration as SQL over the source's columns: a column name; {column, valid_if} (the column
    where the boolean column valid_if is true), with `format` (a date written in that format) or `word` (the n-th
    space-separated word: 1 for the given name of "Anna Maria"); or a list of those, the first that has a
    value. -#}
{% macro declared_value(spec, relation_alias=none) -%}
    {%- set prefix = relation_alias ~ '.' if relation_alias else '' -%}
    {%- if spec is string -%}
        {{ prefix ~ spec }}
    {%- elif spec is mapping and spec.get('word') -%}
        {%- set word = dbt.split_part(tessera.declared_value({'column': spec.column, 'valid_if': spec.get('valid_if')},
            relation_alias), "' '", spec.word) -%}
        nullif({{ word }}, '')
    {%- elif spec is mapping -%}
        {%- if spec.get('valid_if') -%}
            case when {{ prefix ~ spec.valid_if }} then {{ tessera.declared_parsed(spec, prefix ~ spec.column) }} end
        {%- else -%}
            {{ tessera.declared_parsed(spec, prefix ~ spec.column) }}
        {%- endif -%}
    {%- else -%}
        coalesce(
            {%- for item in spec %}
                {{ tessera.declared_value(item, relation_alias) }}{% if not loop.last %},{% endif %}
            {%- endfor %}
        )
    {%- endif -%}
{%- endmacro %}

{#- A declared column read with its declared `format` (dates: a strftime pattern such as %Y%m%d or %m/%d/%Y, or
    `epoch` for seconds since 1970), or as it is. -#}
{% macro declared_parsed(spec, expression) -%}
    {%- if spec.get('format') -%}
        {{ tessera.parse_date_with_format(expression, spec.format) }}
    {%- else -%}
        {{ expression }}
    {%- endif -%}
{%- endmacro %}

{#- The columns a declared value reads (to check they exist, and for erasure). -#}
{% macro declared_columns(spec) -%}
    {%- set columns = [] -%}
    {%- if spec is string -%}
        {%- do columns.append(spec) -%}
    {%- elif spec is mapping -%}
        {%- do columns.append(spec.column) -%}
        {%- if spec.get('valid_if') -%}{%- do columns.append(spec.valid_if) -%}{%- endif -%}
    {%- elif spec is iterable -%}
        {%- for item in spec -%}
            {%- for column in tessera.declared_columns(item) -%}{%- do columns.append(column) -%}{%- endfor -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(columns) }}
{%- endmacro %}

{#- A query of no rows with the given columns ({name: type}): what a model that combines sources reads when no
    declared source plays its part, so that it builds empty instead of failing. -#}
{% macro empty_rows(columns) -%}
    select
        {%- for name, data_type in columns.items() %}
            {{ tessera.try_cast('null', data_type) }} as {{ name }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from (select 1 as no_row) as nothing
    where 1 = 0
{%- endmacro %}

{#- The base models of the registered staging models, each ref'd (so the DAG shows the edge): what the
    rejected-rows model and the row-accounting test read. -#}
{% macro registered_base_models() -%}
    {%- set names = [] -%}
    {%- for entry in tessera.source_registry() -%}
        {%- set base_model = tessera.base_model_name(entry) -%}
        {%- if base_model -%}
            {%- do ref(base_model) -%}
            {%- do names.append(base_model) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(names) }}
{%- endmacro %}

{#- The dbt source (name, table) a declared source's raw rows come from: its `raw.source` ("crm.contacts"). -#}
{% macro raw_source_parts(source) -%}
    {%- set named = source.raw.get('source') or (source.entry[7:] if source.entry.startswith('source:') else '') -%}
    {%- set parts = named.split('.') -%}
    {%- if parts | length != 2 -%}
        {{ exceptions.raise_compiler_error(
            "source " ~ source.entry ~ ": raw.source must name a dbt source table as <source name>.<table name>,"
            ~ " got '" ~ named ~ "'"
        ) }}
    {%- endif -%}
    {{ return(parts) }}
{%- endmacro %}

{#- The columns a staging model must have to play a part declared `true` (its model follows the part's contract
    instead of mapping columns), with their types. -#}
{% macro part_contract(part) -%}
    {%- set contracts = {
        'consent_events': {
            'consent_event_id': dbt.type_string(), 'identifier_type': dbt.type_string(),
            'identifier_value': dbt.type_string(), 'national_number': dbt.type_string(),
            'purpose': dbt.type_string(), 'consent_status': dbt.type_string(), 'is_granted': dbt.type_boolean(),
            'collected_via': dbt.type_string(), 'occurred_at': dbt.type_timestamp(),
        },
        'erasure_requests': {
            'erasure_request_id': dbt.type_string(), 'identifier_type': dbt.type_string(),
            'identifier_sha256': dbt.type_string(), 'national_number_sha256': dbt.type_string(),
            'national_number_digits': dbt.type_bigint(), 'regulation': dbt.type_string(),
            'requested_at': dbt.type_timestamp(),
        },
    } -%}
    {{ return(contracts[part]) }}
{%- endmacro %}

{#- The rows of every declared source that plays `part` (a part with a contract: part_contract), unioned with
    the contract's columns; no row when no source plays it. -#}
{% macro declared_part_rows(part) -%}
    {%- set columns = tessera.part_contract(part) -%}
    {%- set sources = tessera.declared_sources(part) -%}
    {%- for source in sources %}
        select
            {%- for column in columns %}
                {{ column }}{% if not loop.last %},{% endif %}
            {%- endfor %}
        from {{ source.relation }}
        {% if not loop.last %}union all{% endif %}
    {%- else %}
        {{ tessera.empty_rows(columns) }}
    {%- endfor %}
{%- endmacro %}

{#- An identifier's value as the graph compares it: an email trimmed and lower-cased, any other id trimmed; null
    when blank. Staging normalises further (phones to E.164, placeholders out); this keeps a source read as it
    is from adding blank or differently-cased nodes. -#}
{% macro declared_identifier_value(identifier) -%}
    {%- set text = tessera.try_cast(identifier.column, dbt.type_string()) -%}
    {%- if identifier.type == 'email' -%}
        {{ tessera.normalize_email(text) }}
    {%- else -%}
        nullif(trim({{ text }}), '')
    {%- endif -%}
{%- endmacro %}

{#- The custom traits: the user's (var `custom_traits`) after the demo's (var `demo_custom_traits`, while
    `demo_sources` is on). A user's entry with the name of a demo one replaces it. -#}
{% macro custom_trait_entries() -%}
    {{ return(tessera.merged_entries('custom_traits', 'name')) }}
{%- endmacro %}

{#- The segments: the user's (var `segments`) after the demo's (var `demo_segments`, while `demo_sources` is
    on). A user's segment with the id of a demo one replaces it. -#}
{% macro segment_entries() -%}
    {{ return(tessera.merged_entries('segments', 'id')) }}
{%- endmacro %}

{% macro merged_entries(name, key) -%}
    {%- set own = var(name, []) -%}
    {%- set own_keys = own | map(attribute=key) | list -%}
    {%- set entries = [] -%}
    {%- if var('demo_sources', true) -%}
        {%- for entry in var('demo_' ~ name, []) if entry[key] not in own_keys -%}
            {%- do entries.append(entry) -%}
        {%- endfor -%}
    {%- endif -%}
    {%- for entry in own -%}
        {%- do entries.append(entry) -%}
    {%- endfor -%}
    {{ return(entries) }}
{%- endmacro %}
