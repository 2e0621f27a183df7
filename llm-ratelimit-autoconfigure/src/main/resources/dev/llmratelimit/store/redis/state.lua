-- ARGV[9] a new generation, unique, should the budget hash have none.
-- Replies the budget's generation, leases in flight, tickets waiting, cooldown left, tickets waiting per priority
-- (high, normal, low), the keys near their share (their count, then per key its name, the
-- meter it holds most of and the part of that meter's limit it holds, the fullest first,
-- at most 10), then per limited meter its index, limit, level, source and what others are
-- estimated to spend of it per window.
-- The generation names this life of the budget hash: set on the first read of its state,
-- it is gone when Redis loses the hash (restarted empty, flushed), so that an instance back
-- from an outage sees that the shared level it knew is lost (charge.lua).
local generation = redis.call('HGET', BUDGET, 'generation')
if not generation then
	generation = ARGV[9]
	redis.call('HSET', BUDGET, 'generation', generation)
	wrote(BUDGET)
end
advance()
local extra = { generation, tostring(redis.call('ZCARD', LEASES)), tostring(redis.call('ZCARD', QUEUE)),
	fmt(in_cooldown() and (cooldown_until - now) or 0) }
for lane = 0, LOW_LANE do
	extra[#extra + 1] = tostring(redis.call('ZCOUNT', QUEUE, fmt(lane * LANE), '(' .. fmt((lane + 1) * LANE)))
end
local near = {}
if key_share < 1 then
	local all = redis.call('HGETALL', HOLDINGS)
	for k = 1, #all, 2 do
		local holding = load_holding(all[k], all[k + 1])
		local fullest, fullest_share = 0, 0
		for i = 1, N do
			local bucket = meters[i]
			if bucket and bucket.limit > 0 then
				local share = holding.held[i] / bucket.limit
				if share >= 0.8 * key_share and share > fullest_share then
					fullest, fullest_share = i, share
				end
			end
		end
		if fullest > 0 then
			near[#near + 1] = { key = holding.key, meter = fullest, share = fullest_share }
		end
	end
	table.sort(near, function(a, b)
		if a.share ~= b.share then
			return a.share > b.share
		end
		return a.key < b.key
	end)
end
extra[#extra + 1] = tostring(math.min(#near, 10))
for k = 1, math.min(#near, 10) do
	extra[#extra + 1] = near[k].key
	extra[#extra + 1] = tostring(near[k].meter)
	extra[#extra + 1] = fmt(near[k].share)
end
for i = 1, N do
	local bucket = meters[i]
	if bucket then
		extra[#extra + 1] = tostring(i)
		extra[#extra + 1] = fmt(bucket.limit)
		extra[#extra + 1] = fmt(bucket.level)
		extra[#extra + 1] = bucket.source
		extra[#extra + 1] = fmt(external_rate(i) * WINDOWS[i])
	end
end
return finish('S', nil, 0, 0, extra)
