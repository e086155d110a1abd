{#- Email contacts for reverse-ETL to the email platform: one row per profile that granted the consent of the var
    `destinations` (email_marketing) and has a valid email, with its first name, a few traits and its segments.
    updated_at moves only when the row's content changes. -#}

with

contact_rows as (
    select * from {{ ref('int_activation_email_contacts_rows') }}
),

versions as (
    select * from {{ ref('int_activation_row_versions') }}
    where destination = 'activation_email_contacts'
),

contacts as (
    select
        contact_rows.contact_key,
        contact_rows.profile_id,
        contact_rows.email,
        contact_rows.first_name,
        contact_rows.order_count,
        contact_rows.revenue,
        contact_rows.revenue_currency_code,
        contact_rows.last_order_at,
        contact_rows.preferred_channel,
        contact_rows.segment_ids,
        versions.updated_at
    from contact_rows
    inner join versions on contact_rows.row_key = versions.row_key
)

select * from contacts
