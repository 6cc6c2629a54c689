-- The distinct non-null values of one column, sorted (a filter's choices).
select distinct {column}
from {table}
where {column} is not null
order by 1
