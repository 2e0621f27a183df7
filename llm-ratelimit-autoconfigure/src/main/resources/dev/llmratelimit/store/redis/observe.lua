-- ARGV[9] limits, ARGV[10] likely remaining (per meter, 'n' when not reported), ARGV[11]
-- '1' when rate limited, ARGV[12] cooldown in microseconds, ARGV[13] throttled meter (0 for
-- none), ARGV[14] lease of the call the response answers, or '', ARGV[15] and ARGV[16] the
-- least and the most the provider may have left (RemainingRange, computed by the Java side).
-- The rules are the in-memory store's (ObservationReconciler, LimitLearning, LimitCuts):
-- what was admitted within the observation lag (and after the call the response answers)
-- is unseen by the provider and taken off its figure; what that took off is given back
-- when the next figure for the meter arrives. When a limit changed, the level (moved with
-- the limit) is brought into the provider's range, up or down, never below minus the new
-- limit. Otherwise it is capped only when above the most the provider may have left, and
-- then to the likely remaining. A refusal of a call admitted before a cut of the refused
-- meter was learned closes nothing.
local limits = split(ARGV[9])
local remaining = split(ARGV[10])
local lows = split(ARGV[15])
local highs = split(ARGV[16])

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

local function clamp(value, least, most)
	return math.max(least, math.min(value, most))
end

refill()
local unseen = unseen_by_provider()
for i = 1, N do
	local bucket = meters[i]
	local limit = limits[i]
	local limit_changed = false
	if limit and limit > 0 then
		if not bucket then
			bucket = learn_meter(i, limit)
			limit_changes[#limit_changes + 1] = tostring(i)
			limit_changes[#limit_changes + 1] = '0'
			limit_changes[#limit_changes + 1] = fmt(limit)
			limit_changed = true
		elseif bucket.limit ~= limit then
			limit_changes[#limit_changes + 1] = tostring(i)
			limit_changes[#limit_changes + 1] = fmt(bucket.limit)
			limit_changes[#limit_changes + 1] = fmt(limit)
			if limit < bucket.limit then
				redis.call('HSET', BUDGET, METERS[i] .. ':cut-at', fmt(now))
			end
			set_limit(bucket, i, limit, 'headers')
			limit_changed = true
		else
			bucket.source = 'headers'
		end
	end
	local likely = remaining[i]
	if bucket and likely and likely >= 0 then
		if bucket.penalty > 0 then
			credit(i, bucket.penalty)
		end
		local least = math.min(lows[i] or likely, bucket.limit)
		local most = math.min(highs[i] or likely, bucket.limit)
		likely = math.min(likely, bucket.limit)
		local level = bucket.level
		local provider_only
		if limit_changed then
			provider_only = math.max(-bucket.limit, clamp(level, least, most))
			bucket.level = math.max(-bucket.limit, clamp(level, least - unseen[i], most - unseen[i]))
		else
			provider_only = (level > most) and math.min(level, likely) or level
			if level > most - unseen[i] then
				bucket.level = math.min(level, likely - unseen[i])
			end
		end
		bucket.penalty = math.max(0, provider_only - bucket.level)
	end
end
if #limit_changes > 0 then
	changed = true
end
-- Whether a refusal on a meter is of a call admitted before a cut of that meter was learned.
local function explained_by_cut(throttled)
	if throttled == 0 or ARGV[14] == '' then
		return false
	end
	local admitted_at = parse_lease(redis.call('HGET', LEASE_COSTS, ARGV[14]))
	local cut_at = tonumber(redis.call('HGET', BUDGET, METERS[throttled] .. ':cut-at'))
	return admitted_at ~= nil and cut_at ~= nil and cut_at >= admitted_at
end

if ARGV[11] == '1' then
	local throttled = tonumber(ARGV[13])
	if not explained_by_cut(throttled) then
		cooldown_until = math.max(cooldown_until, now + math.max(0, tonumber(ARGV[12])))
	end
	if throttled > 0 and meters[throttled] then
		meters[throttled].level = math.min(meters[throttled].level, 0)
	end
end
advance()
return finish('O')
