{#- Timestamps: every staged timestamp is a UTC timestamp without time zone. -#}

{#- Text in ISO 8601 (with or without an offset; no offset means UTC) to a UTC timestamp;
    null when it does not parse. -#}
{% macro parse_timestamp_utc(expression) -%}
    {{ return(adapter.dispatch('parse_timestamp_utc', 'tessera')(expression)) }}
{%- endmacro %}

{% macro default__parse_timestamp_utc(expression) -%}
    timezone('UTC', try_cast(nullif(trim({{ expression }}), '') as timestamptz))
{%- endmacro %}

{% macro spark__parse_timestamp_utc(expression) -%}
    try_to_timestamp(nullif(trim({{ expression }}), ''))
{%- endmacro %}

{#- Text holding a local wall-clock time (no offset) in the given IANA time zone to a UTC timestamp. -#}
{% macro local_text_to_utc(expression, time_zone) -%}
    {{ return(adapter.dispatch('local_text_to_utc', 'tessera')(expression, time_zone)) }}
{%- endmacro %}

{% macro default__local_text_to_utc(expression, time_zone) -%}
    timezone('UTC', timezone({{ time_zone }}, try_cast(nullif(trim({{ expression }}), '') as timestamp)))
{%- endmacro %}

{% macro spark__local_text_to_utc(expression, time_zone) -%}
    to_utc_timestamp(try_to_timestamp(nullif(trim({{ expression }}), '')), {{ time_zone }})
{%- endmacro %}

{#- Text holding Unix epoch seconds to a UTC timestamp. -#}
{% macro epoch_text_to_utc(expression) -%}
    {{ return(adapter.dispatch('epoch_text_to_utc', 'tessera')(expression)) }}
{%- endmacro %}

{% macro default__epoch_text_to_utc(expression) -%}
    timezone('UTC', to_timestamp(try_cast(nullif(trim({{ expression }}), '') as bigint)))
{%- endmacro %}

{% macro spark__epoch_text_to_utc(expression) -%}
    timestamp_seconds(try_cast(nullif(trim({{ expression }}), '') as bigint))
{%- endmacro %}
