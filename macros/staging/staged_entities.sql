{#- The registry of staged source tables: (source, table, key column of a record). Each has a base model
    base_<source>__<table> (every raw row, judged) and a staging model stg_<source>__<table> (the kept rows).
    The rejected-records model and the row-accounting test are generated from this list, so a new source is
    registered here once. -#}
{% macro staged_entities() -%}
    {%- set entities = [] -%}
    {%- for source_name, table_name, key_column in [
        ('crm', 'contacts', 'contact_id'),
        ('shop', 'customers', 'customer_id'),
        ('shop', 'orders', 'order_id'),
        ('shop', 'order_lines', 'order_line_id'),
        ('pos', 'transactions', 'transaction_id'),
        ('segment', 'events', 'message_id'),
        ('support', 'tickets', 'ticket_id'),
        ('email', 'events', 'email_event_id'),
        ('consent', 'events', 'consent_event_id'),
        ('privacy', 'erasure_requests', 'erasure_request_id'),
        ('enrichment', 'third_party', 'email_sha256'),
    ] -%}
        {%- do entities.append({
            'source_name': source_name,
            'table_name': table_name,
            'key_column': key_column,
            'base_model': 'base_' ~ source_name ~ '__' ~ table_name,
            'staging_model': 'stg_' ~ source_name ~ '__' ~ table_name,
        }) -%}
    {%- endfor -%}
    {{ return(entities) }}
{%- endmacro %}
