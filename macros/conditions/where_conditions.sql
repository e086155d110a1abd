{#- Conditions as data: the `where:` of a segment (over traits) and of a custom trait (over the columns of its model).
    Configuration never holds SQL: a `where` is a list of conditions that must all hold, each
        {<subject>: <column>, is: <operator>, value: <literal>, or_null: <boolean>}
    or a group {any: [<condition>, ...]} (at least one holds) or {all: [<condition>, ...]} (every one holds), groups
    nesting. <subject> is `trait` in segments and `column` in custom traits. Columns are checked against the
    documented columns, operators against where_operators, and values are rendered as SQL literals (strings quoted
    and escaped, numbers as numbers, true / false). Nulls: a null column satisfies no condition but is_null, unless
    the condition says `or_null: true`, when it satisfies it (`or_null: false` is the default, said out loud). -#}

{#- The operators a condition can name (`is:`), each mapped to its canonical name: comparison symbols (quoted in YAML,
    which reads > and = as its own syntax) with word aliases, list and range membership, text matching (case
    sensitive), null tests and boolean tests. -#}
{% macro where_operators() -%}
    {{ return({
        '=': '=', 'eq': '=',
        '!=': '!=', '<>': '!=', 'ne': '!=',
        '>': '>', 'gt': '>',
        '>=': '>=', 'gte': '>=',
        '<': '<', 'lt': '<',
        '<=': '<=', 'lte': '<=',
        'between': 'between',
        'in': 'in',
        'not_in': 'not_in',
        'contains': 'contains',
        'not_contains': 'not_contains',
        'starts_with': 'starts_with',
        'ends_with': 'ends_with',
        'is_null': 'is_null',
        'is_not_null': 'is_not_null',
        'is_true': 'is_true',
        'is_false': 'is_false',
    }) }}
{%- endmacro %}

{#- What value a canonical operator takes (`operator`): one literal (`one`), a non-empty list (`list`), a list of
    two, low then high, both included (`range`), or none (`none`). -#}
{% macro where_operator_value(operator) -%}
    {%- if operator in ['in', 'not_in'] -%}
        {{ return('list') }}
    {%- elif operator == 'between' -%}
        {{ return('range') }}
    {%- elif operator in ['is_null', 'is_not_null', 'is_true', 'is_false'] -%}
        {{ return('none') }}
    {%- else -%}
        {{ return('one') }}
    {%- endif -%}
{%- endmacro %}

{#- The kind of value a documented column type (`data_type`, a SQL type name or none) holds: number, boolean,
    text, time, or none when it is not documented or not one of these. Read from the type's first word, without
    its precision: decimal(18, 2) is a number, timestamp with time zone a time. -#}
{% macro where_value_kind(data_type) -%}
    {%- set base = ((data_type or '') | lower).split('(')[0].split(' ')[0] | trim -%}
    {%- set kinds = {
        'number': [
            'tinyint', 'smallint', 'int', 'integer', 'bigint', 'hugeint', 'long', 'short', 'byte',
            'int2', 'int4', 'int8', 'float', 'float4', 'float8', 'real', 'double', 'decimal', 'numeric',
        ],
        'boolean': ['boolean', 'bool'],
        'text': ['varchar', 'string', 'text', 'char', 'character'],
        'time': ['timestamp', 'timestamptz', 'timestamp_ntz', 'datetime', 'date'],
    } -%}
    {%- for kind, names in kinds.items() if base in names -%}
        {{ return(kind) }}
    {%- endfor -%}
    {{ return(none) }}
{%- endmacro %}

{#- A literal of a condition as SQL. `value`: a boolean, a number, a string, or a date or timestamp (YAML reads
    2025-01-01 unquoted as a date); anything else raises a compiler error that starts with `label`. -#}
{% macro where_literal(value, label) -%}
    {%- if value is boolean -%}
        {{ return('true' if value else 'false') }}
    {%- elif value is number -%}
        {%- if (value | string) | lower in ['nan', 'inf', '-inf'] -%}
            {{ exceptions.raise_compiler_error(label ~ ": value " ~ value ~ " is not a finite number") }}
        {%- endif -%}
        {{ return(value | string) }}
    {%- elif value is string -%}
        {{ return(tessera.sql_string_literal(value)) }}
    {%- elif value.isoformat is defined -%}
        {{ return(tessera.sql_string_literal(value | string)) }}
    {%- else -%}
        {{ exceptions.raise_compiler_error(
            label ~ ": value " ~ value ~ " is not a string, a number, true or false"
            ~ (" (to test for a missing value, write is: is_null)" if value is none else "")
        ) }}
    {%- endif -%}
{%- endmacro %}

{#- Raises a compiler error unless `value` (one literal of a condition) fits `kind` (where_value_kind of the
    column's documented type; none accepts any literal). `label`: the start of the message (entry, subject,
    column). -#}
{% macro check_where_value(value, kind, label) -%}
    {%- set is_number = value is number and value is not boolean -%}
    {%- set fits = {
        'number': is_number,
        'boolean': value is boolean,
        'text': value is string,
        'time': value is string or value.isoformat is defined,
    } -%}
    {%- set fixes = {
        'number': 'write a number, unquoted',
        'boolean': 'write true or false, or use is: is_true / is_false',
        'text': "write it as text, quoted: '" ~ value ~ "'",
        'time': "write a date or timestamp, quoted: '2025-01-31' or '2025-01-31 12:00:00'",
    } -%}
    {%- do tessera.where_literal(value, label) -%}
    {%- if kind and not fits[kind] -%}
        {%- set shown = ("'" ~ value ~ "'") if value is string else value -%}
        {{ exceptions.raise_compiler_error(label ~ " holds " ~ kind ~ " values, not " ~ shown ~ ": " ~ fixes[kind]) }}
    {%- endif -%}
{%- endmacro %}

{#- Checks a `where` and raises a compiler error on the first fault, naming the entry, the key and the fix.
    `conditions`: the list of conditions. `label`: the entry, as messages start ("segments entry 'high_value'").
    `subject`: the key that names a column in a condition (`trait` or `column`). `columns`: the known columns, a
    mapping of lower-case name to documented data type (or none), or none when they are not known yet (at parse
    time), when names are only checked to be column names. `key`: the configuration key, for messages. -#}
{% macro check_where(conditions, label, subject, columns=none, key='where') -%}
    {%- set example = "{" ~ subject ~ ": <name>, is: <operator>, value: <literal>}" -%}
    {%- if conditions is string -%}
        {{ exceptions.raise_compiler_error(
            label ~ ": " ~ key ~ " holds SQL ('" ~ conditions ~ "'); configuration holds no SQL: write a list of"
            ~ " conditions that must all hold, each " ~ example
        ) }}
    {%- endif -%}
    {%- if conditions is mapping or conditions is not iterable -%}
        {{ exceptions.raise_compiler_error(
            label ~ ": " ~ key ~ " is a list of conditions that must all hold, each " ~ example
            ~ " or a group {any: [...]}"
        ) }}
    {%- endif -%}
    {%- for condition in conditions -%}
        {%- do tessera.check_where_condition(condition, label, subject, columns, key) -%}
    {%- endfor -%}
{%- endmacro %}

{#- Checks one condition or group of a `where`; the arguments are those of check_where, `condition` the
    condition. -#}
{% macro check_where_condition(condition, label, subject, columns, key) -%}
    {%- set operators = tessera.where_operators() -%}
    {%- set example = "{" ~ subject ~ ": <name>, is: <operator>, value: <literal>}" -%}
    {%- if condition is not mapping -%}
        {{ exceptions.raise_compiler_error(
            label ~ ": '" ~ condition ~ "' in " ~ key ~ " is not a condition; configuration holds no SQL: write "
            ~ example ~ " or a group {any: [...]}"
        ) }}
    {%- endif -%}
    {%- set groups = ['any', 'all'] | select('in', condition) | list -%}
    {%- if groups -%}
        {%- set group = groups[0] -%}
        {%- if condition | length > 1 -%}
            {{ exceptions.raise_compiler_error(
                label ~ ": a group {" ~ group ~ ": [...]} in " ~ key ~ " holds only its list of conditions, not "
                ~ condition.keys() | reject('equalto', group) | join(', ')
            ) }}
        {%- endif -%}
        {%- if condition[group] is string or condition[group] is mapping or condition[group] is not iterable
            or condition[group] | length == 0 -%}
            {{ exceptions.raise_compiler_error(
                label ~ ": the group {" ~ group ~ ": [...]} in " ~ key ~ " needs a list of conditions, each " ~ example
            ) }}
        {%- endif -%}
        {%- do tessera.check_where(condition[group], label, subject, columns, key) -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set allowed_keys = [subject, 'is', 'value', 'or_null'] -%}
    {%- for name in condition if name not in allowed_keys -%}
        {{ exceptions.raise_compiler_error(
            label ~ ": unknown key '" ~ name ~ "' in a condition of " ~ key ~ " (keys: " ~ allowed_keys | join(', ')
            ~ "; or a group any / all)"
        ) }}
    {%- endfor -%}
    {%- set name = condition.get(subject) -%}
    {%- if name is not string or not modules.re.match('^[A-Za-z_][A-Za-z0-9_]*$', name) -%}
        {{ exceptions.raise_compiler_error(
            label ~ ": a condition of " ~ key ~ " names no " ~ subject ~ " (a column name): " ~ example
        ) }}
    {%- endif -%}
    {%- set name = name | lower -%}
    {%- if columns is not none and name not in columns -%}
        {{ exceptions.raise_compiler_error(
            label ~ ": unknown " ~ subject ~ " '" ~ name ~ "' in " ~ key ~ "; known " ~ subject ~ "s: "
            ~ columns.keys() | sort | join(', ')
        ) }}
    {%- endif -%}
    {%- set on = label ~ ": " ~ subject ~ " '" ~ name ~ "' in " ~ key -%}
    {%- if 'is' not in condition -%}
        {{ exceptions.raise_compiler_error(
            on ~ " needs an operator, is: one of " ~ operators.keys() | join(', ')
        ) }}
    {%- endif -%}
    {%- if condition['is'] is not string or condition['is'] not in operators -%}
        {{ exceptions.raise_compiler_error(
            on ~ ": unknown operator '" ~ condition['is'] ~ "'; operators: " ~ operators.keys() | join(', ')
        ) }}
    {%- endif -%}
    {%- set operator = operators[condition['is']] -%}
    {%- set takes = tessera.where_operator_value(operator) -%}
    {%- set kind = tessera.where_value_kind(columns[name]) if columns is not none else none -%}
    {%- set on = on ~ " (is: '" ~ condition['is'] ~ "')" -%}
    {%- if takes == 'none' and 'value' in condition -%}
        {{ exceptions.raise_compiler_error(on ~ " takes no value: remove value") }}
    {%- endif -%}
    {%- if takes != 'none' and 'value' not in condition -%}
        {{ exceptions.raise_compiler_error(
            on ~ " needs a value: {" ~ subject ~ ": " ~ name ~ ", is: '" ~ condition['is'] ~ "', value: "
            ~ ({'one': '<literal>', 'list': '[<literal>, ...]', 'range': '[<low>, <high>]'}[takes]) ~ "}"
        ) }}
    {%- endif -%}
    {%- set value = condition.get('value') -%}
    {%- if takes == 'one' -%}
        {%- do tessera.check_where_value(value, kind, on) -%}
    {%- elif takes in ['list', 'range'] -%}
        {%- if value is string or value is mapping or value is not iterable or value | length == 0
            or (takes == 'range' and value | length != 2) -%}
            {{ exceptions.raise_compiler_error(
                on ~ " needs " ~ ("a list of values: value: [a, b]" if takes == 'list'
                else "a list of two values, low and high, both included: value: [1, 5]")
            ) }}
        {%- endif -%}
        {%- for item in value -%}
            {%- do tessera.check_where_value(item, kind, on) -%}
        {%- endfor -%}
    {%- endif -%}
    {%- if operator in ['contains', 'not_contains', 'starts_with', 'ends_with'] -%}
        {%- if value is not string or value == '' or kind not in [none, 'text'] -%}
            {{ exceptions.raise_compiler_error(
                on ~ " matches text: the " ~ subject ~ " must hold text and the value be non-empty text"
            ) }}
        {%- endif -%}
    {%- elif operator in ['is_true', 'is_false'] and kind not in [none, 'boolean'] -%}
        {{ exceptions.raise_compiler_error(
            on ~ " tests a boolean, and the " ~ subject ~ " holds " ~ kind ~ " values"
        ) }}
    {%- elif operator in ['>', '>=', '<', '<=', 'between'] and kind == 'boolean' -%}
        {{ exceptions.raise_compiler_error(on ~ ": a boolean has no order; use is: is_true / is_false") }}
    {%- endif -%}
    {%- if 'or_null' in condition -%}
        {%- if condition.get('or_null') is not boolean -%}
            {{ exceptions.raise_compiler_error(
                on ~ ": or_null is true (a null value satisfies the condition) or false (it does not; the default)"
            ) }}
        {%- endif -%}
        {%- if operator in ['is_null', 'is_not_null'] -%}
            {{ exceptions.raise_compiler_error(on ~ " already says how null counts: remove or_null") }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

{#- A checked `where` (see check_where) as one boolean SQL expression: its conditions joined by `joiner` (`and`
    for a where and an all group, `or` for an any group). `subject`: the key that names a column in a condition
    (`trait` or `column`). `prefix`: prepended to every column name (a relation alias and a dot, or nothing). -#}
{% macro where_sql(conditions, subject, prefix='', joiner='and') -%}
    {%- set parts = [] -%}
    {%- for condition in conditions -%}
        {%- if 'any' in condition -%}
            {%- do parts.append('(' ~ tessera.where_sql(condition['any'], subject, prefix, 'or') ~ ')') -%}
        {%- elif 'all' in condition -%}
            {%- do parts.append('(' ~ tessera.where_sql(condition['all'], subject, prefix, 'and') ~ ')') -%}
        {%- else -%}
            {%- do parts.append(tessera.where_condition_sql(condition, subject, prefix)) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(parts | join(' ' ~ joiner ~ ' ')) }}
{%- endmacro %}

{#- One checked condition (not a group) as a boolean SQL expression; `subject` and `prefix` as in where_sql. With
    `or_null: true`, a null column satisfies it: (column is null or <test>). -#}
{% macro where_condition_sql(condition, subject, prefix='') -%}
    {%- set column = prefix ~ condition[subject] | lower -%}
    {%- set operator = tessera.where_operators()[condition['is']] -%}
    {%- set label = "condition on " ~ column -%}
    {%- set value = condition.get('value') -%}
    {%- if operator in ['=', '!=', '>', '>=', '<', '<='] -%}
        {%- set test = column ~ ' ' ~ operator ~ ' ' ~ tessera.where_literal(value, label) -%}
    {%- elif operator == 'between' -%}
        {%- set test = column ~ ' between ' ~ tessera.where_literal(value[0], label)
            ~ ' and ' ~ tessera.where_literal(value[1], label) -%}
    {%- elif operator in ['in', 'not_in'] -%}
        {%- set literals = [] -%}
        {%- for item in value -%}
            {%- do literals.append(tessera.where_literal(item, label)) -%}
        {%- endfor -%}
        {%- set test = column ~ (' in (' if operator == 'in' else ' not in (') ~ literals | join(', ') ~ ')' -%}
    {%- elif operator in ['contains', 'not_contains', 'starts_with'] -%}
        {#- position(... in ...), right and length are standard SQL that DuckDB and Spark share; dbt's macros for
            them render on several lines, which a condition inside a longer expression does not read well in -#}
        {%- set position = 'position(' ~ tessera.where_literal(value, label) ~ ' in ' ~ column ~ ')' -%}
        {%- set test = position ~ {'contains': ' > 0', 'not_contains': ' = 0', 'starts_with': ' = 1'}[operator] -%}
    {%- elif operator == 'ends_with' -%}
        {%- set literal = tessera.where_literal(value, label) -%}
        {%- set test = 'right(' ~ column ~ ', length(' ~ literal ~ ')) = ' ~ literal -%}
    {%- elif operator == 'is_null' -%}
        {%- set test = column ~ ' is null' -%}
    {%- elif operator == 'is_not_null' -%}
        {%- set test = column ~ ' is not null' -%}
    {%- elif operator == 'is_true' -%}
        {%- set test = column ~ ' = true' -%}
    {%- elif operator == 'is_false' -%}
        {%- set test = column ~ ' = false' -%}
    {%- endif -%}
    {%- if condition.get('or_null') -%}
        {{ return('(' ~ column ~ ' is null or ' ~ test ~ ')') }}
    {%- elif operator == 'between' -%}
        {{ return('(' ~ test ~ ')') }}
    {%- else -%}
        {{ return(test) }}
    {%- endif -%}
{%- endmacro %}
