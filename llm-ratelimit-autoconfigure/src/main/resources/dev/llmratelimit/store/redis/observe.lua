-- ARGV[9] limits, ARGV[10] likely remaining (per meter, 'n' when not reported), ARGV[11]
-- '1' when rate limited, ARGV[12] cooldown in microseconds, ARGV[13] throttled meter (0 for
-- none), ARGV[14] lease of the call the response answers, or '', ARGV[15] and ARGV[16] the
-- least and the most the provider may have left (RemainingRange, computed by the Java side),
-- ARGV[17] the width of that range (the figure's uncertainty) and ARGV[18] the microseconds until the meter is full
-- again (per meter), ARGV[19] '1' when the provider charges output only when a call ends,
-- ARGV[20] '1' when others' spending is estimated.
-- The rules are the in-memory store's (ObservationReconciler, LimitLearning, LimitCuts,
-- UnseenAdmissions, InFlightHolds, ExternalConsumption), over the leases of every instance:
-- - held: the output of calls in flight the provider has not answered, on an output meter it
--   charges when a call ends, is taken off its figure (firm); so is the output of calls it
--   answered and no instance settled yet, until the next figure (provisional);
-- - unseen: the unanswered calls whose requests left within the observation lag (and after
--   the call the response answers), and once requests are reported sent (sent.lua) those not
--   reported sent, are taken off its figure until the next figure (provisional); a call whose
--   request is not reported sent left at its admission while none are;
-- - limits: when a limit changed, the level (moved with the limit) is brought into the
--   provider's range, up or down, never below minus the new limit. Otherwise it is capped only
--   when above the most the provider may have left, and then to the likely remaining. A
--   refusal of a call admitted before a cut of the refused meter was learned closes nothing;
-- - others' spending: see sample().
local limits = split(ARGV[9])
local remaining = split(ARGV[10])
local lows = split(ARGV[15])
local highs = split(ARGV[16])
local uncertainties = split(ARGV[17])
local resets = split(ARGV[18])
local output_at_completion = ARGV[19] == '1'
local estimating = ARGV[20] == '1'
-- Calls are taken to have reached the provider a second after admission (or the lag, when
-- longer) for the estimate of others' spending.
local ARRIVAL = 1000000
-- Others' spending: samples at least SPACING apart over the last WINDOW, fitted once they span MIN_SPAN.
local SPACING, WINDOW, MIN_SPAN, MAX_SAMPLES = 250000, 30000000, 3000000, 121

local function zeros()
	local values = {}
	for i = 1, N do
		values[i] = 0
	end
	return values
end

local function clamp(value, least, most)
	return math.max(least, math.min(value, most))
end

-- Whether the provider charges meter i only when a call ends.
local function at_completion(i)
	return output_at_completion and i == OUTPUT
end

-- The estimates of others' spending read by this observation: per meter what the level was
-- moved by other than the calls of the instances ('adjusted'), and the samples, stored as
-- 'adjusted|time,unexplained,time,unexplained...'.
local estimates = {}

