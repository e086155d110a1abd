{#- Scans every model the project builds and returns, per model, the rows that still name an erased person: a
    text value listed in erasure_suppressions as it is (hashes kept by an activation table or the enrichment feed)
    or whose SHA-256 is listed (identifiers, record keys, profile ids, identifier ids). Only the models that keep
    the erasure record itself (tag `erasure_record`: the requests, their scope and the suppression list, which
    hold hashes by design) are left out. Values longer than an identifier can be (JSON documents) are not hashed.
    Fails after a run that processed a new request until the next run, which blanks the person's rows upstream
    (`make build` runs both). -#}
{{ config(enabled=target.type == 'duckdb') }}

{#- The models no other model reads: the test runs after them, so after every model (python_tests check the list
    covers the whole graph). -#}
-- depends_on: {{ ref('activation_ad_audiences') }}
-- depends_on: {{ ref('activation_email_contacts') }}
-- depends_on: {{ ref('activation_email_contacts_masked') }}
-- depends_on: {{ ref('erasure_audit') }}
-- depends_on: {{ ref('identity_edges') }}
-- depends_on: {{ ref('identity_edges_masked') }}
-- depends_on: {{ ref('identity_edges_rejected') }}
-- depends_on: {{ ref('identity_edges_rejected_masked') }}
-- depends_on: {{ ref('int_identity_components_python') }}
-- depends_on: {{ ref('profile_attributes_masked') }}
-- depends_on: {{ ref('profile_consents') }}
-- depends_on: {{ ref('profile_custom_traits') }}
-- depends_on: {{ ref('profile_identifiers_masked') }}
-- depends_on: {{ ref('profile_lineage') }}
-- depends_on: {{ ref('profile_records_masked') }}
-- depends_on: {{ ref('profile_traits') }}
-- depends_on: {{ ref('segment_membership_changes') }}
-- depends_on: {{ ref('segment_sizes') }}
-- depends_on: {{ ref('stg_rejected_records') }}

{%- set scans = [] %}
{%- if execute %}
    {%- for node in graph.nodes.values()
        if node.resource_type == 'model'
        and node.config.enabled
        and node.config.materialized != 'ephemeral'
        and 'erasure_record' not in node.tags %}
        {%- set relation = adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias) %}
        {%- if relation is not none %}
            {%- set text_columns = [] %}
            {%- for column in adapter.get_columns_in_relation(relation) if column.is_string() %}
                {%- do text_columns.append(column.name) %}
            {%- endfor %}
            {%- if text_columns %}
                {%- do scans.append({'model': node.name, 'relation': relation, 'columns': text_columns}) %}
            {%- endif %}
        {%- endif %}
    {%- endfor %}
{%- endif %}

{%- set suppressed = ref('erasure_suppressions') %}

with

offending as (
    {%- for scan in scans %}
        select
            '{{ scan.model }}' as model_name,
            count(*) as offending_rows
        from {{ scan.relation }}
        where
            {%- for column in scan.columns %}
                {%- set value = adapter.quote(column) %}
                {{ value }} in (select suppressed_sha256 from {{ suppressed }})
                or case when length({{ value }}) <= 320 then {{ tessera.sha256(value) }} end
                in (select suppressed_sha256 from {{ suppressed }})
                {%- if not loop.last %} or{% endif %}
            {%- endfor %}
        union all
    {%- endfor %}
    select
        'none' as model_name,
        0 as offending_rows
)

select *
from offending
where offending_rows > 0
