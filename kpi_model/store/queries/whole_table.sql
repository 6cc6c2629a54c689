-- Every row and column of one table, as stored.
select * from {table}
