{#- Free text: trimmed, inner runs of spaces collapsed to one space; null when blank or a placeholder. -#}
{% macro clean_text(expression) -%}
    case
        when lower(trim({{ expression }})) in (
            {{ tessera.quoted_values(var('placeholder_values'), lower=true) }}
        ) then null
        else nullif(trim({{ tessera.regexp_replace_all(expression, '  +', ' ') }}), '')
    end
{%- endmacro %}

{#- A person's name part: clean_text, and re-capitalised only when it was written all upper or all lower case
    (so McDonald and O'Neil keep the capitals they were given). -#}
{% macro clean_name(expression) -%}
    case
        when {{ tessera.clean_text(expression) }} = upper({{ tessera.clean_text(expression) }})
            or {{ tessera.clean_text(expression) }} = lower({{ tessera.clean_text(expression) }})
            then {{ tessera.initcap(tessera.clean_text(expression)) }}
        else {{ tessera.clean_text(expression) }}
    end
{%- endmacro %}

{#- A postal code: upper case, single spaces. -#}
{% macro clean_postal_code(expression) -%}
    upper({{ tessera.clean_text(expression) }})
{%- endmacro %}

{#- A date of birth from ISO text; null when it does not parse or is impossible (before the configured
    earliest date, or after the record was written). -#}
{% macro clean_birth_date(expression, recorded_at) -%}
    case
        when {{ tessera.try_cast(expression, api.Column.translate_type('date')) }}
            between cast('{{ var("earliest_valid_birth_date") }}' as date) and cast({{ recorded_at }} as date)
            then {{ tessera.try_cast(expression, api.Column.translate_type('date')) }}
    end
{%- endmacro %}
