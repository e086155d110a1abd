{#- Email contacts for roles that must not read personal data: email and first name masked; the
    reverse-ETL sync reads the mart itself. -#}

{{ tessera.masked_view('activation_email_contacts') }}
