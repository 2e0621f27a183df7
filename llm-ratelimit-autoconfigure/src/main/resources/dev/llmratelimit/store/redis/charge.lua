-- ARGV[9] amount per meter, ARGV[10] instances sharing the budget, or 0 for a plain charge,
-- ARGV[11] how long, in microseconds, the first instance back presumes for the others,
-- ARGV[12] the charging instance, ARGV[13] fallback calls still running (below), ARGV[14]
-- the generation of the budget hash the instance last read ('' for a plain charge, or when
-- it never read one), ARGV[15] per meter what it can tell is left of the shared level,
-- ARGV[16] a new generation, unique, for a budget that Redis lost.
-- Charges what this instance admitted on its own while Redis could not be reached (negative:
-- gives back what those calls did not use), so that the shared budget knows of it before it
-- admits anything new.
-- Each instance reports once per outage (ARGV[10] > 0), and instances come back one by one.
-- The first one back opens a round. For each other instance it presumes the larger of what it
-- spent itself and that instance's share of the level now (for meters of windows under an
-- hour: what a fallback may have spent and still hold), and it withholds that instance's
-- share of the refill for the round (at most a window's share), as that instance's fallback
-- still admits on it. Each later one replaces the guess with what it really spent and takes
-- back the withheld refill of the rest of the round.
-- When Redis lost the budget the instance last read (restarted empty: the hash, and its
-- generation, are gone or new), the level Redis holds started full. The first instance back
-- then brings it down to what it can tell is left (its fallback's level, or the last level it
-- read, less its grants and spending), less what was admitted since the budget
-- started again; the others are presumed to have spent all theirs, and their refill is
-- withheld for the round as above. Each later one adds what it can tell is left of its share
-- and takes back the withheld refill of the rest of the round; one reporting after the round
-- is charged what it spent, on top of the presumption (on the safe side).
-- ARGV[13] lists the fallback calls still running, 'lease:slots,...': each holds its slots
-- here as a lease until it is settled.
local amount = cost_of(ARGV[9])
local instances = tonumber(ARGV[10])
local presumption = tonumber(ARGV[11])
local reporter = ARGV[12]
local known = ARGV[14] or ''
local remainder = cost_of(ARGV[15])
local HOUR = 3600000000
refill()

-- an instance's share of meter i's refill over micros, at most a window's share
local function refill_share(i, micros)
	if WINDOWS[i] <= 0 or micros <= 0 or instances < 1 then
		return 0
	end
	return math.min(micros, WINDOWS[i]) * meters[i].limit / WINDOWS[i] / instances
end

-- the refill of meter i withheld for the rest of the round: taken back by a reporter
local function unused_withheld(i, round_from, round_until)
	local withheld = refill_share(i, round_until - round_from)
	return math.max(0, withheld - refill_share(i, now - round_from))
end

local charged = {}
for i = 1, N do
	charged[i] = amount[i]
end
local round = redis.call('HMGET', BUDGET, 'presumed', 'presumed-from', 'presumed-until', 'presumed-by', 'generation',
	'presumed-reset')
local round_from, round_until = tonumber(round[2]) or 0, tonumber(round[3]) or 0
local reporters = round[4] or ''
local reported = false
for id in string.gmatch(reporters, '[^,]+') do
	reported = reported or id == reporter
end
-- counts this instance's report in the round, and closes the round once all reported
local function join_round()
	reporters = reporters .. ',' .. reporter
	local count = select(2, string.gsub(reporters, ',', ',')) + 1
	redis.call('HMSET', BUDGET, 'presumed-by', reporters, 'presumed-until', fmt((count >= instances) and 0 or round_until))
end
local lost = known ~= '' and round[5] ~= known
if lost and round[6] ~= known then
	wrote(BUDGET)
	for i = 1, N do
		local bucket = meters[i]
		if bucket and i ~= CONCURRENCY then
			charged[i] = bucket.limit - math.min(remainder[i], bucket.limit)
			if instances > 1 then
				charged[i] = charged[i] + (instances - 1) * refill_share(i, presumption)
			end
		end
	end
	redis.call('HMSET', BUDGET, 'generation', ARGV[16], 'presumed-reset', known, 'presumed', '',
		'presumed-from', fmt(now), 'presumed-until', fmt((instances > 1) and (now + presumption) or 0), 'presumed-by',
		reporter)
elseif lost then
	if instances > 1 and round_until > now and not reported then
		wrote(BUDGET)
		for i = 1, N do
			local bucket = meters[i]
			if bucket and i ~= CONCURRENCY then
				charged[i] = -math.min(remainder[i], bucket.limit / instances) - unused_withheld(i, round_from, round_until)
			end
		end
		join_round()
	end
elseif instances > 1 then
	wrote(BUDGET)
	if round_until > now and not reported then
		local presumed = cost_of(round[1])
		for i = 1, N do
			if meters[i] and i ~= CONCURRENCY then
				charged[i] = amount[i] - presumed[i] - unused_withheld(i, round_from, round_until)
			end
		end
		join_round()
	elseif round_until <= now then
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
