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
