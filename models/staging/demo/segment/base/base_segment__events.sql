{#- Open-source Spark's parquet tables can neither delete+insert nor merge: there the model is rebuilt whole.
    A line of an erased person is blanked (macros/privacy/erasure.sql) but for its load bookkeeping, which the
    incremental load needs and which says nothing of the person; the post-hook blanks lines loaded before. -#}
{{ config(
    materialized='table' if target.type == 'spark' else 'incremental',
    unique_key='event_line_id',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    post_hook="{{ tessera.blank_erased_rows('base_segment__events', keep=tessera.event_load_columns()) }}"
) }}

{#- Every landed line, parsed without a predefined schema: the Segment fields the project uses become columns,
    and the message itself is kept whole as JSON so nothing a source sends is lost.
    Incremental by arrival: a run reads the lines that landed after the newest arrival already loaded, less
    the look-back window. A message delivered twice (at-least-once delivery) is kept once: the copy received
    first, then the one that landed first. Copies already loaded are re-judged together with new ones, so an
    incremental run ends in the same state as a full refresh. -#}

{%- set event_types = ['identify', 'track', 'page', 'screen', 'group', 'alias'] %}

{%- set parsed_columns = [
    'event_line_id', 'file_name', 'line_number', 'loaded_at', 'is_json_object', 'message_id', 'event_type',
    'event_name', 'anonymous_id', 'user_id', 'occurred_at', 'sent_at', 'received_at', 'trait_email',
    'is_trait_email_valid', 'trait_phone', 'trait_first_name', 'trait_last_name', 'device_id', 'advertising_id',
    'device_type', 'os_name', 'app_name', 'library_name', 'ip_address', 'user_agent', 'page_url', 'page_path',
    'page_referrer', 'utm_source', 'utm_medium', 'utm_campaign', 'order_id', 'revenue', 'currency_code',
    'properties', 'traits', 'context', 'message_json'
] %}

with

source as (
    select * from {{ source('segment', 'events') }}
    where trim(raw_line) <> ''
    {%- if is_incremental() %}
        and loaded_at > (
            select {{ dbt.dateadd('hour', -1 * var('events_lookback_hours'), 'max(loaded_at)') }}
            from {{ this }}
        )
    {%- endif %}
),

extracted as (
    select
        {{ dbt.hash(dbt.concat(['file_name', "':'", tessera.try_cast('line_number', dbt.type_string())])) }}
            as event_line_id,
        file_name,
        line_number,
        loaded_at,
        {{ tessera.json_is_object('raw_line') }} as is_json_object,
        raw_line
    from source
),

messages as (
    -- JSON functions are only ever given well-formed objects; a malformed line has a null message
    select
        *,
        case when is_json_object then raw_line end as message
    from extracted
),

with_traits as (
    select
        *,
        {{ tessera.normalize_email(
            "coalesce(" ~ tessera.json_text('message', '$.traits.email') ~ ", "
            ~ tessera.json_text('message', '$.context.traits.email') ~ ", "
            ~ tessera.salvaged_event_field('"email":[ ]*"([^"]+)"') ~ ")"
        ) }} as trait_email_normalized,
        {{ tessera.json_text('message', '$.traits.phone') }} as traits_phone,
        {{ tessera.json_text('message', '$.context.traits.phone') }} as context_traits_phone
    from messages
),

parsed as (
    select
        event_line_id,
        file_name,
        line_number,
        loaded_at,
        is_json_object,
        coalesce(
            nullif(trim({{ tessera.json_text('message', '$.messageId') }}), ''),
            {{ tessera.salvaged_event_field('"messageId":[ ]*"([^"]+)"') }}
        ) as message_id,
        lower({{ tessera.json_text('message', '$.type') }}) as event_type,
        coalesce(
            {{ tessera.json_text('message', '$.event') }},
            {{ tessera.json_text('message', '$.name') }}
        ) as event_name,
        coalesce(
            nullif(trim({{ tessera.json_text('message', '$.anonymousId') }}), ''),
            {{ tessera.salvaged_event_field('"anonymousId":[ ]*"([^"]+)"') }}
        ) as anonymous_id,
        coalesce(
            nullif(trim({{ tessera.json_text('message', '$.userId') }}), ''),
            {{ tessera.salvaged_event_field('"userId":[ ]*"([^"]+)"') }}
        ) as user_id,
        {{ tessera.parse_timestamp_utc(tessera.json_text('message', '$.timestamp')) }} as occurred_at,
        {{ tessera.parse_timestamp_utc(tessera.json_text('message', '$.sentAt')) }} as sent_at,
        {{ tessera.parse_timestamp_utc(tessera.json_text('message', '$.receivedAt')) }} as received_at,
        trait_email_normalized as trait_email,
        {{ tessera.is_valid_email('trait_email_normalized') }} as is_trait_email_valid,
        nullif(trim(coalesce(traits_phone, context_traits_phone)), '') as trait_phone,
        {{ tessera.clean_name(tessera.json_text('message', '$.traits.firstName')) }} as trait_first_name,
        {{ tessera.clean_name(tessera.json_text('message', '$.traits.lastName')) }} as trait_last_name,
        coalesce(
            nullif(trim({{ tessera.json_text('message', '$.context.device.id') }}), ''),
            {{ tessera.salvaged_event_field('"device":[ ]*[{][^}]*"id":[ ]*"([^"]+)"') }}
        ) as device_id,
        nullif(trim({{ tessera.json_text('message', '$.context.device.advertisingId') }}), '') as advertising_id,
        lower({{ tessera.json_text('message', '$.context.device.type') }}) as device_type,
        {{ tessera.json_text('message', '$.context.os.name') }} as os_name,
        {{ tessera.json_text('message', '$.context.app.name') }} as app_name,
        {{ tessera.json_text('message', '$.context.library.name') }} as library_name,
        {{ tessera.json_text('message', '$.context.ip') }} as ip_address,
        {{ tessera.json_text('message', '$.context.userAgent') }} as user_agent,
        {{ tessera.json_text('message', '$.context.page.url') }} as page_url,
        {{ tessera.json_text('message', '$.context.page.path') }} as page_path,
        {{ tessera.json_text('message', '$.context.page.referrer') }} as page_referrer,
        lower({{ tessera.json_text('message', '$.context.campaign.source') }}) as utm_source,
        lower({{ tessera.json_text('message', '$.context.campaign.medium') }}) as utm_medium,
        {{ tessera.json_text('message', '$.context.campaign.name') }} as utm_campaign,
        nullif(trim({{ tessera.json_text('message', '$.properties.order_id') }}), '') as order_id,
        {{ tessera.try_cast(tessera.json_text('message', '$.properties.revenue'), dbt.type_numeric()) }} as revenue,
        upper({{ tessera.json_text('message', '$.properties.currency') }}) as currency_code,
        {{ tessera.json_text('message', '$.properties') }} as properties,
        {{ tessera.json_text('message', '$.traits') }} as traits,
        {{ tessera.json_text('message', '$.context') }} as context,
        raw_line as message_json
    from with_traits
),

candidates as (
    select * from parsed
    {% if is_incremental() -%}
        -- lines loaded by earlier runs that carry a message id seen again now compete with the new copies
        union all
        select {{ parsed_columns | join(', ') }}
        from {{ this }}
        where
            message_id in (select parsed.message_id from parsed where parsed.message_id is not null)
            and event_line_id not in (select parsed.event_line_id from parsed)
    {%- endif %}
),

validated as (
    select
        *,
        case
            when not is_json_object then 'malformed_json'
            when message_id is null then 'missing_message_id'
            when event_type is null or event_type not in ({{ tessera.quoted_values(event_types) }})
                then 'unknown_event_type'
            when received_at is null or occurred_at is null then 'invalid_timestamp'
            when anonymous_id is null and user_id is null then 'missing_identity'
        end as invalid_reason
    from candidates
),

copies_ranked as (
    select
        *,
        row_number() over (
            partition by message_id, invalid_reason is null
            order by received_at, loaded_at, file_name, line_number
        ) as copy_number
    from validated
),

output as (
    select
        {{ parsed_columns | reject('equalto', 'message_json') | join(',\n        ') }},
        case
            when invalid_reason is not null then invalid_reason
            when copy_number > 1 then 'duplicate_message'
        end as rejection_reason,
        message_json,
        case when invalid_reason is not null or copy_number > 1 then message_json end as rejected_raw_record,
        '{{ invocation_id }}' as dbt_invocation_id
    from copies_ranked
)

{{ tessera.without_erased('output', 'base_segment__events', keep=tessera.event_load_columns()) }}
