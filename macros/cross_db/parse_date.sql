{#- Text written in a declared format to a date; null when it does not parse. `date_format` is a strftime pattern
    (%Y%m%d, %m/%d/%Y, %d.%m.%Y, ...), `iso` (YYYY-MM-DD, a time after it ignored) or `epoch` (seconds since
    1970-01-01 UTC). validate_source_declarations checks the pattern before any model runs. -#}
{% macro parse_date_with_format(expression, date_format) -%}
    {%- set text = 'nullif(trim(' ~ tessera.try_cast(expression, dbt.type_string()) ~ "), '')" -%}
    {%- if date_format == 'epoch' -%}
        cast({{ tessera.epoch_text_to_utc(text) }} as date)
    {%- elif date_format == 'iso' -%}
        {{ tessera.try_cast('left(' ~ text ~ ', 10)', api.Column.translate_type('date')) }}
    {%- else -%}
        {{ return(adapter.dispatch('parse_date_with_format', 'tessera')(text, date_format)) }}
    {%- endif -%}
{%- endmacro %}

{% macro default__parse_date_with_format(text, date_format) -%}
    cast(try_strptime({{ text }}, '{{ date_format }}') as date)
{%- endmacro %}

{#- Spark reads Java datetime patterns: the strftime codes a declaration may use are translated. -#}
{% macro spark__parse_date_with_format(text, date_format) -%}
    {%- set java_format = date_format | replace('%Y', 'yyyy') | replace('%y', 'yy') | replace('%m', 'MM')
        | replace('%d', 'dd') | replace('%H', 'HH') | replace('%M', 'mm') | replace('%S', 'ss')
        | replace('%b', 'MMM') | replace('%B', 'MMMM') -%}
    to_date(try_to_timestamp({{ text }}, '{{ java_format }}'))
{%- endmacro %}

{#- The strftime codes a declared date format may use (those every engine can read). -#}
{% macro supported_date_format_codes() -%}
    {{ return(['%Y', '%y', '%m', '%d', '%H', '%M', '%S', '%b', '%B']) }}
{%- endmacro %}