local function estimate_of(i)
	local estimate = estimates[i]
	if not estimate then
		local adjusted, samples = string.match(redis.call('HGET', EXTERNAL, tostring(i)) or '0|', '^([^|]*)|(.*)$')
		estimate = { adjusted = tonumber(adjusted) or 0, times = {}, values = {} }
		for t, u in string.gmatch(samples, '([^,]+),([^,]+)') do
			estimate.times[#estimate.times + 1] = tonumber(t)
			estimate.values[#estimate.values + 1] = tonumber(u)
		end
		estimates[i] = estimate
		-- what refills charged for others since the last figure was a move of the level too
		estimate.adjusted = estimate.adjusted + (meters[i].charged or 0)
		meters[i].charged = 0
	end
	return estimate
end

-- Records that meter i's level was moved by removed for a reason other than the instances' calls.
local function adjust(i, removed)
	if estimating and removed ~= 0 then
		local estimate = estimate_of(i)
		estimate.adjusted = estimate.adjusted + removed
	end
end

local function move_to(i, level)
	local bucket = meters[i]
	local before = bucket.level
	bucket.level = math.min(bucket.limit, level)
	adjust(i, before - bucket.level)
end

-- Forgets meter i's estimate, when its limit changed (a new regime).
local function forget(i)
	if estimating then
		estimates[i] = { adjusted = 0, times = {}, values = {} }
		meters[i].rate, meters[i].burst, meters[i].till, meters[i].charged = nil, nil, nil, nil
	end
end

-- The least-squares slope of the samples (others' rate per microsecond) and their spread
-- around it less the figures' uncertainty (their burst); both zero when the slope is under
-- 1% of the limit per window or under three standard errors of the fit. An estimate already
-- made (established) stays while the slope clears one standard error and the floor, and
-- while the samples are too few to fit (span less than MIN_SPAN); the burst of an estimate
-- forgotten for want of figures (external_rate) stays until the next fit.
local function fit(estimate, i, uncertainty)
	local times, values, n = estimate.times, estimate.values, #estimate.times
	local established = external_rate(i) > 0
	if n < 3 or times[n] - times[1] < MIN_SPAN then
		if established then
			return meters[i].rate, meters[i].burst
		end
		return 0, meters[i].burst or 0
	end
	local mean_t, mean_u = 0, 0
	for k = 1, n do
		mean_t, mean_u = mean_t + times[k] - times[1], mean_u + values[k]
	end
	mean_t, mean_u = mean_t / n, mean_u / n
	local covariance, variance = 0, 0
	for k = 1, n do
		local dt = times[k] - times[1] - mean_t
		covariance, variance = covariance + dt * (values[k] - mean_u), variance + dt * dt
	end
	local slope = (variance > 0) and covariance / variance or 0
	local lowest, highest, squares = math.huge, -math.huge, 0
	for k = 1, n do
		local residual = values[k] - mean_u - slope * (times[k] - times[1] - mean_t)
		lowest, highest, squares = math.min(lowest, residual), math.max(highest, residual), squares + residual * residual
	end
	local standard_error = math.sqrt(squares / (n - 2) / variance)
	local significance = established and 1 or 3
	if slope > 0.01 * meters[i].limit / WINDOWS[i] and slope > significance * standard_error then
		return slope, math.max(0, highest - lowest - uncertainty)
	end
	return 0, 0
end

-- Samples the consumption meter i's figures leave unexplained, level + adjusted - what the
-- provider likely has left net of what it has not counted: flat without others, growing at
-- their rate with them; then fits the samples of the last WINDOW.
local function sample(i, level, provider_level, uncertainty)
	local estimate = estimate_of(i)
	local times, values, n = estimate.times, estimate.values, #estimate.times
	local unexplained = level + estimate.adjusted - provider_level
	if n > 0 and now - times[n] < SPACING then
		-- keep the newest figure of a burst of responses
		values[n] = unexplained
	else
		if n == MAX_SAMPLES then
			table.remove(times, 1)
			table.remove(values, 1)
		end
		times[#times + 1], values[#values + 1] = now, unexplained
	end
	while #times > 0 and times[1] < now - WINDOW do
		table.remove(times, 1)
		table.remove(values, 1)
	end
	local bucket = meters[i]
	bucket.rate, bucket.burst = fit(estimate, i, uncertainty)
	bucket.till, bucket.charged = times[#times] + WINDOW, bucket.charged or 0
end

local function save_estimates()
	for i, estimate in pairs(estimates) do
		if #estimate.times == 0 and estimate.adjusted == 0 then
			redis.call('HDEL', EXTERNAL, tostring(i))
		else
			local parts = { fmt(estimate.adjusted) .. '|' }
			for k = 1, #estimate.times do
				parts[#parts + 1] = fmt(estimate.times[k]) .. ',' .. fmt(estimate.values[k])
			end
			redis.call('HSET', EXTERNAL, tostring(i), parts[1] .. table.concat(parts, ',', 2))
			wrote(EXTERNAL)
		end
	end
end

refill()

-- When a call's request left for the provider: when it was reported sent; never (nil) when
-- requests of this budget are reported sent and this one was not; else its admission.
local reports_sending = redis.call('HGET', BUDGET, 'reports-sending') == '1'
local function left_at(admitted, sent)
	if sent then
		return sent
	end
	return (not reports_sending) and admitted or nil
end

-- The call the response answers is answered from now on, whichever instance admitted it.
local observed, observed_at, observed_left = nil, nil, nil
if ARGV[14] ~= '' then
	local record = redis.call('HGET', LEASE_COSTS, ARGV[14])
	if record then
		local admitted, _, _, _, _, sent = parse_lease(record)
		observed, observed_at = ARGV[14], admitted
		observed_left = left_at(admitted, sent) or admitted
		if string.sub(record, 1, 1) ~= '*' then
			redis.call('HSET', LEASE_COSTS, observed, '*' .. record)
		end
	end
end

-- What the provider has not counted, over the leases held by every instance: the output held
-- (firm, and own: the answered calls'), the calls that may be unseen (those that have not
-- left, and those that left within the lag and after the observed call), the calls that
-- have not left (waiting: unseen for sure), and whether every call that left had time to
-- reach the provider (settled).
local firm, own, unseen, waiting, settled = zeros(), zeros(), zeros(), zeros(), true
local records = redis.call('HGETALL', LEASE_COSTS)
for k = 1, #records, 2 do
	local id = records[k]
	local at, _, encoded, _, answered, sent = parse_lease(records[k + 1])
	local cost = cost_of(encoded)
	if answered or id == observed then
		own[OUTPUT] = own[OUTPUT] + cost[OUTPUT]
	else
		if output_at_completion then
			firm[OUTPUT] = firm[OUTPUT] + cost[OUTPUT]
		end
		local left = left_at(at, sent)
		if lag_micros > 0 and left == nil then
			for i = 1, N do
				unseen[i], waiting[i] = unseen[i] + cost[i], waiting[i] + cost[i]
			end
		elseif lag_micros > 0 and left and (observed_left == nil or left > observed_left) then
			for i = 1, N do
				if left > now - lag_micros then
					unseen[i] = unseen[i] + cost[i]
				end
				if left > now - math.max(lag_micros, ARRIVAL) and cost[i] ~= 0 then
					settled = false
				end
			end
		end
	end
end

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
		if limit_changed then
			forget(i)
		end
	end
	local reset = resets[i]
	if bucket and calendar(i) and reset and reset > 0 and reset <= DAY then
		bucket.at = now + reset
	end
	local likely = remaining[i]
	if bucket and likely and likely >= 0 then
		local provisional = (at_completion(i) and 0 or unseen[i]) + own[i]
		local exactly_unseen = (at_completion(i) and 0 or waiting[i]) + own[i]
		if bucket.penalty > 0 then
			local held = bucket.level
			credit(i, bucket.penalty)
			adjust(i, held - bucket.level)
		end
		local least = math.min(lows[i] or likely, bucket.limit) - firm[i]
		local most = math.min(highs[i] or likely, bucket.limit) - firm[i]
		likely = math.min(likely, bucket.limit) - firm[i]
		local level = bucket.level
		if estimating and WINDOWS[i] > 0 and (settled or at_completion(i)) then
			sample(i, level, likely - exactly_unseen, uncertainties[i] or 0)
		end
		local provider_only
		if limit_changed then
			provider_only = math.max(-bucket.limit, clamp(level, least, most))
			move_to(i, math.max(-bucket.limit, clamp(level, least - provisional, most - provisional)))
		else
			provider_only = (level > most) and math.min(level, likely) or level
			if level > most - provisional then
				move_to(i, math.min(level, likely - provisional))
			end
		end
		changed = changed or bucket.level > level
		bucket.penalty = math.max(0, provider_only - bucket.level)
	end
end
if #limit_changes > 0 then
	changed = true
end
-- Whether a refusal on a meter is of a call admitted before a cut of that meter was learned.
local function explained_by_cut(throttled)
	if throttled == 0 or observed_at == nil then
		return false
	end
	local cut_at = tonumber(redis.call('HGET', BUDGET, METERS[throttled] .. ':cut-at'))
	return cut_at ~= nil and cut_at >= observed_at
end

if ARGV[11] == '1' then
	local throttled = tonumber(ARGV[13])
	if not explained_by_cut(throttled) then
		cooldown_until = math.max(cooldown_until, now + math.max(0, tonumber(ARGV[12])))
	end
	if throttled > 0 and meters[throttled] then
		move_to(throttled, math.min(meters[throttled].level, -firm[throttled]))
	end
end
save_estimates()
advance()
return finish('O')
