-- Replies leases in flight, tickets waiting, cooldown left, then per limited meter its
-- index, limit, level and source.
advance()
local extra = { tostring(redis.call('ZCARD', LEASES)), tostring(redis.call('ZCARD', QUEUE)),
	fmt(in_cooldown() and (cooldown_until - now) or 0) }
for i = 1, N do
	local bucket = meters[i]
	if bucket then
		extra[#extra + 1] = tostring(i)
		extra[#extra + 1] = fmt(bucket.limit)
		extra[#extra + 1] = fmt(bucket.level)
		extra[#extra + 1] = bucket.source
	end
end
return finish('S', nil, 0, 0, extra)
