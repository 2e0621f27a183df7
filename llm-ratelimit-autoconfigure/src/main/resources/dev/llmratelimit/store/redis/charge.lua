-- ARGV[9] amount per meter, ARGV[10] instances sharing the budget, or 0 for a plain charge,
-- ARGV[11] how long, in microseconds, the first instance back presumes for the others,
-- ARGV[12] the charging instance, ARGV[13] fallback calls still running (below).
-- Charges what this instance admitted on its own while Redis could not be reached (negative:
-- gives back what those calls did not use), so that the shared budget knows of it before it
-- admits anything new.
-- Each instance reports once per outage (ARGV[10] > 0), and instances come back one by one.
-- The first one back opens a round. For each other instance it presumes the larger of what it
-- spent itself and that instance's share of the level now (for meters of windows under an
-- hour: what a fallback may have spent and still hold), and it withholds that instance's
-- share of the refill for the round (at most a window's share), as that instance's fallback
-- still admits on it. Each later one replaces the guess with what it really spent and takes
-- back the withheld refill of the rest of the round. ARGV[13] lists the fallback calls still
-- running, 'lease:slots,...': each holds its slots here as a lease until it is settled.
local amount = cost_of(ARGV[9])
local instances = tonumber(ARGV[10])
local reporter = ARGV[12]
local HOUR = 3600000000
refill()

-- an instance's share of meter i's refill over micros, at most a window's share
local function refill_share(i, micros)
	if WINDOWS[i] <= 0 or micros <= 0 then
		return 0
	end
	return math.min(micros, WINDOWS[i]) * meters[i].limit / WINDOWS[i] / instances
end

local charged = {}
for i = 1, N do
	charged[i] = amount[i]
end
if instances > 1 then
	wrote(BUDGET)
	local round = redis.call('HMGET', BUDGET, 'presumed', 'presumed-from', 'presumed-until', 'presumed-by')
	local round_from, round_until = tonumber(round[2]) or 0, tonumber(round[3]) or 0
	local reporters = round[4] or ''
	local reported = false
	for id in string.gmatch(reporters, '[^,]+') do
		reported = reported or id == reporter
	end
	if round_until > now and not reported then
		local presumed = cost_of(round[1])
		for i = 1, N do
			if meters[i] and i ~= CONCURRENCY then
				local withheld = refill_share(i, round_until - round_from)
				local unused = math.max(0, withheld - refill_share(i, now - round_from))
				charged[i] = amount[i] - presumed[i] - unused
			end
		end
		reporters = reporters .. ',' .. reporter
		local count = select(2, string.gsub(reporters, ',', ',')) + 1
		redis.call('HMSET', BUDGET, 'presumed-by', reporters, 'presumed-until',
			fmt((count >= instances) and 0 or round_until))
	elseif round_until <= now then
		local presumption = tonumber(ARGV[11])
		local presumed = {}
		for i = 1, N do
			presumed[i] = 0
			local bucket = meters[i]
			if bucket and i ~= CONCURRENCY then
				presumed[i] = amount[i]
				if WINDOWS[i] > 0 and WINDOWS[i] < HOUR then
					presumed[i] = math.max(amount[i], bucket.level / instances)
				end
				charged[i] = amount[i] + (instances - 1) * (presumed[i] + refill_share(i, presumption))
			end
		end
		redis.call('HMSET', BUDGET, 'presumed', encode(presumed), 'presumed-from', fmt(now), 'presumed-until',
			fmt(now + presumption), 'presumed-by', reporter)
	end
end
for i = 1, N do
	local bucket = meters[i]
	if bucket then
		if charged[i] > 0 then
			bucket.level = bucket.level - charged[i]
		elseif charged[i] < 0 then
			credit(i, -charged[i])
			changed = true
		end
	end
end
for entry in string.gmatch(ARGV[13] or '', '[^,]+') do
	local lease_id, slots = string.match(entry, '^(.*):([^:]*)$')
	if meters[CONCURRENCY] and not redis.call('ZSCORE', LEASES, lease_id) then
		local cost = cost_of('')
		cost[CONCURRENCY] = tonumber(slots)
		debit(cost, lease_id)
	end
end
advance()
return finish('C')
