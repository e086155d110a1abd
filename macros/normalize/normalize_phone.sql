{#- Phones. A number is first reduced to its digits, then written in E.164 (+<country code><number>)
    using the record's country (or the project's default country) for numbers written in national form. -#}

{% macro digits_only(expression) -%}
    nullif({{ tessera.regexp_replace_all(expression, '[^0-9]', '') }}, '')
{%- endmacro %}

{#- raw: the phone as written; digits: digits_only(raw); calling_code and trunk_prefix: of the record's country.
    International prefixes are 00 outside North America and 011 inside it. -#}
{% macro phone_to_e164(raw, digits, calling_code, trunk_prefix) -%}
    case
        when {{ digits }} is null then null
        when ltrim({{ raw }}) like '+%' then '+' || {{ digits }}
        when {{ calling_code }} <> '1' and {{ digits }} like '00%' then '+' || substr({{ digits }}, 3)
        when {{ calling_code }} = '1' and {{ digits }} like '011%' then '+' || substr({{ digits }}, 4)
        when {{ calling_code }} = '1' and length({{ digits }}) = 11 and {{ digits }} like '1%' then '+' || {{ digits }}
        when {{ calling_code }} = '1' and length({{ digits }}) = 10 then '+1' || {{ digits }}
        when {{ calling_code }} <> '1' and {{ digits }} like {{ trunk_prefix }} || '%'
            then '+' || {{ calling_code }} || substr({{ digits }}, length({{ trunk_prefix }}) + 1)
        else '+' || {{ calling_code }} || {{ digits }}
    end
{%- endmacro %}

{#- True when an E.164 number has a plausible length and is not a placeholder (one repeated digit, 1234567890, ...). -#}
{% macro is_valid_phone(e164, digits) -%}
    coalesce(
        {{ tessera.regexp_full_match(e164, "[+][1-9][0-9]{7,14}") }}
        and replace({{ digits }}, left({{ digits }}, 1), '') <> ''
        and replace(substr({{ e164 }}, 3), substr({{ e164 }}, 3, 1), '') <> ''
        and {{ digits }} not in (
            {{ tessera.quoted_values(var('placeholder_phone_digits')) }}
        ),
        false
    )
{%- endmacro %}
