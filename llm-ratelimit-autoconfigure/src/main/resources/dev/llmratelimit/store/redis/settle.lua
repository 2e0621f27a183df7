-- ARGV[7] lease id, ARGV[8] refund per meter (negative: an extra debit).
local id = ARGV[7]
if redis.call('ZREM', LEASES, id) == 0 then
	advance()
	return finish('0')
end
redis.call('HDEL', LEASE_COSTS, id)
refill()
local refund = cost_of(ARGV[8])
for i = 1, N do
	local bucket = meters[i]
	if bucket then
		if refund[i] > 0 then
			credit(i, refund[i])
			changed = true
		elseif refund[i] < 0 then
			bucket.level = bucket.level + refund[i]
		end
	end
end
advance()
return finish('1')
