{#- An identifier named by its type (consent and erasure requests name a person this way), normalised the way
    its type is everywhere else: emails trimmed and lower-cased, phones in E.164 (national numbers read in the
    project's default country), ids trimmed. calling_code and trunk_prefix are the default country's. -#}
{% macro normalize_identifier(identifier_type, identifier_value, calling_code, trunk_prefix) -%}
    case
        when {{ identifier_type }} = 'email' then {{ tessera.normalize_email(identifier_value) }}
        when {{ identifier_type }} = 'phone' then {{ tessera.phone_to_e164(
            identifier_value, tessera.digits_only(identifier_value), calling_code, trunk_prefix
        ) }}
        else nullif(trim({{ identifier_value }}), '')
    end
{%- endmacro %}
