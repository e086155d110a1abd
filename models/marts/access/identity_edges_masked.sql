{#- Identity edges for roles that must not read personal data: identifier values and example records as
    SHA-256 hashes. -#}

{{ tessera.masked_view('identity_edges') }}
