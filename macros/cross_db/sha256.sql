{#- Hex SHA-256 of a text: the form ad platforms and enrichment feeds key people on (dbt's hash macro is MD5). -#}
{% macro sha256(expression) -%}
    {{ return(adapter.dispatch('sha256', 'tessera')(expression)) }}
{%- endmacro %}

{% macro default__sha256(expression) -%}
    sha256({{ expression }})
{%- endmacro %}

{% macro spark__sha256(expression) -%}
    sha2({{ expression }}, 256)
{%- endmacro %}

{#- An email as ad platforms match it: SHA-256 hex of the address trimmed and lower-cased; null when blank. -#}
{% macro email_sha256(expression) -%}
    {{ tessera.sha256(tessera.normalize_email(expression)) }}
{%- endmacro %}

{#- A phone number in E.164 ('+' and digits) as Google Customer Match takes it: SHA-256 hex of the E.164 form with
    its '+'. -#}
{% macro phone_sha256_e164(e164) -%}
    {{ tessera.sha256(dbt.concat(["'+'", tessera.digits_only(e164)])) }}
{%- endmacro %}

{#- A phone number in E.164 as Meta custom audiences take it: SHA-256 hex of its digits, country code included, no
    '+'. -#}
{% macro phone_sha256_digits(e164) -%}
    {{ tessera.sha256(tessera.digits_only(e164)) }}
{%- endmacro %}
