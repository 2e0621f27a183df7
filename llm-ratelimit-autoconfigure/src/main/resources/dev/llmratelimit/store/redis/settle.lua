-- ARGV[9] lease id, ARGV[10] refund per meter (negative: an extra debit), ARGV[11] id of
-- this settlement. A client may send the same settlement twice (Lettuce re-sends commands
-- that were in flight when a connection dropped): the repeat answers '1' again, while
-- another settlement of the same lease answers '0'.
local id = ARGV[9]
local settlement = id .. '|' .. ARGV[11]
redis.call('ZREMRANGEBYSCORE', SETTLED, '-inf', fmt(now))
if redis.call('ZREM', LEASES, id) == 0 then
	advance()
	if redis.call('ZSCORE', SETTLED, settlement) then
		return finish('1')
	end
	return finish('0')
end
local _, lease_epoch, _, key = parse_lease(redis.call('HGET', LEASE_COSTS, id))
redis.call('HDEL', LEASE_COSTS, id)
redis.call('ZADD', SETTLED, fmt(now + 60000000), settlement)
wrote(SETTLED)
refill()
local refund = cost_of(ARGV[10])
if key then
	key_refund(key, refund)
	changed = true
end
for i = 1, N do
	if held(i, lease_epoch) then
		if refund[i] > 0 then
			credit(i, refund[i])
			changed = true
		elseif refund[i] < 0 then
			meters[i].level = meters[i].level + refund[i]
		end
	end
end
advance()
return finish('1')
