{#- One round of exact connected components, as the CTEs of a model materialized `connected_components` (that
    materialization runs the model's query once a round until no edge is left open). Large star then small star
    (Kiveris et al., "Connected Components in MapReduce and Beyond") on integer node ids: the number of rounds grows
    with the logarithm of the number of nodes, not with the length of the longest chain. A finished component is a
    star around its smallest node id, which becomes the component id.

    A star is finished when its centre has no smaller neighbour and every node pointing at it points at nothing
    else and has no node pointing at it: no edge touches it any more but through its centre. Finished stars
    leave the working graph after each round (most components of an identity graph are small and finish in the
    first round or two), so later rounds only touch the components still being contracted.

    relation: the model (`this`), whose work table `<model>__open_edges` holds the edges the previous round left
    open, empty before the first round. graph_edges: the name of the model's CTE of edges (node_id_a, node_id_b);
    graph_nodes: of its CTE listing every node once (node_id), isolated nodes included; both are read in the
    first round only. Renders CTEs from `open_edges` to `round_edges` (src, dst, is_finished), which the model
    selects from. -#}
{% macro connected_components_round(relation, graph_edges, graph_nodes) -%}
open_edges as (
    -- the edges the previous round left open (a work table of the materialization): none before the first round,
    -- and there is no later round once a round leaves none open
    select src, dst from {{ tessera.components_work_relation(relation, 'open_edges') }}
),

contracting as (
    -- the graph in the first round, then the edges still open
    select src, dst from open_edges
    union all
    select
        node_id_a as src,
        node_id_b as dst
    from {{ graph_edges }}
    where node_id_a <> node_id_b and not exists (select 1 from open_edges)
),

neighbours as (
    select
        src as node_id,
        dst as neighbour_id
    from contracting
    union all
    select
        dst as node_id,
        src as neighbour_id
    from contracting
),

neighbourhood_minimum as (
    select
        node_id,
        least(node_id, min(neighbour_id)) as smallest_id
    from neighbours
    group by node_id
),

large_star as (
    -- every node links its larger neighbours to the smallest node of its neighbourhood (itself included): every
    -- edge points from a larger to a smaller id
    select distinct
        neighbours.neighbour_id as src,
        neighbourhood_minimum.smallest_id as dst
    from neighbours
    inner join neighbourhood_minimum on neighbours.node_id = neighbourhood_minimum.node_id
    where neighbours.neighbour_id > neighbours.node_id
),

smaller_minimum as (
    select
        src as node_id,
        min(dst) as smallest_id
    from large_star
    group by src
),

small_star as (
    -- every node links itself and its smaller neighbours (the ends of its edges) to the smallest of them
    select
        large_star.dst as src,
        smaller_minimum.smallest_id as dst
    from large_star
    inner join smaller_minimum on large_star.src = smaller_minimum.node_id
    union all
    select
        node_id as src,
        smallest_id as dst
    from smaller_minimum
),

contracted as (
    select distinct
        src,
        dst
    from small_star
    where src <> dst
),

sources as (
    select
        src as node_id,
        count(*) as dst_count
    from contracted
    group by src
),

targets as (
    select distinct dst as node_id from contracted
),

judged as (
    -- an edge is settled when its src points at nothing else and nothing points at its src, and its dst (the
    -- centre) points at nothing
    select
        contracted.src,
        contracted.dst,
        case
            when sources.dst_count = 1 and centre.node_id is null and leaf.node_id is null then 1 else 0
        end as is_settled
    from contracted
    inner join sources on contracted.src = sources.node_id
    left join sources as centre on contracted.dst = centre.node_id
    left join targets as leaf on contracted.src = leaf.node_id
),

open_centres as (
    select dst as node_id
    from judged
    group by dst
    having min(is_settled) = 0
),

flagged as (
    -- a star is finished when all its edges are settled
    select
        judged.src,
        judged.dst,
        open_centres.node_id is null as is_finished
    from judged
    left join open_centres on judged.dst = open_centres.node_id
),

listed_nodes as (
    -- in the first round every node also points at itself, finished, so a node without edges has a component
    select
        node_id as src,
        node_id as dst,
        true as is_finished
    from {{ graph_nodes }}
    where not exists (select 1 from open_edges)
),

round_edges as (
    select src, dst, is_finished from flagged
    union all
    select src, dst, is_finished from listed_nodes
)
{%- endmacro %}
