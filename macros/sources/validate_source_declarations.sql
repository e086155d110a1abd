{#- Checks every source declaration and the registry before any model runs (on-run-start), and stops the run at
    the first problem with a message naming the source, the key and the fix: a registered name with no model or
    no declaration, a declaration that is not registered, a missing key, a column the model does not document,
    an identifier type without a profile-id priority, an unknown attribute, a date format that does not parse. -#}

{#- The keys a declaration may hold, and the parts a source can play. -#}
{% macro declaration_keys() -%}
    {{ return([
        'record_source', 'record_id', 'observed_at', 'raw', 'given_name', 'identifiers', 'person_attributes',
        'profile_attributes', 'erase_by', 'enrichment', 'purchases', 'purchase_lines', 'events',
        'email_engagement', 'support_cases', 'consent_events', 'erasure_requests',
    ]) }}
{%- endmacro %}

{#- The columns each part names (part: {role column: required}); the part's values are column names. -#}
{% macro declaration_part_columns() -%}
    {{ return({
        'purchases': {'ordered_at': true, 'channel': true, 'currency_code': true, 'amount': true,
            'counts_if': false},
        'purchase_lines': {'purchase_id': true, 'category': true, 'quantity': true},
        'events': {'occurred_at': true, 'event_name': true, 'device_id': false, 'is_action': false},
        'email_engagement': {'campaign_id': true, 'event_type': true},
        'support_cases': {'status': true, 'satisfaction_rating': false},
    }) }}
{%- endmacro %}

{#- The person attributes probabilistic matching compares. -#}
{% macro person_attribute_names() -%}
    {{ return([
        'given_name', 'family_name', 'birth_date', 'address_line', 'postal_code', 'city', 'country_code', 'phone',
        'email', 'national_id',
    ]) }}
{%- endmacro %}

{% macro declaration_error(entry, key, problem, fix) -%}
    {{ exceptions.raise_compiler_error(
        'source declaration ' ~ entry ~ ', key `' ~ key ~ '`: ' ~ problem ~ '. Fix: ' ~ fix
        ~ ' (docs/sources.md lists the keys of a declaration)'
    ) }}
{%- endmacro %}

{#- Checks that each column a value names is a documented column of the source. -#}
{% macro check_declared_columns(entry, key, spec, documented) -%}
    {%- for column in tessera.declared_columns(spec) -%}
        {%- if column is not string or not column -%}
            {{ tessera.declaration_error(entry, key, 'a value must be a column name, {column, valid_if, format}'
                ~ ' or a list of those, got ' ~ spec, 'name the column that holds the value; where an expression'
                ~ ' is needed, compute it as a column of the staging model') }}
        {%- elif column | lower not in documented -%}
            {{ tessera.declaration_error(entry, key, "no column '" ~ column ~ "' is documented on the model",
                'name one of its columns (' ~ documented | join(', ') ~ '), or add and document the column') }}
        {%- endif -%}
    {%- endfor -%}
    {%- if spec is mapping and spec.get('word') is not none
        and not (spec.word is number and spec.word >= 1) -%}
        {{ tessera.declaration_error(entry, key, 'word must be a whole number from 1, got ' ~ spec.word,
            'write word: 1 for the first space-separated word of the column') }}
    {%- endif -%}
    {%- if spec is mapping and spec.get('format') -%}
        {{ tessera.check_date_format(entry, key, spec.format) }}
    {%- endif -%}
{%- endmacro %}

{% macro check_date_format(entry, key, date_format) -%}
    {%- if date_format not in ['iso', 'epoch'] -%}
        {%- set codes = modules.re.findall('%.', date_format) -%}
        {%- set unknown = codes | reject('in', tessera.supported_date_format_codes()) | list -%}
        {%- if not codes or unknown or '%Y' not in codes and '%y' not in codes -%}
            {{ tessera.declaration_error(entry, key, "date format '" ~ date_format ~ "' does not parse",
                "write a strftime pattern with a year, month and day such as '%Y%m%d' or '%m/%d/%Y' (codes "
                ~ tessera.supported_date_format_codes() | join(' ') ~ "), or 'iso' or 'epoch'") }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

{% macro validate_source_declarations() -%}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- set registry = tessera.source_registry() -%}
    {%- set known_types = var('profile_id_type_priority') + (var('hard_identifier_limits').keys() | list) -%}
    {%- set part_columns = tessera.declaration_part_columns() -%}
    {#- declared but not registered: the models would never read it -#}
    {%- for node in graph.nodes.values() if node.resource_type == 'model' and node.package_name == project_name
        and tessera.node_declaration(node) and node.name not in registry and node.config.enabled -%}
        {{ tessera.declaration_error(node.name, 'tessera', 'the model is declared as a source but not registered',
            'add ' ~ node.name ~ ' to the var source_models (or to demo_source_models for a demo source)') }}
    {%- endfor -%}
    {%- for entry in registry -%}
        {%- set node = tessera.registered_node(entry) -%}
        {%- if node is none -%}
            {{ tessera.declaration_error(entry, 'source_models', 'no enabled model or source table has this name',
                'create the staging model, or remove the name from the var source_models'
                ~ (' (or set demo_sources: true)' if entry in var('demo_source_models', []) else '')) }}
        {%- endif -%}
        {%- set declaration = tessera.node_declaration(node) -%}
        {%- if not declaration -%}
            {{ tessera.declaration_error(entry, 'meta.tessera', 'the registered model has no declaration',
                'add config: {meta: {tessera: {...}}} to its entry in the YAML beside it') }}
        {%- endif -%}
        {%- set documented = node.columns.keys() | map('lower') | list -%}
        {%- if not documented -%}
            {{ tessera.declaration_error(entry, 'columns', 'the model documents no column',
                'document its columns in the YAML beside it: declarations are checked against them') }}
        {%- endif -%}
        {%- for key in declaration.keys() if key not in tessera.declaration_keys() -%}
            {{ tessera.declaration_error(entry, key, 'unknown key',
                'use one of ' ~ tessera.declaration_keys() | join(', ')) }}
        {%- endfor -%}
        {%- for key in ['record_id'] -%}
            {%- if not declaration.get(key) -%}
                {{ tessera.declaration_error(entry, key, 'missing', 'name the column that identifies a record') }}
            {%- endif -%}
            {{ tessera.check_declared_columns(entry, key, declaration.get(key), documented) }}
        {%- endfor -%}
        {%- set needs_time = declaration.get('identifiers') or declaration.get('profile_attributes')
            or declaration.get('enrichment') -%}
        {%- if needs_time and not declaration.get('observed_at') -%}
            {{ tessera.declaration_error(entry, 'observed_at', 'missing',
                'name the timestamp column that says when the record was seen or last changed') }}
        {%- endif -%}
        {%- for key in ['observed_at', 'given_name'] if declaration.get(key) -%}
            {{ tessera.check_declared_columns(entry, key, declaration.get(key), documented) }}
        {%- endfor -%}
        {%- if declaration.get('raw') is not none -%}
            {%- if declaration.raw is not mapping -%}
                {{ tessera.declaration_error(entry, 'raw', 'must be a mapping',
                    'write raw: {source: <source>.<table>, files: <glob>, format: csv|lines}') }}
            {%- endif -%}
            {%- if declaration.raw.get('format', 'csv') not in ['csv', 'lines'] -%}
                {{ tessera.declaration_error(entry, 'raw.format', "unknown format '" ~ declaration.raw.format ~ "'",
                    'use csv (a header row, any delimiter) or lines (one JSON message a line)') }}
            {%- endif -%}
        {%- endif -%}
        {%- for identifier in declaration.get('identifiers') or [] -%}
            {%- if identifier is not mapping or not identifier.get('type') or not identifier.get('column') -%}
                {{ tessera.declaration_error(entry, 'identifiers', 'an entry needs a type and a column',
                    'write {type: email, column: email, valid_if: is_email_valid}') }}
            {%- endif -%}
            {%- if identifier.type not in known_types -%}
                {{ tessera.declaration_error(entry, 'identifiers', "unknown identifier type '" ~ identifier.type
                    ~ "'", 'use one of ' ~ known_types | join(', ') ~ ', or add the type to the var'
                    ~ ' profile_id_type_priority (its place there is its rank when a profile id is chosen)') }}
            {%- endif -%}
            {{ tessera.check_declared_columns(entry, 'identifiers',
                {'column': identifier.column, 'valid_if': identifier.get('valid_if')}, documented) }}
        {%- endfor -%}
        {%- for attribute, spec in (declaration.get('person_attributes') or {}).items() -%}
            {%- if attribute not in tessera.person_attribute_names() -%}
                {{ tessera.declaration_error(entry, 'person_attributes.' ~ attribute, 'unknown person attribute',
                    'use one of ' ~ tessera.person_attribute_names() | join(', ')) }}
            {%- endif -%}
            {{ tessera.check_declared_columns(entry, 'person_attributes.' ~ attribute, spec, documented) }}
        {%- endfor -%}
        {%- set golden = var('profile_attributes').keys() | list -%}
        {%- for attribute, spec in (declaration.get('profile_attributes') or {}).items() -%}
            {%- if attribute not in golden -%}
                {{ tessera.declaration_error(entry, 'profile_attributes.' ~ attribute, 'not an attribute of the'
                    ~ ' golden record', 'use one of ' ~ golden | join(', ') ~ ', or add it to the var'
                    ~ ' profile_attributes with its survivorship rule') }}
            {%- endif -%}
            {{ tessera.check_declared_columns(entry, 'profile_attributes.' ~ attribute, spec, documented) }}
        {%- endfor -%}
        {%- if declaration.get('enrichment') -%}
            {%- set feed = declaration.enrichment -%}
            {%- if feed.get('match_identifier_type') not in known_types -%}
                {{ tessera.declaration_error(entry, 'enrichment.match_identifier_type', "unknown identifier type '"
                    ~ feed.get('match_identifier_type') ~ "'", 'use one of ' ~ known_types | join(', ')) }}
            {%- endif -%}
            {{ tessera.check_declared_columns(entry, 'enrichment.match_column', feed.get('match_column'), documented) }}
            {%- for attribute, spec in (feed.get('attributes') or {}).items() -%}
                {%- if attribute not in golden -%}
                    {{ tessera.declaration_error(entry, 'enrichment.attributes.' ~ attribute, 'not an attribute of'
                        ~ ' the golden record', 'use one of ' ~ golden | join(', ')) }}
                {%- endif -%}
                {{ tessera.check_declared_columns(entry, 'enrichment.attributes.' ~ attribute, spec, documented) }}
            {%- endfor -%}
        {%- endif -%}
        {%- for erase in declaration.get('erase_by') or [] -%}
            {{ tessera.check_declared_columns(entry, 'erase_by', erase.get('column'), documented) }}
        {%- endfor -%}
        {%- for part, columns in part_columns.items() if declaration.get(part) -%}
            {%- set mapping = declaration.get(part) -%}
            {%- if mapping is not mapping -%}
                {{ tessera.declaration_error(entry, part, 'must map ' ~ columns.keys() | join(', ') ~ ' to columns',
                    'write ' ~ part ~ ': {' ~ columns.keys() | join(': <column>, ') ~ ': <column>}') }}
            {%- endif -%}
            {%- for role_column, required in columns.items() -%}
                {%- if required and not mapping.get(role_column) -%}
                    {{ tessera.declaration_error(entry, part ~ '.' ~ role_column, 'missing',
                        'name the column of the model that holds it') }}
                {%- endif -%}
                {%- if mapping.get(role_column) -%}
                    {{ tessera.check_declared_columns(entry, part ~ '.' ~ role_column, mapping.get(role_column),
                        documented) }}
                {%- endif -%}
            {%- endfor -%}
            {%- for role_column in mapping.keys() if role_column not in columns
                and role_column != 'purchase_record_source' -%}
                {{ tessera.declaration_error(entry, part ~ '.' ~ role_column, 'unknown key',
                    'use ' ~ columns.keys() | join(', ')) }}
            {%- endfor -%}
        {%- endfor -%}
        {%- for part in ['consent_events', 'erasure_requests'] if declaration.get(part) -%}
            {%- set missing = tessera.part_contract(part).keys() | reject('in', documented) | list -%}
            {%- if declaration.get(part) is not sameas true or missing -%}
                {{ tessera.declaration_error(entry, part, 'a model plays this part with the columns of its contract'
                    ~ (', and lacks ' ~ missing | join(', ') if missing else ''), 'write ' ~ part ~ ': true and give'
                    ~ ' the staging model the columns ' ~ tessera.part_contract(part).keys() | join(', ')) }}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ log('source declarations checked: ' ~ registry | length ~ ' registered (' ~ registry | join(', ') ~ ')',
        info=true) }}
    {{ return('') }}
{%- endmacro %}
