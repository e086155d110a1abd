{#- Exact connected components in portable SQL: large-star then small-star (Kiveris et al., "Connected
    Components in MapReduce and Beyond") on dense integer node ids, one statement a round, repeated until every
    component is a finished star. The number of rounds grows with the logarithm of the number of nodes, not with
    the length of the longest chain. A finished component is a star around its smallest node id, which becomes
    the component id.

    After each round the finished stars leave the working graph (most components of an identity graph are small
    and finish in the first round or two), so later rounds only touch the components still being contracted.
    A star is finished when its centre has no smaller neighbour and every node pointing at it points at nothing
    else and has no node pointing at it: no edge of the graph touches it any more but through its centre.

    edges_sql: a query returning (node_id_a, node_id_b); nodes_sql: a query returning each node_id once (isolated
    nodes included). Runs its rounds in work tables beside `relation` and returns the query of the result:
    (node_id, component_id, rounds), which reads the work table `<relation>__work_done`: the model drops it in a
    post-hook. -#}
{% macro connected_components(relation, edges_sql, nodes_sql, max_rounds=200) -%}
    {#- Only a run or build computes; compiling (docs, lint) renders a query of the same shape. -#}
    {%- if not execute or flags.WHICH not in ('run', 'build') -%}
        {{ return('select node_id, node_id as component_id, 0 as rounds from (' ~ nodes_sql ~ ') as listed') }}
    {%- endif -%}
    {%- set work = relation.schema ~ '.' ~ relation.identifier ~ '__work' -%}
    {#- Rounds alternate between two flagged edge tables, _edges_0 and _edges_1, so no table is ever renamed. -#}
    {%- for suffix in ['_edges_0', '_edges_1', '_round', '_done'] -%}
        {%- do run_query('drop table if exists ' ~ work ~ suffix) -%}
    {%- endfor -%}
    {%- set rounds = namespace(count=0, converged=false) -%}
    {%- for round in range(max_rounds) if not rounds.converged -%}
        {%- set rounds.count = round + 1 -%}
        {%- if round == 0 -%}
            {%- set current -%}
                (select node_id_a as src, node_id_b as dst from ({{ edges_sql }}) as edges
                where node_id_a <> node_id_b) as input_edges
            {%- endset -%}
        {%- else -%}
            {%- set current -%}
                (select src, dst from {{ work }}_edges_{{ round % 2 }} where not is_finished) as open_edges
            {%- endset -%}
        {%- endif -%}
        {%- set following = work ~ '_edges_' ~ ((round + 1) % 2) -%}
        {%- call statement('star_round') -%}
            create table {{ work }}_round as
            {{ tessera.star_round_sql(current) }}
        {%- endcall -%}
        {%- if round > 0 -%}
            {%- do run_query('drop table ' ~ work ~ '_edges_' ~ (round % 2)) -%}
        {%- endif -%}
        {%- call statement('finished_stars') -%}
            create table {{ following }} as
            {{ tessera.finished_stars_sql(work ~ '_round') }}
        {%- endcall -%}
        {%- do run_query('drop table ' ~ work ~ '_round') -%}
        {%- call statement('done') -%}
            {% if round == 0 -%}
                create table {{ work }}_done as
            {%- else -%}
                insert into {{ work }}_done
            {%- endif %}
            select src, dst from {{ following }} where is_finished
        {%- endcall -%}
        {%- set open_edges = run_query(
            'select count(*) from ' ~ following ~ ' where not is_finished'
        ).columns[0].values()[0] -%}
        {%- if open_edges == 0 -%}
            {%- set rounds.converged = true -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if not rounds.converged -%}
        {{ exceptions.raise_compiler_error(
            'connected components did not converge in ' ~ max_rounds ~ ' rounds on ' ~ relation
        ) }}
    {%- endif -%}
    {{ log('connected components of ' ~ relation ~ ' converged in ' ~ rounds.count ~ ' rounds', info=true) }}
    {%- do run_query('drop table ' ~ work ~ '_edges_' ~ (rounds.count % 2)) -%}
    {#- Every node of a finished star points at its centre alone, so the result reads the finished edges as they
        are; the model's post-hook drops the work table once the model is built from this query. -#}
    {{ return(
        'select nodes.node_id, coalesce(stars.dst, nodes.node_id) as component_id, ' ~ rounds.count ~ ' as rounds'
        ~ ' from (' ~ nodes_sql ~ ') as nodes'
        ~ ' left join ' ~ work ~ '_done as stars on nodes.node_id = stars.src'
    ) }}
{%- endmacro %}

{#- One round, in one statement. Large star: every node links its larger neighbours to the smallest node of
    its neighbourhood (itself included); its edges all point from larger to smaller ids. Small star on that
    result: every node links itself and its smaller neighbours (the ends of its edges) to the smallest of them.
    `edges` is a relation or an aliased subquery with (src, dst), read in both directions. -#}
{% macro star_round_sql(edges) -%}
    with neighbours as (
        select src as node_id, dst as neighbour_id from {{ edges }}
        union all
        select dst as node_id, src as neighbour_id from {{ edges }}
    ),
    neighbourhood_minimum as (
        select node_id, least(node_id, min(neighbour_id)) as smallest_id
        from neighbours
        group by node_id
    ),
    large_star as (
        select distinct
            neighbours.neighbour_id as src,
            neighbourhood_minimum.smallest_id as dst
        from neighbours
        inner join neighbourhood_minimum on neighbours.node_id = neighbourhood_minimum.node_id
        where neighbours.neighbour_id > neighbours.node_id
    ),
    smaller_minimum as (
        select src as node_id, min(dst) as smallest_id
        from large_star
        group by src
    ),
    small_star as (
        select large_star.dst as src, smaller_minimum.smallest_id as dst
        from large_star
        inner join smaller_minimum on large_star.src = smaller_minimum.node_id
        union all
        select node_id as src, smallest_id as dst from smaller_minimum
    )
    select distinct src, dst
    from small_star
    where src <> dst
{%- endmacro %}

{#- The edges of a round, each flagged `is_finished` when its star is finished: its centre (dst) is no edge's
    src, and every src pointing at that centre has it as its only dst and is no edge's dst. -#}
{% macro finished_stars_sql(edges) -%}
    with sources as (
        select src as node_id, count(*) as dst_count
        from {{ edges }}
        group by src
    ),
    targets as (
        select distinct dst as node_id from {{ edges }}
    ),
    judged as (
        select
            round_edges.src,
            round_edges.dst,
            case
                when sources.dst_count = 1 and centre.node_id is null and leaf.node_id is null then 1 else 0
            end as is_settled
        from {{ edges }} as round_edges
        inner join sources on round_edges.src = sources.node_id
        left join sources as centre on round_edges.dst = centre.node_id
        left join targets as leaf on round_edges.src = leaf.node_id
    ),
    open_centres as (
        select dst as node_id
        from judged
        group by dst
        having min(is_settled) = 0
    )
    select
        judged.src,
        judged.dst,
        open_centres.node_id is null as is_finished
    from judged
    left join open_centres on judged.dst = open_centres.node_id
{%- endmacro %}
