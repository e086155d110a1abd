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

{#- A phone written without its country (no '+' or international prefix), as the digits that stay the same in
    every country's E.164 form: its digits without leading trunk zeros; null for any other identifier or a phone
    written in international form. Matched against the end of the identity graph's E.164 numbers where a source
    carries no country (erasure requests, consent events). -#}
{% macro national_number(identifier_type, raw) -%}
    case
        when
            {{ identifier_type }} = 'phone'
            and not {{ tessera.regexp_full_match('trim(' ~ raw ~ ')', '([+]|00).*') }}
            then {{ tessera.regexp_replace_all(tessera.digits_only(raw), '^0+', '') }}
    end
{%- endmacro %}

{#- The select of the national-number endings of the phones in `phones` (a relation with `key_column` and an E.164
    `identifier_value`): for each length in `lengths` (a relation with `national_number_digits`), the last that many
    digits, when what is left before them can be a calling code (1 to 3 digits). What a national_number is
    matched against, by erasure and consent. -#}
{% macro national_number_endings(phones, key_column, lengths) -%}
    {%- set digits = tessera.digits_only(phones ~ '.identifier_value') -%}
    select
        {{ phones }}.{{ key_column }},
        {{ lengths }}.national_number_digits,
        right({{ digits }}, {{ lengths }}.national_number_digits) as national_number
    from {{ phones }}
    cross join {{ lengths }}
    where length({{ digits }}) - {{ lengths }}.national_number_digits between 1 and 3
{%- endmacro %}
