-- ARGV[9] limits, ARGV[10] remaining (per meter, 'n' when not reported), ARGV[11] '1' when
-- rate limited, ARGV[12] cooldown in microseconds, ARGV[13] throttled meter (0 for none),
-- ARGV[14] lease of the call the response answers, or ''.
-- A reported remaining bounds the level, less what was admitted within the observation lag
-- (and after the call the response answers): the provider cannot have counted those yet.
-- What that took off is given back when the next figure for the meter arrives.
local limits = split(ARGV[9])
local remaining = split(ARGV[10])

-- Cost per meter of the admissions the provider may not have seen.
local function unseen_by_provider()
	local unseen = {}
	for i = 1, N do
		unseen[i] = 0
	end
	if lag_micros <= 0 then
		return unseen
	end
	redis.call('ZREMRANGEBYSCORE', RECENT, '-inf', fmt(now - lag_micros))
	local after = '-inf'
	if ARGV[14] ~= '' then
		local admitted_at = parse_lease(redis.call('HGET', LEASE_COSTS, ARGV[14]))
		if admitted_at then
			after = '(' .. fmt(admitted_at)
		end
	end
	for _, member in ipairs(redis.call('ZRANGEBYSCORE', RECENT, after, '+inf')) do
		local cost = cost_of(string.match(member, '|(.*)$'))
		for i = 1, N do
			unseen[i] = unseen[i] + cost[i]
		end
	end
	return unseen
end

refill()
local unseen = unseen_by_provider()
for i = 1, N do
	local bucket = meters[i]
	local limit = limits[i]
	if limit and limit > 0 then
		if not bucket then
			bucket = learn_meter(i, limit)
			limit_changes[#limit_changes + 1] = tostring(i)
			limit_changes[#limit_changes + 1] = '0'
			limit_changes[#limit_changes + 1] = fmt(limit)
		elseif bucket.limit ~= limit then
			limit_changes[#limit_changes + 1] = tostring(i)
			limit_changes[#limit_changes + 1] = fmt(bucket.limit)
			limit_changes[#limit_changes + 1] = fmt(limit)
			set_limit(bucket, i, limit, 'headers')
		else
			bucket.source = 'headers'
		end
	end
	local left = remaining[i]
	if bucket and left and left >= 0 then
		if bucket.penalty > 0 then
			credit(i, bucket.penalty)
		end
		local provider_only = math.min(bucket.level, left)
		bucket.level = math.min(bucket.level, left - unseen[i])
		bucket.penalty = provider_only - bucket.level
	end
end
if #limit_changes > 0 then
	changed = true
end
if ARGV[11] == '1' then
	cooldown_until = math.max(cooldown_until, now + math.max(0, tonumber(ARGV[12])))
	local throttled = tonumber(ARGV[13])
	if throttled > 0 and meters[throttled] then
		meters[throttled].level = math.min(meters[throttled].level, 0)
	end
end
advance()
return finish('O')
