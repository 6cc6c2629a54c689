-- What kpi_model.rollup.finalise needs per group: the group keys, then the sums of
-- group_sums.sql (kpi_model.rollup.GroupSums, in its order).
select
    {group_keys}
    {group_sums}
from {table}
{where}
{group_by}
