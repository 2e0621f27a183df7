-- ARGV[7] cost, ARGV[8] longest acceptable wait in microseconds.
local cost = cost_of(ARGV[7])
local max_wait = tonumber(ARGV[8])
advance()
local meter, limit = too_large(cost)
if meter then
	return finish('X', nil, meter, limit)
end
if redis.call('ZCARD', QUEUE) == 0 and not in_cooldown() and can_pay(cost) then
	return finish('G', debit(cost))
end
local binding, wait = estimate(nil, cost)
local too_long
if wait < 0 then
	too_long = max_wait <= 0
else
	too_long = wait > max_wait
end
if too_long then
	return finish('R', nil, binding, wait)
end
local id = next_id('T')
enqueue(id, cost)
return finish('Q', id, binding, wait)
