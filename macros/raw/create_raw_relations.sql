{#- The raw files of docs/raw_data.md, exposed as relations in the `raw` schema that the sources read.
    Runs at the start of every dbt invocation (on-run-start), so a new file is seen by the next run. Where raw
    data already lives in warehouse tables, set the var `create_raw_relations` to false and point the sources
    at those tables. Files of further sources are registered with the var `extra_raw_files` (same keys). Every
    file is read with all values as text: parsing and validation belong to staging. -#}

{% macro raw_file_tables() -%}
    {{ return([
        {'identifier': 'crm_contacts', 'pattern': 'crm/contacts*.csv', 'format': 'csv'},
        {'identifier': 'shop_customers', 'pattern': 'shop/customers*.csv', 'format': 'csv'},
        {'identifier': 'shop_orders', 'pattern': 'shop/orders*.csv', 'format': 'csv'},
        {'identifier': 'shop_order_lines', 'pattern': 'shop/order_lines*.csv', 'format': 'csv'},
        {'identifier': 'pos_transactions', 'pattern': 'pos/transactions*.csv', 'format': 'csv'},
        {'identifier': 'segment_events', 'pattern': 'events/*/*.jsonl', 'format': 'lines'},
        {'identifier': 'support_tickets', 'pattern': 'support/tickets*.csv', 'format': 'csv'},
        {'identifier': 'email_events', 'pattern': 'email/events*.csv', 'format': 'csv'},
        {'identifier': 'consent_events', 'pattern': 'consent/events*.csv', 'format': 'csv'},
        {'identifier': 'privacy_erasure_requests', 'pattern': 'privacy/erasure_requests*.csv', 'format': 'csv'},
        {'identifier': 'enrichment_third_party', 'pattern': 'enrichment/third_party*.csv', 'format': 'csv'},
    ] + var('extra_raw_files', [])) }}
{%- endmacro %}

{% macro raw_data_path() -%}
    {{ return(var('raw_data_path', env_var('TESSERA_RAW_PATH', 'data/raw')) | replace("'", "")) }}
{%- endmacro %}

{% macro create_raw_relations() -%}
    {%- if execute and var('create_raw_relations', true) %}
        {%- do run_query('create schema if not exists raw') %}
        {%- for table in tessera.raw_file_tables() %}
            {%- set location = tessera.raw_data_path() ~ '/' ~ table.pattern %}
            {%- set statements = adapter.dispatch('raw_relation_statements', 'tessera') %}
            {%- for statement in statements(table.identifier, location, table.format) %}
                {%- do run_query(statement) %}
            {%- endfor %}
        {%- endfor %}
        {{ log('raw relations point at ' ~ tessera.raw_data_path(), info=true) }}
    {%- endif %}
{%- endmacro %}

{% macro default__raw_relation_statements(identifier, location, format) -%}
    {%- if format == 'csv' %}
        {%- set statement %}
            create or replace view raw.{{ identifier }} as
            select * from read_csv('{{ location }}', header = true, all_varchar = true, union_by_name = true)
        {%- endset %}
    {%- else %}
        {%- set statement %}
            create or replace view raw.{{ identifier }} as
            select
                filename as file_name,
                date_trunc('second', timezone('UTC', last_modified)) as loaded_at,
                generate_subscripts(string_split(content, chr(10)), 1) as line_number,
                unnest(string_split(content, chr(10))) as raw_line
            from read_text('{{ location }}')
        {%- endset %}
    {%- endif %}
    {{ return([statement]) }}
{%- endmacro %}

{#- Spark reads the files through tables over their location; line numbers follow the order Spark reads a
    file's lines in, which is the file's order for an unsplit text file. Landing times are kept to the second,
    the precision every engine reports them in. -#}
{% macro spark__raw_relation_statements(identifier, location, format) -%}
    {%- if format == 'csv' %}
        {{ return([
            'drop table if exists raw.' ~ identifier,
            "create table raw." ~ identifier ~ " using csv options (path '" ~ location
                ~ "', header 'true', inferSchema 'false', multiLine 'true', escape '\"')",
        ]) }}
    {%- else %}
        {%- set statement %}
            create or replace view raw.{{ identifier }} as
            select
                file_name,
                loaded_at,
                row_number() over (partition by file_name order by line_position) as line_number,
                raw_line
            from (
                select
                    _metadata.file_path as file_name,
                    date_trunc('second', _metadata.file_modification_time) as loaded_at,
                    monotonically_increasing_id() as line_position,
                    value as raw_line
                from text.`{{ location }}`
            ) as lines
        {%- endset %}
        {{ return(['drop view if exists raw.' ~ identifier, 'drop table if exists raw.' ~ identifier, statement]) }}
    {%- endif %}
{%- endmacro %}
