{#- Fails with every row of an activation table whose profile has not granted the consent purpose the var
    `destinations` requires for that table (withdrawn, never asked, or no consent row at all). -#}

with

consents as (
    select * from {{ ref('profile_consents') }}
),

activation_profiles as (
    {% for destination in var('destinations') -%}
        select
            '{{ destination }}' as destination,
            '{{ var("destinations")[destination] }}' as required_purpose,
            profile_id
        from {{ ref(destination) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

violations as (
    select
        activation_profiles.destination,
        activation_profiles.required_purpose,
        activation_profiles.profile_id,
        coalesce(consents.consent_state, 'no consent row') as consent_state
    from activation_profiles
    left join consents
        on
            activation_profiles.profile_id = consents.profile_id
            and activation_profiles.required_purpose = consents.purpose
    where consents.consent_state is null or consents.consent_state != 'granted'
)

select * from violations
