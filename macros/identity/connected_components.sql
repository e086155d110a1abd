{#- Exact connected components in portable SQL: alternating large-star and small-star rounds (Kiveris et al.,
    "Connected Components in MapReduce and Beyond") on dense integer node ids, repeated until a round changes
    no edge. The number of rounds grows with the logarithm of the number of nodes, not with the length of the
    longest chain. At convergence every component is a star around its smallest node id, which becomes the
    component id.

    edges_sql: a query returning (node_id_a, node_id_b); nodes_sql: a query returning node_id (isolated nodes
    included). Runs its rounds in work tables beside `relation` and returns the query of the result:
    (node_id, component_id, rounds). -#}
{% macro connected_components(relation, edges_sql, nodes_sql, max_rounds=200) -%}
    {#- Only a run or build computes; compiling (docs, lint) renders a query of the same shape. -#}
    {%- if not execute or flags.WHICH not in ('run', 'build') -%}
        {{ return('select node_id, node_id as component_id, 0 as rounds from (' ~ nodes_sql ~ ') as listed') }}
    {%- endif -%}
    {%- set work = relation.schema ~ '.' ~ relation.identifier ~ '__work' -%}
    {#- Rounds alternate between two edge tables, _edges_0 and _edges_1, so no table is ever renamed. -#}
    {%- for suffix in ['_edges_0', '_edges_1', '_large', '_result'] -%}
        {%- do run_query('drop table if exists ' ~ work ~ suffix) -%}
    {%- endfor -%}
    {%- call statement('initial_edges') -%}
        create table {{ work }}_edges_0 as
        select distinct
            greatest(node_id_a, node_id_b) as src,
            least(node_id_a, node_id_b) as dst
        from ({{ edges_sql }}) as edges
        where node_id_a <> node_id_b
    {%- endcall -%}
    {%- set rounds = namespace(count=0, converged=false) -%}
    {%- for round in range(max_rounds) if not rounds.converged -%}
        {%- set rounds.count = round + 1 -%}
        {%- set current = work ~ '_edges_' ~ (round % 2) -%}
        {%- set following = work ~ '_edges_' ~ ((round + 1) % 2) -%}
        {%- call statement('large_star') -%}
            create table {{ work }}_large as
            {{ tessera.large_star_sql(current) }}
        {%- endcall -%}
        {%- call statement('small_star') -%}
            create table {{ following }} as
            {{ tessera.small_star_sql(work ~ '_large') }}
        {%- endcall -%}
        {%- set changes = run_query(
            'select count(*) from ('
            ~ '(select src, dst from ' ~ following ~ ' except select src, dst from ' ~ current ~ ')'
            ~ ' union all '
            ~ '(select src, dst from ' ~ current ~ ' except select src, dst from ' ~ following ~ ')'
            ~ ') as changed'
        ).columns[0].values()[0] -%}
        {%- do run_query('drop table ' ~ current) -%}
        {%- do run_query('drop table ' ~ work ~ '_large') -%}
        {%- if changes == 0 -%}
            {%- set rounds.converged = true -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if not rounds.converged -%}
        {{ exceptions.raise_compiler_error(
            'connected components did not converge in ' ~ max_rounds ~ ' rounds on ' ~ relation
        ) }}
    {%- endif -%}
    {{ log('connected components of ' ~ relation ~ ' converged in ' ~ rounds.count ~ ' rounds', info=true) }}
    {%- call statement('result') -%}
        create table {{ work }}_result as
        select
            nodes.node_id,
            coalesce(least(nodes.node_id, stars.component_id), nodes.node_id) as component_id,
            {{ rounds.count }} as rounds
        from (select distinct node_id from ({{ nodes_sql }}) as listed) as nodes
        left join (
            select src as node_id, min(dst) as component_id
            from {{ work }}_edges_{{ rounds.count % 2 }}
            group by src
        ) as stars
            on nodes.node_id = stars.node_id
    {%- endcall -%}
    {%- do run_query('drop table ' ~ work ~ '_edges_' ~ (rounds.count % 2)) -%}
    {{ return('select node_id, component_id, rounds from ' ~ work ~ '_result') }}
{%- endmacro %}

{#- Large star: every node links its larger neighbours to the smallest node of its neighbourhood (itself
    included). Edges are stored with src > dst after the first round; both directions are read. -#}
{% macro large_star_sql(edges) -%}
    with neighbours as (
        select src as node_id, dst as neighbour_id from {{ edges }}
        union all
        select dst as node_id, src as neighbour_id from {{ edges }}
    ),
    smallest as (
        select node_id, least(node_id, min(neighbour_id)) as smallest_id
        from neighbours
        group by node_id
    )
    select distinct
        neighbours.neighbour_id as src,
        smallest.smallest_id as dst
    from neighbours
    inner join smallest on neighbours.node_id = smallest.node_id
    where neighbours.neighbour_id > neighbours.node_id
{%- endmacro %}

{#- Small star: every node links itself and its smaller neighbours to the smallest of them. -#}
{% macro small_star_sql(edges) -%}
    with neighbours as (
        select src as node_id, dst as neighbour_id from {{ edges }}
        union all
        select dst as node_id, src as neighbour_id from {{ edges }}
    ),
    smaller as (
        select node_id, neighbour_id from neighbours where neighbour_id <= node_id
    ),
    smallest as (
        select node_id, min(neighbour_id) as smallest_id
        from smaller
        group by node_id
    ),
    linked as (
        select smaller.neighbour_id as src, smallest.smallest_id as dst
        from smaller
        inner join smallest on smaller.node_id = smallest.node_id
        union all
        select node_id as src, smallest_id as dst from smallest
    )
    select distinct src, dst
    from linked
    where src <> dst
{%- endmacro %}
