{#- The golden record for roles that must not read personal data: names, email, phone, address, postal code
    and date of birth masked by the meta of their columns in the mart's YAML. -#}

{{ tessera.masked_view('profile_attributes') }}
