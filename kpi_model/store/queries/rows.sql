-- Rows of one table narrowed by the filters: the columns, order and limit asked for.
select {columns}
from {table}
{where}
{order_by}
{limit}
