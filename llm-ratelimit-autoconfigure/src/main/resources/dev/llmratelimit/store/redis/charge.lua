-- ARGV[9] amount per meter, ARGV[10] instances sharing the budget, or 0 for a plain charge,
-- ARGV[11] how long, in microseconds, the first instance back presumes for the others.
-- Charges what this instance admitted on its own while Redis could not be reached (negative:
-- gives back what those calls did not use), so that the shared budget knows of it before it
-- admits anything new. Instances come back one by one: the first one back also charges, for
-- each other instance, as much as it spent itself (their shares were alike), and each later
-- one replaces that guess with what it really spent.
local amount = cost_of(ARGV[9])
local instances = tonumber(ARGV[10])
local charged = {}
for i = 1, N do
	charged[i] = amount[i]
end
if instances > 1 then
	wrote(BUDGET)
	local state = redis.call('HMGET', BUDGET, 'presumed', 'presumed-count', 'presumed-until')
	local count = tonumber(state[2]) or 0
	if count > 0 and (tonumber(state[3]) or 0) > now then
		local presumed = cost_of(state[1])
		for i = 1, N do
			charged[i] = amount[i] - presumed[i]
		end
		redis.call('HSET', BUDGET, 'presumed-count', count - 1)
	else
		for i = 1, N do
			charged[i] = amount[i] * instances
		end
		redis.call('HMSET', BUDGET, 'presumed', ARGV[9], 'presumed-count', instances - 1, 'presumed-until',
			fmt(now + tonumber(ARGV[11])))
	end
end
refill()
for i = 1, N do
	local bucket = meters[i]
	if bucket and i ~= CONCURRENCY then
		if charged[i] > 0 then
			bucket.level = bucket.level - charged[i]
		elseif charged[i] < 0 then
			credit(i, -charged[i])
			changed = true
		end
	end
end
advance()
return finish('C')
