{#- Segments (var `segments`, see dbt_project.yml), checked and compiled to boolean SQL. A definition that cannot
    compile raises a compiler error naming the segment and why. -#}

{#- The definitions, checked: known keys, a lower-case unique id, a `where` of conditions on known traits (macro
    check_where; the traits are known once the project is parsed, so at parse time only the form is checked), known
    event conditions, include / exclude naming other segments. -#}
{% macro segment_definitions() -%}
    {%- set allowed_keys = ['id', 'name', 'description', 'where', 'did', 'did_not', 'include', 'exclude'] -%}
    {%- set segments = tessera.segment_entries() -%}
    {%- set traits = tessera.segment_traits() if execute else none -%}
    {%- set ids = [] -%}
    {%- for segment in segments -%}
        {%- set label = "segments entry '" ~ (segment.id or loop.index) ~ "'" -%}
        {%- if 'rule' in segment -%}
            {{ exceptions.raise_compiler_error(
                label ~ ": `rule` held SQL, and configuration holds no SQL: write the rule as `where:`, a list of"
                ~ " conditions that must all hold, each {trait: <trait>, is: <operator>, value: <literal>}, e.g."
                ~ " where: [{trait: order_count, is: '>=', value: 3}] (README.md, Segments)"
            ) }}
        {%- endif -%}
        {%- for key in segment if key not in allowed_keys -%}
            {{ exceptions.raise_compiler_error(
                label ~ ": unknown key '" ~ key ~ "' (keys: " ~ allowed_keys | join(', ') ~ ")"
            ) }}
        {%- endfor -%}
        {%- if not segment.id or not modules.re.match('^[a-z][a-z0-9_]*$', segment.id) -%}
            {{ exceptions.raise_compiler_error(label ~ ": id must be lower-case letters, digits and underscores") }}
        {%- endif -%}
        {%- if segment.id in ids -%}
            {{ exceptions.raise_compiler_error(label ~ ": id is used by two segments") }}
        {%- endif -%}
        {%- do ids.append(segment.id) -%}
        {%- if not segment.name -%}
            {{ exceptions.raise_compiler_error(label ~ ": a segment needs a name") }}
        {%- endif -%}
        {%- if 'where' in segment -%}
            {%- do tessera.check_where(segment['where'], label, 'trait', traits) -%}
        {%- endif -%}
        {%- for condition in (segment.did or []) + (segment.did_not or []) -%}
            {%- if condition is not mapping or not condition.event -%}
                {{ exceptions.raise_compiler_error(label ~ ": every did / did_not condition needs an event") }}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- for segment in segments -%}
        {%- for other in (segment.include or []) + (segment.exclude or []) if other not in ids -%}
            {{ exceptions.raise_compiler_error(
                "segments entry '" ~ segment.id ~ "': includes or excludes unknown segment '" ~ other ~ "'"
            ) }}
        {%- endfor -%}
    {%- endfor -%}
    {{ return(segments) }}
{%- endmacro %}

{#- The traits a segment's `where` can name, as a mapping of name to documented data type: the documented columns
    of profile_traits and the custom traits (var `custom_traits`; counts are bigint, the others of no known type).
    None when profile_traits is not in the graph. -#}
{% macro segment_traits() -%}
    {%- set traits = tessera.documented_column_types('profile_traits') -%}
    {%- if traits is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- for trait in tessera.custom_trait_entries() if trait is mapping and trait.name -%}
        {%- do traits.update({
            trait.name | lower: 'bigint' if trait.aggregation in tessera.custom_trait_counts() else none
        }) -%}
    {%- endfor -%}
    {{ return(traits) }}
{%- endmacro %}

{#- The distinct (event, within_days) pairs of every did / did_not condition: each becomes a count column
    behaviour_<n> (n from 1, in this order). -#}
{% macro segment_behaviours(segments) -%}
    {%- set behaviours = [] -%}
    {%- for segment in segments -%}
        {%- for condition in (segment.did or []) + (segment.did_not or []) -%}
            {%- set behaviour = tessera.segment_behaviour_key(condition) -%}
            {%- if behaviour not in behaviours -%}
                {%- do behaviours.append(behaviour) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return(behaviours) }}
{%- endmacro %}

{#- What a did / did_not condition counts: an event within a number of days (none: all time). -#}
{% macro segment_behaviour_key(condition) -%}
    {{ return({'event': condition.event, 'within_days': condition.within_days or none}) }}
{%- endmacro %}

{#- The segment's own conditions (where, did, did_not) as one boolean expression over the traits and behaviour
    counts; unknown (null) counts as false. -#}
{% macro segment_own_condition(segment, behaviours) -%}
    {%- set conditions = [tessera.where_sql(segment['where'], 'trait')] if segment['where'] else [] -%}
    {%- for condition in segment.did or [] -%}
        {%- set column = 'behaviour_' ~ (behaviours.index(tessera.segment_behaviour_key(condition)) + 1) -%}
        {%- do conditions.append(column ~ ' >= ' ~ (condition.at_least or 1)) -%}
    {%- endfor -%}
    {%- for condition in segment.did_not or [] -%}
        {%- set column = 'behaviour_' ~ (behaviours.index(tessera.segment_behaviour_key(condition)) + 1) -%}
        {%- do conditions.append(column ~ ' < ' ~ (condition.at_least or 1)) -%}
    {%- endfor -%}
    coalesce({{ conditions | join(' and ') if conditions else 'true' }}, false)
{%- endmacro %}

{#- The full membership expression of every segment, by id: its own condition (column is_<id>_own), and the
    full expressions of the segments it includes, and the negation of those it excludes. Resolved in dependency
    order; segments that include or exclude each other in a cycle raise a compiler error. -#}
{% macro segment_membership_expressions(segments) -%}
    {%- set expressions = {} -%}
    {%- for round in segments -%}
        {%- for segment in segments if segment.id not in expressions -%}
            {%- set others = (segment.include or []) + (segment.exclude or []) -%}
            {%- if others | reject('in', expressions) | list | length == 0 -%}
                {%- set parts = ['is_' ~ segment.id ~ '_own'] -%}
                {%- for other in segment.include or [] -%}
                    {%- do parts.append('(' ~ expressions[other] ~ ')') -%}
                {%- endfor -%}
                {%- for other in segment.exclude or [] -%}
                    {%- do parts.append('not (' ~ expressions[other] ~ ')') -%}
                {%- endfor -%}
                {%- do expressions.update({segment.id: parts | join(' and ')}) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- for segment in segments if segment.id not in expressions -%}
        {{ exceptions.raise_compiler_error(
            "segments entry '" ~ segment.id ~ "': includes or excludes segments in a cycle"
        ) }}
    {%- endfor -%}
    {{ return(expressions) }}
{%- endmacro %}
