-- Rows set aside by staging, per source table and reason, with one example of each: where to start when a
-- source's data quality changes. Compile with `dbt compile --select rejected_rows_by_reason` and run the SQL.

with

rejected as (
    select * from {{ ref('stg_rejected_records') }}
),

summarised as (
    select
        source_name,
        table_name,
        rejection_reason,
        count(*) as rejected_rows,
        min(raw_record) as example_raw_record
    from rejected
    group by source_name, table_name, rejection_reason
)

select * from summarised
order by source_name asc, table_name asc, rejected_rows desc
