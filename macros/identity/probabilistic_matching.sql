{#- Probabilistic matching runs where dbt Python models run (DuckDB here) and when the var
    `probabilistic_matching` leaves it enabled; the models in models/intermediate/identity/probabilistic carry
    the same condition in dbt_project.yml. -#}
{% macro probabilistic_matching_enabled() -%}
    {{ return(target.type == 'duckdb' and var('probabilistic_matching').get('enabled', true)) }}
{%- endmacro %}

{#- Says at the start of every run whether identity resolution uses probabilistic links, and if not, why. -#}
{% macro log_probabilistic_matching() -%}
    {%- if execute %}
        {%- if tessera.probabilistic_matching_enabled() %}
            {{ log('probabilistic matching: on (Splink, threshold '
                ~ var('probabilistic_matching').get('threshold', 0.99) ~ ')', info=true) }}
        {%- elif target.type != 'duckdb' %}
            {{ log('probabilistic matching skipped: target type ' ~ target.type ~ ' runs no dbt Python models;'
                ~ ' identity resolution uses deterministic links only', info=true) }}
        {%- else %}
            {{ log('probabilistic matching skipped: switched off by the var probabilistic_matching (enabled:'
                ~ ' false); identity resolution uses deterministic links only', info=true) }}
        {%- endif %}
    {%- endif %}
{%- endmacro %}

{#- A person attribute as matching compares it: names, addresses and cities trimmed, placeholders removed and
    lower-cased; postal codes and national ids upper-cased without spaces or punctuation; dates of birth as ISO
    text; an email as its local part and its domain. -#}
{% macro person_attribute(attribute, expression) -%}
    {%- if attribute in ['given_name', 'family_name'] -%}
        lower({{ tessera.clean_name(expression) }})
    {%- elif attribute in ['address_line', 'city'] -%}
        lower({{ tessera.clean_text(expression) }})
    {%- elif attribute == 'postal_code' -%}
        replace({{ tessera.clean_postal_code(expression) }}, ' ', '')
    {%- elif attribute == 'national_id' -%}
        nullif(upper({{ tessera.regexp_replace_all(expression, '[^A-Za-z0-9]', '') }}), '')
    {%- elif attribute == 'birth_date' -%}
        {{ tessera.try_cast(tessera.try_cast(expression, api.Column.translate_type('date')), dbt.type_string()) }}
    {%- elif attribute == 'email_local_part' -%}
        nullif({{ dbt.split_part(tessera.normalize_email(expression), "'@'", 1) }}, '')
    {%- elif attribute == 'email_domain' -%}
        nullif({{ dbt.split_part(tessera.normalize_email(expression), "'@'", 2) }}, '')
    {%- elif attribute == 'country_code' -%}
        upper({{ tessera.clean_text(expression) }})
    {%- else -%}
        {{ tessera.clean_text(expression) }}
    {%- endif -%}
{%- endmacro %}

