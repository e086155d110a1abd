{#- The SQL and Python components engines give the same component to every node (where both are built). -#}
{{ config(enabled=target.type == 'duckdb') }}

with

sql_engine as (
    select
        node_id,
        component_id
    from {{ ref('int_identity_components_sql') }}
),

python_engine as (
    select
        node_id,
        component_id
    from {{ ref('int_identity_components_python') }}
),

differences as (
    select
        coalesce(sql_engine.node_id, python_engine.node_id) as node_id,
        sql_engine.component_id as sql_component_id,
        python_engine.component_id as python_component_id
    from sql_engine
    full outer join python_engine on sql_engine.node_id = python_engine.node_id
    where
        sql_engine.node_id is null
        or python_engine.node_id is null
        or sql_engine.component_id <> python_engine.component_id
)

select * from differences
