{#- Profile identifiers for roles that must not read personal data: identifier values as SHA-256 hashes. -#}

{{ tessera.masked_view('profile_identifiers') }}
