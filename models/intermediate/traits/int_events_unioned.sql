{#- Every event, from every declared source with `events` (web and app event streams): when it happened, its
    name, the device it came from and whether it is an action the person took (a tracked event, which behavioural
    segments and event traits count; page views and identify calls are not). What session and behaviour traits
    read. -#}

{%- set sources = tessera.declared_sources('events') %}

with

events as (
    {% for source in sources -%}
        {%- set event = source.events -%}
        select
            '{{ source.record_source }}' as record_source,
            {{ tessera.try_cast(source.record_id, dbt.type_string()) }} as record_id,
            {{ event.occurred_at }} as occurred_at,
            {{ event.event_name }} as event_name,
            {{ event.get('device_id') or tessera.try_cast('null', dbt.type_string()) }} as device_id,
            {{ event.get('is_action') or 'true' }} as is_action
        from {{ source.relation }}
        {% if not loop.last %}union all{% endif %}
    {% else -%}
        {{ tessera.empty_rows({
            'record_source': dbt.type_string(), 'record_id': dbt.type_string(), 'occurred_at': dbt.type_timestamp(),
            'event_name': dbt.type_string(), 'device_id': dbt.type_string(), 'is_action': dbt.type_boolean(),
        }) }}
    {%- endfor %}
),

keyed as (
    select
        {{ dbt.concat(['record_source', "':'", 'record_id']) }} as record_key,
        events.*
    from events
)

select * from keyed
