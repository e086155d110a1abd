{#- Profile records for roles that must not read personal data: record keys and ids (source system ids
    such as CRM contact and shop customer ids) as SHA-256 hashes. -#}

{{ tessera.masked_view('profile_records') }}
