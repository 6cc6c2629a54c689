-- Rows per group of columns, largest group first.
select {columns}, count(*) as count
from {table}
{where}
group by {columns}
order by count desc, {columns}
