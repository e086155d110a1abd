{#- Profiles holding more values of a hard identifier type than `hard_identifier_limits` allows: a chain of
    soft identifiers that the per-identifier hub rule could not see joined two people. Reported as a warning
    with the profiles, to be explained with analyses/explain_profile_link.sql. -#}
{{ config(severity='warn') }}

{%- set limits = var('hard_identifier_limits') %}
{%- set counted = [] %}
{%- set over = [] %}
{%- for hard_type, limit in limits.items() %}
    {%- do counted.append(hard_type ~ '_count') %}
    {%- do over.append(hard_type ~ '_count > ' ~ limit) %}
{%- endfor %}

with

profiles as (
    select * from {{ ref('profiles') }}
),

over_limit as (
    select
        profile_id,
        {{ counted | join(', ') }}
    from profiles
    where {{ over | join(' or ') }}
)

select * from over_limit
