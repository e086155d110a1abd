{#- An email address as identity resolution compares it: trimmed and lower-cased; null when blank. -#}
{% macro normalize_email(expression) -%}
    nullif(lower(trim({{ expression }})), '')
{%- endmacro %}

{#- True when a normalised email is a placeholder (test@test.com, a placeholder domain or local part). -#}
{% macro is_placeholder_email(normalized_email) -%}
    (
        {{ normalized_email }} in (
            {{ tessera.quoted_values(var('placeholder_emails'), lower=true) }}
        )
        or {{ normalized_email }} in (
            {{ tessera.quoted_values(var('placeholder_values'), lower=true) }}
        )
        or {{ dbt.split_part(normalized_email, "'@'", -1) }} in (
            {{ tessera.quoted_values(var('placeholder_email_domains'), lower=true) }}
        )
        or {{ dbt.split_part(normalized_email, "'@'", 1) }} in (
            {{ tessera.quoted_values(var('placeholder_values'), lower=true) }}
        )
    )
{%- endmacro %}

{#- True when a normalised email is syntactically an address and not a placeholder. -#}
{% macro is_valid_email(normalized_email) -%}
    coalesce(
        {{ tessera.regexp_full_match(
            normalized_email, "[a-z0-9._%+-]+@[a-z0-9-]+([.][a-z0-9-]+)*[.][a-z]{2,}"
        ) }}
        and not {{ tessera.is_placeholder_email(normalized_email) }},
        false
    )
{%- endmacro %}
