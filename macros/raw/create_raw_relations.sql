{#- The raw files of the declared sources, exposed as relations that their dbt sources read. Runs at the start of
    every dbt invocation (on-run-start), so a new file is seen by the next run. A declaration's `raw` names the
    dbt source table (`source: crm.contacts`, whose schema and identifier give the relation), the files
    (`files`: a glob pattern under the raw data folder) and their `format` (`csv`, or `lines` for one JSON
    message a line). Where raw data already lives in warehouse tables, leave `files` out (or set the var
    `create_raw_relations` to false) and point the dbt source at those tables. Every file is read with all
    values as text: parsing and validation belong to staging. When no file matches a pattern, the relation is
    created empty (with the source's documented columns) and the log says so: a missing file is an empty
    source, not a failed run. -#}

{% macro raw_data_path() -%}
    {{ return(var('raw_data_path', env_var('TESSERA_RAW_PATH', 'data/raw')) | replace("'", "")) }}
{%- endmacro %}

{#- The raw relations to create: one per declared source whose `raw` has `files`, as {identifier (the
    relation's schema-qualified name), pattern, format, columns (the source's documented columns)}. -#}
{% macro raw_file_relations() -%}
    {%- set relations = [] -%}
    {%- for source in tessera.declared_sources('raw', read=false) if source.raw.get('files') -%}
        {%- set source_name, table_name = tessera.raw_source_parts(source) -%}
        {%- set matches = graph.sources.values() | selectattr('source_name', 'equalto', source_name)
            | selectattr('name', 'equalto', table_name) | list -%}
        {%- if not matches -%}
            {{ exceptions.raise_compiler_error(
                "source " ~ source.entry ~ ": raw.source names the dbt source table " ~ source.raw.source
                ~ ", which no _<source>__sources.yml declares: add it there (schema raw, one column per field)"
            ) }}
        {%- endif -%}
        {%- set node = matches[0] -%}
        {%- do relations.append({
            'schema': node.schema,
            'identifier': node.identifier,
            'pattern': source.raw.files,
            'format': source.raw.get('format', 'csv'),
            'columns': node.columns.keys() | list,
        }) -%}
    {%- endfor -%}
    {{ return(relations) }}
{%- endmacro %}

{% macro create_raw_relations() -%}
    {%- if execute and var('create_raw_relations', true) %}
        {%- set relations = tessera.raw_file_relations() %}
        {%- set schemas = relations | map(attribute='schema') | unique | list %}
        {%- for schema in schemas %}
            {%- do run_query('create schema if not exists ' ~ schema) %}
        {%- endfor %}
        {%- set statements = adapter.dispatch('raw_relation_statements', 'tessera') %}
        {%- set empty = [] %}
        {%- for table in relations %}
            {%- set location = tessera.raw_data_path() ~ '/' ~ table.pattern %}
            {%- set name = table.schema ~ '.' ~ table.identifier %}
            {%- set found = tessera.raw_files_exist(location) %}
            {%- if not found %}
                {%- do empty.append(table.identifier) %}
                {{ log('raw files of ' ~ name ~ ' not found (' ~ location ~ '): the source is empty this run',
                    info=true) }}
            {%- endif %}
            {%- for statement in statements(name, location, table.format, table.columns, found) %}
                {%- do run_query(statement) %}
            {%- endfor %}
        {%- endfor %}
        {{ log('raw relations point at ' ~ tessera.raw_data_path() ~ ': ' ~ relations | length ~ ' declared, '
            ~ empty | length ~ ' empty', info=true) }}
    {%- endif %}
{%- endmacro %}

{#- Whether any file matches a glob pattern. Spark cannot list files from a query here: assumed true. -#}
{% macro raw_files_exist(location) -%}
    {{ return(adapter.dispatch('raw_files_exist', 'tessera')(location)) }}
{%- endmacro %}

{% macro default__raw_files_exist(location) -%}
    {%- set result = run_query("select count(*) from glob('" ~ location ~ "')") -%}
    {{ return(result.columns[0].values()[0] > 0) }}
{%- endmacro %}

{% macro spark__raw_files_exist(location) -%}
    {{ return(true) }}
{%- endmacro %}

{#- The columns of a raw relation of a format, all text: a csv source's documented columns, or the columns of a
    line-by-line file. -#}
{% macro raw_empty_relation_sql(format, columns) -%}
    {%- if format == 'lines' -%}
        {%- set typed = {'file_name': dbt.type_string(), 'loaded_at': dbt.type_timestamp(),
            'line_number': dbt.type_bigint(), 'raw_line': dbt.type_string()} -%}
    {%- else -%}
        {%- set typed = {} -%}
        {%- for column in columns -%}{%- do typed.update({column: dbt.type_string()}) -%}{%- endfor -%}
    {%- endif -%}
    {{ tessera.empty_rows(typed) }}
{%- endmacro %}

{% macro default__raw_relation_statements(identifier, location, format, columns, found=true) -%}
    {%- if not found %}
        {%- set empty_sql = tessera.raw_empty_relation_sql(format, columns) %}
        {{ return(['create or replace view ' ~ identifier ~ ' as ' ~ empty_sql]) }}
    {%- elif format == 'csv' %}
        {%- set statement %}
            create or replace view {{ identifier }} as
            select * from read_csv('{{ location }}', header = true, all_varchar = true, union_by_name = true)
        {%- endset %}
    {%- else %}
        {%- set statement %}
            create or replace view {{ identifier }} as
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
{% macro spark__raw_relation_statements(identifier, location, format, columns, found=true) -%}
    {%- if format == 'csv' %}
        {{ return([
            'drop table if exists ' ~ identifier,
            "create table " ~ identifier ~ " using csv options (path '" ~ location
                ~ "', header 'true', inferSchema 'false', multiLine 'true', escape '\"')",
        ]) }}
    {%- else %}
        {%- set statement %}
            create or replace view {{ identifier }} as
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
        {{ return(['drop view if exists ' ~ identifier, 'drop table if exists ' ~ identifier, statement]) }}
    {%- endif %}
{%- endmacro %}
