{#- Content of activation_email_contacts: one row per profile that granted the consent the destination needs (var
    `destinations`) and has a valid email in its golden record, with its first name, a few traits and the segments
    it is in. row_key and row_hash feed int_activation_row_versions. -#}

with

attributes as (
    select * from {{ ref('int_profile_attributes') }}
),

traits as (
    select * from {{ ref('int_profile_traits') }}
),

memberships as (
    select * from {{ ref('int_segment_memberships') }}
),

consented as (
    {{ tessera.consented_profiles('activation_email_contacts') }}
),

segment_lists as (
    select
        profile_id,
        {{ tessera.string_agg_sorted('segment_id', ',') }} as segment_ids
    from memberships
    group by profile_id
),

contacts as (
    select
        attributes.profile_id as contact_key,
        attributes.profile_id,
        {{ tessera.normalize_email('attributes.email') }} as email,
        attributes.given_name as first_name,
        traits.order_count,
        -- a sum of doubles differs in its last bits from run to run: cents are the content
        cast(round(traits.revenue, 2) as decimal(18, 2)) as revenue,
        traits.revenue_currency_code,
        traits.last_order_at,
        traits.preferred_channel,
        segment_lists.segment_ids
    from attributes
    inner join consented on attributes.profile_id = consented.profile_id
    left join traits on attributes.profile_id = traits.profile_id
    left join segment_lists on attributes.profile_id = segment_lists.profile_id
    where {{ tessera.is_valid_email(tessera.normalize_email('attributes.email')) }}
),

hashed as (
    select
        *,
        contact_key as row_key,
        {{ tessera.row_hash([
            'profile_id', 'email', 'first_name', 'order_count', 'revenue', 'revenue_currency_code',
            'last_order_at', 'preferred_channel', 'segment_ids'
        ]) }} as row_hash
    from contacts
)

select * from hashed
