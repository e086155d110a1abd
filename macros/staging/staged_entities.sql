{#- The registry of staged source tables: (source, table, key column of a record). Each has a base model
    base_<source>__<table> (every raw row, judged) and a staging model stg_<source>__<table> (the kept rows).
    The rejected-records model and the row-accounting test are generated from this list, so a new source is
    registered here once. `erase_by` names the columns, besides the identifiers identity_sources reads from the
    staging model, whose values tie a row to an erased person (macros/privacy/erasure.sql): a record id of
    another source (`record_source`) or a value already hashed with SHA-256 (`hashed`). -#}
{% macro staged_entities() -%}
    {%- set entities = [] -%}
    {%- set order_reference = {'column': 'order_id', 'record_source': 'shop_orders'} -%}
    {%- for source_name, table_name, key_column, erase_by in [
        ('crm', 'contacts', 'contact_id', []),
        ('shop', 'customers', 'customer_id', []),
        ('shop', 'orders', 'order_id', []),
        ('shop', 'order_lines', 'order_line_id', [order_reference]),
        ('pos', 'transactions', 'transaction_id', []),
        ('segment', 'events', 'message_id', [order_reference]),
        ('support', 'tickets', 'ticket_id', []),
        ('email', 'events', 'email_event_id', []),
        ('consent', 'events', 'consent_event_id', [{'column': 'identifier_value'}]),
        ('privacy', 'erasure_requests', 'erasure_request_id', []),
        ('enrichment', 'third_party', 'email_sha256', [{'column': 'email_sha256', 'hashed': true}]),
    ] -%}
        {%- do entities.append({
            'source_name': source_name,
            'table_name': table_name,
            'key_column': key_column,
            'erase_by': erase_by,
            'base_model': 'base_' ~ source_name ~ '__' ~ table_name,
            'staging_model': 'stg_' ~ source_name ~ '__' ~ table_name,
        }) -%}
    {%- endfor -%}
    {{ return(entities) }}
{%- endmacro %}

{#- The columns of base_segment__events that record how a line was loaded (and say nothing of a person): the
    incremental load needs them, so an erased line keeps them. -#}
{% macro event_load_columns() -%}
    {{ return(['event_line_id', 'file_name', 'line_number', 'loaded_at', 'dbt_invocation_id']) }}
{%- endmacro %}

{#- In base_segment__events: a line that is not a JSON object (cut short, say) is rejected, but the ids it still
    shows are read from its text (the first capture group of `pattern`), so that an erasure reaches it
    (macros/privacy/erasure.sql). Null for a well-formed line, whose fields are parsed as JSON. -#}
{% macro salvaged_event_field(pattern) -%}
    case when not is_json_object then {{ tessera.regexp_extract_group('raw_line', pattern) }} end
{%- endmacro %}
