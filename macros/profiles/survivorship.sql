{#- Survivorship of golden-record attributes, from the var `profile_attributes` (see dbt_project.yml). -#}

{#- The attribute configuration, checked: every attribute names a known rule, and source_priority names its
    sources. Raises a compiler error naming the attribute otherwise. -#}
{% macro profile_attribute_config() -%}
    {%- set attributes = var('profile_attributes') -%}
    {%- set rules = ['source_priority', 'most_recent', 'most_frequent'] -%}
    {%- set types = ['varchar', 'date', 'timestamp', 'boolean', 'bigint', 'double'] -%}
    {%- for name, config in attributes.items() -%}
        {%- if not modules.re.match('^[a-z][a-z0-9_]*$', name) -%}
            {{ exceptions.raise_compiler_error("profile_attributes: '" ~ name ~ "' is not a lower-case column name") }}
        {%- endif -%}
        {%- if config.rule not in rules -%}
            {{ exceptions.raise_compiler_error(
                "profile_attributes." ~ name ~ ": unknown rule '" ~ config.rule ~ "' (one of "
                ~ rules | join(', ') ~ ")"
            ) }}
        {%- endif -%}
        {%- if config.rule == 'source_priority' and not config.sources -%}
            {{ exceptions.raise_compiler_error(
                "profile_attributes." ~ name ~ ": source_priority needs a list of sources"
            ) }}
        {%- endif -%}
        {%- if config.data_type and config.data_type not in types -%}
            {{ exceptions.raise_compiler_error(
                "profile_attributes." ~ name ~ ": unknown data_type '" ~ config.data_type ~ "' (one of "
                ~ types | join(', ') ~ ")"
            ) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(attributes) }}
{%- endmacro %}

{#- The cross-database type of an attribute's mart column. -#}
{% macro profile_attribute_type(config) -%}
    {%- set data_type = config.data_type or 'varchar' -%}
    {%- if data_type == 'date' -%} date
    {%- elif data_type == 'timestamp' -%} {{ dbt.type_timestamp() }}
    {%- elif data_type == 'boolean' -%} {{ dbt.type_boolean() }}
    {%- elif data_type == 'bigint' -%} {{ dbt.type_bigint() }}
    {%- elif data_type == 'double' -%} double
    {%- else -%} {{ dbt.type_string() }}
    {%- endif -%}
{%- endmacro %}

{#- 0 when the candidate may win on its own rule, 1 when a first-party candidate must win over it: third-party
    values only fill what first-party sources lack, unless the attribute sets prefer_first_party: false. -#}
{% macro survivorship_party_rank(attributes, attribute_column, is_first_party_column) -%}
    {%- set neutral = [] -%}
    {%- for name, config in attributes.items() if config.prefer_first_party is false -%}
        {%- do neutral.append(name) -%}
    {%- endfor -%}
    case
        {% if neutral -%}
            when {{ attribute_column }} in ({{ tessera.quoted_values(neutral) }}) then 0
        {% endif -%}
        when {{ is_first_party_column }} then 0
        else 1
    end
{%- endmacro %}

{#- The rank of a candidate under its attribute's rule, lower first: the position of its source for
    source_priority, minus the records that carry its value for most_frequent, 0 for most_recent (which the
    recency tie-break then decides). -#}
{% macro survivorship_rule_rank(attributes, attribute_column, source_column, frequency_column) -%}
    case {{ attribute_column }}
        {% for name, config in attributes.items() if config.rule != 'most_recent' -%}
            when '{{ name }}' then
                {%- if config.rule == 'source_priority' %}
                    case {{ source_column }}
                        {% for source in config.sources -%}
                            when '{{ source }}' then {{ loop.index }}
                        {% endfor -%}
                        else {{ config.sources | length + 1 }}
                    end
                {%- else %} -1 * {{ frequency_column }}
                {%- endif %}
        {% endfor -%}
        else 0
    end
{%- endmacro %}
