-- ARGV[9] lease id, ARGV[10] refund per meter (negative: an extra debit), ARGV[11] id of
-- this settlement (see settle_lease).
return finish(settle_lease(ARGV[9], ARGV[10], ARGV[11]))
