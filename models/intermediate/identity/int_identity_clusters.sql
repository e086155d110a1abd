{#- The clusters profiles are made from: the deterministic connected components, merged by the probabilistic
    links that merge protection accepted (int_identity_match_pairs: most probable first, never joining clusters
    whose hard identifiers conflict). A merged cluster is labelled by its smallest component id, which is its
    smallest node id, as a component is. Where probabilistic matching does not run (a target without dbt Python
    models, or the var `probabilistic_matching` switched off) the clusters are the components. -#}

with

components as (
    select * from {{ ref('int_identity_components') }}
),

component_clusters as (
    -- every component an accepted pair touches, with the cluster the merges put it in
    {% if tessera.probabilistic_matching_enabled() -%}
        select
            component_id_l as component_id,
            resolved_component_id_l as cluster_id
        from {{ ref('int_identity_match_pairs') }}
        where decision = 'accepted'
        union
        select
            component_id_r as component_id,
            resolved_component_id_r as cluster_id
        from {{ ref('int_identity_match_pairs') }}
        where decision = 'accepted'
    {%- else -%}
        select
            component_id,
            component_id as cluster_id
        from components
        where 1 = 0
    {%- endif %}
),

clusters as (
    select
        components.node_id,
        coalesce(component_clusters.cluster_id, components.component_id) as component_id,
        components.component_id as deterministic_component_id,
        components.rounds,
        components.limit_reason,
        components.components_engine,
        component_clusters.cluster_id is not null as is_merged_by_matching
    from components
    left join component_clusters on components.component_id = component_clusters.component_id
)

select * from clusters
