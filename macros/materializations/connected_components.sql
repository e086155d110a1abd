{#- Exact connected components as a materialization that owns its rounds and its work tables.

    The model's query is ONE round (macro connected_components_round: large star then small star), written over
    the model's graph, its refs in the model, and over the work table `<model>__open_edges` (macro
    components_work_relation): the edges the previous round left open, empty before the first round, which is
    how the query knows to read the graph instead. The query returns the round's edges (src, dst, is_finished).
    This materialization runs that query, as `dbt compile` shows it, once a round:
      1. `<model>__round_edges` is created from the query;
      2. its finished edges (stars that no other edge touches any more) are added to `<model>__finished_edges`,
         the others become the new `<model>__open_edges`;
      3. the round number and the edges left open are logged;
    and stops at the first round that leaves no edge open. More rounds than the config `max_rounds` (default:
    the var `components_max_rounds`) is an error that says how many edges were still open; the work tables are
    then kept for inspection (the next run drops them). Once converged, the model's table is every node of the
    graph with the smallest node of its finished star, the component id (in the first round every node points
    at itself, finished, so a node without edges is its own component), and the number of rounds:
    (node_id, component_id, rounds). The work tables are dropped. -#}
{% materialization connected_components, default %}
    {%- set target_relation = this.incorporate(type='table') -%}
    {%- set existing_relation = load_cached_relation(this) -%}
    {%- set grant_config = config.get('grants') -%}
    {%- set max_rounds = config.get('max_rounds', var('components_max_rounds')) | int -%}
    {%- set open_edges = tessera.components_work_relation(this, 'open_edges') -%}
    {%- set round_edges = tessera.components_work_relation(this, 'round_edges') -%}
    {%- set finished_edges = tessera.components_work_relation(this, 'finished_edges') -%}
    {%- set no_edges -%}
        select cast(null as {{ dbt.type_bigint() }}) as src, cast(null as {{ dbt.type_bigint() }}) as dst
        where 1 = 0
    {%- endset -%}

    {{ run_hooks(pre_hooks, inside_transaction=False) }}
    {{ run_hooks(pre_hooks, inside_transaction=True) }}

    {%- for relation in [open_edges, round_edges, finished_edges] -%}
        {%- do adapter.drop_relation(relation) -%}
    {%- endfor -%}
    {%- call statement('components_open_edges') -%}
        {{ create_table_as(False, open_edges, no_edges) }}
    {%- endcall -%}
    {%- call statement('components_finished_edges') -%}
        {{ create_table_as(False, finished_edges, no_edges) }}
    {%- endcall -%}

    {%- set state = namespace(rounds=0, open_edge_count=none) -%}
    {%- for round in range(1, max_rounds + 1) if state.open_edge_count != 0 -%}
        {%- set state.rounds = round -%}
        {%- call statement('components_round') -%}
            {{ create_table_as(False, round_edges, compiled_code) }}
        {%- endcall -%}
        {%- call statement('components_finish') -%}
            insert into {{ finished_edges }}
            select src, dst from {{ round_edges }} where is_finished
        {%- endcall -%}
        {%- do adapter.drop_relation(open_edges) -%}
        {%- call statement('components_keep_open') -%}
            {{ create_table_as(False, open_edges, 'select src, dst from ' ~ round_edges ~ ' where not is_finished') }}
        {%- endcall -%}
        {%- do adapter.drop_relation(round_edges) -%}
        {%- call statement('components_count_open', fetch_result=True) -%}
            select count(*) from {{ open_edges }}
        {%- endcall -%}
        {%- set state.open_edge_count = load_result('components_count_open')['data'][0][0] | int -%}
        {{ log(model.name ~ ': round ' ~ round ~ ' left ' ~ state.open_edge_count ~ ' edges open', info=true) }}
    {%- endfor -%}

    {%- if state.open_edge_count != 0 -%}
        {#- Committed, so that the work tables stay for inspection; the model's table is as it was. -#}
        {{ adapter.commit() }}
        {{ exceptions.raise_compiler_error(
            'connected components of ' ~ target_relation ~ ' did not converge in ' ~ max_rounds ~ ' rounds: '
            ~ state.open_edge_count ~ ' edges are still open in ' ~ open_edges ~ '. The number of rounds grows with'
            ~ ' log(nodes); raise the config max_rounds (var components_max_rounds) only if the graph is that large.'
        ) }}
    {%- endif -%}
    {{ log('connected components of ' ~ target_relation ~ ' converged in ' ~ state.rounds ~ ' rounds', info=true) }}

    {%- if existing_relation is not none -%}
        {%- do adapter.drop_relation(existing_relation) -%}
    {%- endif -%}
    {%- call statement('main') -%}
        {{ create_table_as(False, target_relation, tessera.components_result_sql(finished_edges, state.rounds)) }}
    {%- endcall -%}
    {%- do adapter.drop_relation(open_edges) -%}
    {%- do adapter.drop_relation(finished_edges) -%}

    {{ run_hooks(post_hooks, inside_transaction=True) }}
    {%- set should_revoke = should_revoke(existing_relation, full_refresh_mode=True) -%}
    {%- do apply_grants(target_relation, grant_config, should_revoke=should_revoke) -%}
    {%- do persist_docs(target_relation, model) -%}
    {{ adapter.commit() }}
    {{ run_hooks(post_hooks, inside_transaction=False) }}

    {{ return({'relations': [target_relation]}) }}
{% endmaterialization %}

{#- A work table of the connected_components materialization of `relation` (a model's `this`): `<model>__<name>`,
    beside the model. The model's round query and the materialization name `open_edges` through this macro. -#}
{% macro components_work_relation(relation, name) -%}
    {{ return(relation.incorporate(path={'identifier': relation.identifier ~ '__' ~ name}, type='table')) }}
{%- endmacro %}

{#- The model's table once the rounds converged: every node with the smallest node its finished edges point at
    (a finished star's centre; the node itself when it is the centre or has no edge), and the rounds taken. -#}
{% macro components_result_sql(finished_edges, rounds) -%}
    select
        src as node_id,
        min(dst) as component_id,
        {{ rounds }} as rounds
    from {{ finished_edges }}
    group by src
{%- endmacro %}
