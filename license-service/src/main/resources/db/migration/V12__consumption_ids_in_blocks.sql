-- The ledger's ids are fetched 50 at a time (Hibernate's pooled sequence), so that a batch of seat changes inserts its
-- ledger lines in one JDBC batch at flush instead of one round trip per line (issue 14). Ids stay unique and grow per
-- instance; across instances they no longer follow the order lines were written in (nothing reads them in that order).
alter sequence consumption_id_seq increment by 50;
