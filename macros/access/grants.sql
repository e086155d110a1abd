{#- Grants (README.md, Access). The `+grants` configs of dbt_project.yml name roles of the project (`marketing`);
    the var `access_roles` names the warehouse role(s) each stands for on the target: by target name, else by
    adapter type, else `default`. A role the var does not name is a warehouse role itself. -#}
{% macro access_grantees(role) -%}
    {%- set per_target = var('access_roles', {}).get(role) -%}
    {%- if per_target is none -%}
        {{ return([role]) }}
    {%- endif -%}
    {%- for key in [target.name, target.type, 'default'] if key in per_target -%}
        {%- set grantees = per_target[key] -%}
        {{ return([grantees] if grantees is string else (grantees or [])) }}
    {%- endfor -%}
    {{ return([]) }}
{%- endmacro %}

{#- A grants config ({privilege: [project roles]}) with the target's warehouse roles; a privilege no role of the
    target holds is left out, so a target whose roles are all empty lists gets no grant statement at all. -#}
{% macro target_grant_config(grant_config) -%}
    {%- set resolved = {} -%}
    {%- for privilege, roles in (grant_config or {}).items() -%}
        {%- set grantees = [] -%}
        {%- for role in ([roles] if roles is string else roles) -%}
            {%- for grantee in tessera.access_grantees(role) if grantee not in grantees -%}
                {%- do grantees.append(grantee) -%}
            {%- endfor -%}
        {%- endfor -%}
        {%- if grantees -%}
            {%- do resolved.update({privilege: grantees}) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(resolved) }}
{%- endmacro %}

{#- dbt's apply_grants (dispatched first to this project, dbt_project.yml `dispatch`): the adapter's own
    `<type>__apply_grants` if it has one, else dbt's default, given the target's warehouse roles. On DuckDB, which
    has no GRANT, the adapter applies nothing and the build goes on (log_access_grants says so at the start). -#}
{% macro default__apply_grants(relation, grant_config, should_revoke=True) %}
    {%- set grants = tessera.target_grant_config(grant_config) -%}
    {%- if target.type == 'duckdb' and grants -%}
        {{ log('grants not applied on ' ~ relation ~ ' (DuckDB has no GRANT): ' ~ grants, info=false) }}
    {%- endif -%}
    {%- set implementation = dbt.get(adapter.type() ~ '__apply_grants', dbt.default__apply_grants) -%}
    {{ return(implementation(relation, grants, should_revoke)) }}
{% endmacro %}

{#- Says at the start of every run which grants the models configure and whether the target applies them. -#}
{% macro log_access_grants() -%}
    {%- if execute %}
        {%- set models = [] -%}
        {%- set privileges = {} -%}
        {%- for node in graph.nodes.values() if node.resource_type == 'model' and node.config.grants -%}
            {%- do models.append(node.name) -%}
            {%- for privilege, roles in node.config.grants.items() -%}
                {%- for role in ([roles] if roles is string else roles) -%}
                    {%- do privileges.setdefault(privilege, {}).update({role: tessera.access_grantees(role)}) -%}
                {%- endfor -%}
            {%- endfor -%}
        {%- endfor -%}
        {%- set described = [] -%}
        {%- for privilege in privileges | sort -%}
            {%- for role in privileges[privilege] | sort -%}
                {%- do described.append(privilege ~ ' to ' ~ role ~ ' (target roles: '
                    ~ (privileges[privilege][role] | join(', ') or 'none') ~ ')') -%}
            {%- endfor -%}
        {%- endfor -%}
        {%- set summary = models | length ~ ' models configure grants: ' ~ (described | join('; ') or 'none') -%}
        {%- if target.type == 'duckdb' %}
            {{ log('access grants not applied: target type duckdb has no GRANT statement nor roles (whoever can open'
                ~ ' the database file reads every relation); ' ~ summary ~ ', applied on targets that have grants;'
                ~ ' the build goes on', info=true) }}
        {%- else %}
            {{ log('access grants on target ' ~ target.name ~ ': ' ~ summary, info=true) }}
        {%- endif %}
    {%- endif %}
{%- endmacro %}
