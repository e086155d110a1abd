{#- Consent state per profile and purpose: one row for every profile and every purpose of the var
    `consent_purposes`. The state is the latest consent event for the purpose across all the identifiers of the
    profile (an event names an identifier; the var `consent_identifier_types` maps its type to the identity
    graph's). A profile no event names for a purpose is `never_asked`, which is not `withdrawn`. A consent tool
    carries no country: a phone it writes in national form is read in the default country, and when that number
    is no phone of the graph, its digits are matched against the end of the graph's numbers, for a single
    profile only.
    Published from int_profile_consents, which holds the logic (intermediate models read that, never this mart). -#}

with

consents as (
    select * from {{ ref('int_profile_consents') }}
)

select * from consents
