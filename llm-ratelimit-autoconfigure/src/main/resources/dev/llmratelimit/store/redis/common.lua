-- Shared by every budget script. The Java side prepends METERS, WINDOWS (microseconds, 0
-- for the concurrency counter) in Meter ordinal order, CONCURRENCY and OUTPUT (the indexes
-- of the concurrency counter and of the output tokens meter), and
-- HASH_FIELDS: the fields of the budget hash every script reads, the meters' (named after
-- them) then 'cooldown-until' and 'epoch'. A meter's field holds
-- 'limit|level|at|source|born|penalty', and while others' spending is estimated on it
-- '|rate;burst;until;charged' (see external_room): one field per meter keeps the hash small,
-- and Redis finds each field by scanning it. A calendar-day meter's 'at' is its next reset.
-- KEYS: 1 budget hash, 2 queue zset (ticket -> sequence), 3 tickets hash (ticket -> 'Q|cost'
-- queued, 'G|lease' granted, 'D|lease' granted and handed to its waiter, 'X|meter|limit' too
-- large), 4 ticket expiry zset,
-- 5 leases zset (lease -> expiry), 6 lease records hash (lease -> 'admitted at;epoch;cost',
-- then ';key' for a call with a key, '>sent at' after the admission once its request was
-- reported sent, and '*' in front once the provider answered the call),
-- 7 recent settlements zset ('lease|request' -> expiry), 8 samples of others' spending
-- (meter index -> see observe.lua), 9 key holdings hash (key ->
-- 'updated at|held per meter'), 10 key turns hash ('lane|key' -> the round of the key's last
-- ticket in that lane).
-- ARGV: 1 now in microseconds or '' for server TIME, 2 configured limits in meter order then
-- the low-priority reserve and the share per key (fractions), then for daily meters that
-- reset at the start of a calendar day the next two starts of a day (script clock), 3 lease timeout,
-- 4 waiter timeout, 5 channel, 6 message, 7 admission margin, 8 observation lag (times in
-- microseconds); operation arguments follow.
-- A meter is born in an epoch of its budget (the count of meters learned from headers),
-- and a lease remembers the epoch of its admission: a meter born later never held the
-- lease's cost, so settling the lease neither credits nor debits it.
--
-- This file is loaded two ways (BudgetScripts): as a Redis 7 function library, whose top
-- level runs once when the library is loaded and whose functions then serve every call, or
-- ahead of each operation in a script sent with EVALSHA (Redis 6), run on every call. So the
-- top level only defines constants and functions (a library's top level sees neither
-- redis.call nor the standard libraries: math, string and table are used in functions
-- only); everything a call reads or changes is declared here without a value and set by
-- begin(), which every operation calls first. A new piece of per-call state must be reset
-- in begin(), or it leaks into the next call.

-- The keys and arguments of the running call, set by begin().
local KEYS, ARGV
local BUDGET, QUEUE, TICKETS, TICKET_EXPIRY, LEASES, LEASE_COSTS
local SETTLED, EXTERNAL, HOLDINGS, TURNS
local DAY = 86400000000
local N = #METERS
local EPSILON = 1e-6
-- Queue order. A ticket's score is its lane (0 HIGH, 1 NORMAL, 2 LOW) times LANE, plus its
-- round in the keys' turns times ROUND, plus its number modulo ROUND: higher priorities
-- first, keys (tenants) taking turns within a lane, first come first served within a key
-- (calls without a key count as one key). A key's next ticket takes the round after the
-- later of its previous ticket's and the lane's current round (that of the last ticket
-- served), so a key that queues many tickets does not go before keys that queue one.
-- Ticket numbers break ties within a round; they wrap every ROUND tickets, where two keys'
-- order within one round may flip.
local LANE = 2 ^ 51
local ROUND = 2 ^ 20
local NORMAL_LANE, LOW_LANE = 1, 2
-- At most MAX_KEYS keys hold a part of the meters one by one; beyond, new keys share one holding.
local MAX_KEYS = 10000
local OVERFLOW_KEY = '(other keys)'
local low_reserve, key_share = 0, 1
-- The next two starts of a calendar day, when the daily meters reset then; nil when they
-- refill (per call, set by load()).
local day_starts

-- math.floor and string.format, set by begin(): a library's top level cannot see them.
local floor, format

-- A number as text, exactly; zero, the most frequent, without string.format.
local function fmt(x)
	if x == 0 then
		return '0'
	end
	if x == floor(x) and x < 1e15 and x > -1e15 then
		return format('%d', x)
	end
	return format('%.17g', x)
end

local function split(text)
	local values = {}
	for part in string.gmatch(text or '', '[^,]+') do
		values[#values + 1] = tonumber(part) or false
	end
	return values
end

-- The configured limits (ARGV[2]) parsed, by their text: the same text comes with every
-- call, and a function library keeps this cache from call to call (a script starts it
-- empty). Read only; at most 64 texts, then it starts again.
local configured_cache, configured_count = {}, 0

local function configured_of(text)
	local values = configured_cache[text]
	if values == nil then
		if configured_count >= 64 then
			configured_cache, configured_count = {}, 0
		end
		values = split(text)
		configured_cache[text], configured_count = values, configured_count + 1
	end
	return values
end

local function cost_of(text)
	local parts = split(text)
	local cost = {}
	for i = 1, N do
		cost[i] = parts[i] or 0
	end
	return cost
end

local function encode(cost)
	local parts = {}
	for i = 1, N do
		parts[i] = fmt(cost[i])
	end
	return table.concat(parts, ',')
end

local function current_time()
	if ARGV[1] ~= '' then
		return tonumber(ARGV[1])
	end
	local t = redis.call('TIME')
	return tonumber(t[1]) * 1000000 + tonumber(t[2])
end

-- Per-call state, set by begin(): the time, the fixed arguments, the meters loaded from the
-- budget hash, whether the budget changed, the leases expired and the limits changed.
local now, lease_micros, waiter_micros, margin_micros, lag_micros
local meters, cooldown_until, epoch, changed, expired, limit_changes
-- What the budget hash held when loaded, so that only changed fields are written back.
local stored
-- Keys this script wrote to: finish() renews their time to live.
local written
-- Whether serve_queue left the queue empty (nil: the queue was not looked at), so that
-- other instances are told only when a waiter may care.
local queue_empty

-- Marks keys as written, so that they live for another time to live.
local function wrote(...)
	for _, key in ipairs({ ... }) do
		written[key] = true
	end
end

local function set_limit(bucket, i, limit, source)
	if bucket.limit > 0 then
		bucket.level = bucket.level + limit - bucket.limit
	end
	bucket.limit = limit
	bucket.level = math.min(bucket.level, limit)
	bucket.source = source
end

-- Whether meter i is a daily meter that resets at the start of a calendar day.
local function calendar(i)
	return day_starts ~= nil and WINDOWS[i] == DAY
end

-- The next start of a calendar day after now.
local function next_day_start()
	return (day_starts[1] > now) and day_starts[1] or day_starts[2]
end

-- The 'at' of a new meter: now, or for a calendar-day meter its next reset.
local function first_at(i)
	return calendar(i) and next_day_start() or now
end

local function load()
	local values = redis.call('HMGET', BUDGET, unpack(HASH_FIELDS))
	stored = values
	cooldown_until = tonumber(values[N + 1]) or 0
	epoch = tonumber(values[N + 2]) or 0
	local configured = configured_of(ARGV[2])
	low_reserve = configured[N + 1] or 0
	key_share = configured[N + 2] or 1
	if configured[N + 3] then
		day_starts = { configured[N + 3], configured[N + 4] }
	end
	for i = 1, N do
		local limit, limit_text, level, at, tail, source, born, penalty, external
		if values[i] then
			limit_text, level, at, tail = string.match(values[i], '^([^|]*)|([^|]*)|([^|]*)|(.*)$')
			source, born, penalty, external = string.match(tail or '', '^([^|]*)|([^|]*)|([^|]*)|?(.*)$')
			limit = source and tonumber(limit_text)
		end
		local wanted = configured[i] or 0
		if limit then
			born, penalty = tonumber(born) or 0, tonumber(penalty) or 0
			-- what was read, kept so that saving reuses the text of the parts that did not change
			local bucket = { limit = limit, level = tonumber(level), at = tonumber(at), source = source,
				born = born, penalty = penalty, read_limit = limit, limit_text = limit_text, read_source = source,
				read_born = born, read_penalty = penalty, tail = tail, read_external = external }
			if external ~= '' then
				local rate, burst, till, charged = string.match(external, '^([^;]*);([^;]*);([^;]*);(.*)$')
				bucket.rate, bucket.burst, bucket.till = tonumber(rate), tonumber(burst), tonumber(till)
				bucket.charged = tonumber(charged)
			end
			if bucket.source == 'config' and wanted > 0 and wanted ~= limit then
				set_limit(bucket, i, wanted, 'config')
			end
			meters[i] = bucket
		elseif wanted > 0 then
			meters[i] = { limit = wanted, level = wanted, at = first_at(i), source = 'config', born = epoch,
				penalty = 0 }
		end
	end
end

-- A meter learned from the provider's headers, full, born in a new epoch.
local function learn_meter(i, limit)
	epoch = epoch + 1
	local bucket = { limit = limit, level = limit, at = first_at(i), source = 'headers', born = epoch, penalty = 0 }
	meters[i] = bucket
	return bucket
end

-- The record of a lease: when it was admitted, in which epoch, its cost, and the key its
-- cost was held under, if any.
local function lease_record(cost, key)
	local record = fmt(now) .. ';' .. fmt(epoch) .. ';' .. encode(cost)
	return key and (record .. ';' .. key) or record
end

-- A lease record's admission time, epoch, cost, key (or nil), whether the call was answered
-- and when its request left (nil when not reported).
local function parse_lease(record)
	local answered, at, sent, born, cost, key = string.match(record or '',
		'^(%*?)([^;>]*)>?([^;]*);([^;]*);([^;]*);?(.*)$')
	return tonumber(at), tonumber(born) or 0, cost or '', (key ~= nil and key ~= '') and key or nil,
		answered == '*', tonumber(sent)
end

-- Whether a meter held the cost of a lease admitted in lease_epoch.
local function held(i, lease_epoch)
	local bucket = meters[i]
	return bucket ~= nil and bucket.born <= lease_epoch
end

-- What others are estimated to spend of meter i per microsecond; their rate is forgotten
-- when no figure arrived for a window, their burst stays until the next fit (see observe.lua).
local function external_rate(i)
	local bucket = meters[i]
	if bucket.rate and bucket.till < now then
		bucket.rate = 0
	end
	return bucket.rate or 0
end

-- Refills the meters; a calendar-day meter is full again at its reset. What others are
-- estimated to have spent meanwhile is charged, never below zero on their account.
local function refill()
	for i = 1, N do
		local bucket = meters[i]
		if bucket and day_starts and calendar(i) then
			if bucket.at <= now then
				bucket.level, bucket.at = bucket.limit, next_day_start()
			end
		elseif bucket then
			local elapsed = now - bucket.at
			if elapsed > 0 and WINDOWS[i] > 0 and bucket.level < bucket.limit then
				bucket.level = math.min(bucket.limit, bucket.level + elapsed * bucket.limit / WINDOWS[i])
			end
			if elapsed > 0 and bucket.rate and WINDOWS[i] > 0 then
				local spent = math.min(external_rate(i) * elapsed, math.max(0, bucket.level))
				bucket.level, bucket.charged = bucket.level - spent, bucket.charged + spent
			end
			bucket.at = math.max(bucket.at, now)
		end
	end
end

local function credit(i, amount)
	local bucket = meters[i]
	if bucket then
		bucket.level = math.min(bucket.limit, bucket.level + amount)
	end
end

local function in_cooldown()
	return cooldown_until > now
end

local function too_large(cost)
	for i = 1, N do
		local bucket = meters[i]
		if bucket and cost[i] > bucket.limit then
			return i, bucket.limit
		end
	end
	return nil
end

-- What a continuously refilling meter keeps back when it pays amount: the refill of the
-- admission margin, but never so much that a call the meter can hold would not fit. The
-- concurrency counter keeps nothing back.
local function margin(i, amount)
	local bucket = meters[i]
	if margin_micros <= 0 or WINDOWS[i] <= 0 or (day_starts and calendar(i)) then
		return 0
	end
	return math.max(0, math.min(bucket.limit * margin_micros / WINDOWS[i], bucket.limit - amount))
end

-- What meter i keeps free for others' bursts when it pays amount (at most a quarter of its
-- limit), but never so much that a call the meter can hold would not fit. The burst outlives
-- the rate when no figure arrived for a window, until the next fit.
local function external_room(i, amount)
	local bucket = meters[i]
	if bucket.burst <= 0 then
		return 0
	end
	local burst = math.min(bucket.burst, 0.25 * bucket.limit)
	return math.max(0, math.min(burst, bucket.limit - amount - margin(i, amount)))
end

-- What a meter keeps back when it pays amount: the margin, room for others' bursts and, for
-- a low-priority call, reserve of its limit; never so much that a call the meter can hold
-- would not fit a full meter, so that a low-priority call still gets through.
local function kept(i, amount, reserve)
	local bucket = meters[i]
	local back = margin(i, amount)
	if bucket.rate then
		back = back + external_room(i, amount)
	end
	if reserve > 0 then
		back = back + math.max(0, math.min(reserve * bucket.limit, bucket.limit - amount - back))
	end
	return back
end

local function reserve_of(lane)
	return (lane == LOW_LANE) and low_reserve or 0
end

local function can_pay(cost, reserve)
	for i = 1, N do
		local bucket = meters[i]
		if bucket and bucket.level + EPSILON < cost[i] + kept(i, cost[i], reserve or 0) then
			return false
		end
	end
	return true
end

-- Keys (tenants): what each holds of each limited meter, given back at its share of the
-- meter's refill rate (on the concurrency counter: its calls in flight). A key holds at
-- most key_share of a meter; a call larger than that goes while the key holds nothing.
local function key_cap(i)
	return key_share * meters[i].limit
end

local function load_holding(key, value)
	local at, held = string.match(value, '^([^|]*)|(.*)$')
	local holding = { key = key, at = tonumber(at) or now, held = cost_of(held) }
	local elapsed = now - holding.at
	if elapsed > 0 then
		for i = 1, N do
			if meters[i] and WINDOWS[i] > 0 and holding.held[i] > 0 then
				holding.held[i] = math.max(0, holding.held[i] - key_cap(i) * elapsed / WINDOWS[i])
			end
		end
		holding.at = now
	end
	return holding
end

local function holds_nothing(holding)
	for i = 1, N do
		if holding.held[i] > EPSILON then
			return false
		end
	end
	return true
end

local function save_holding(holding)
	if holds_nothing(holding) then
		redis.call('HDEL', HOLDINGS, holding.key)
	else
		redis.call('HSET', HOLDINGS, holding.key, fmt(holding.at) .. '|' .. encode(holding.held))
		wrote(HOLDINGS)
	end
end

-- Forgets the keys that hold nothing any more; returns the key holding least, bar the
-- overflow holding.
local function forget_keys()
	local all = redis.call('HGETALL', HOLDINGS)
	local least, least_total
	for k = 1, #all, 2 do
		local holding = load_holding(all[k], all[k + 1])
		if holds_nothing(holding) then
			redis.call('HDEL', HOLDINGS, holding.key)
		elseif holding.key ~= OVERFLOW_KEY then
			local total = 0
			for i = 1, N do
				total = total + holding.held[i]
			end
			if least_total == nil or total < least_total then
				least, least_total = holding.key, total
			end
		end
	end
	return least
end

-- The holding of a key: its own while it is tracked or there is room to track it (create),
-- the shared overflow holding while MAX_KEYS keys hold something; nil when keys are not
-- capped, the call has none, or it holds nothing and create is false.
local function holding_of(key, create)
	if key == nil or key_share >= 1 then
		return nil
	end
	local value = redis.call('HGET', HOLDINGS, key)
	if value then
		return load_holding(key, value)
	end
	if redis.call('HLEN', HOLDINGS) >= MAX_KEYS then
		local least = create and forget_keys() or nil
		if redis.call('HLEN', HOLDINGS) >= MAX_KEYS then
			local overflow = redis.call('HGET', HOLDINGS, OVERFLOW_KEY)
			if overflow then
				return load_holding(OVERFLOW_KEY, overflow)
			end
			if not create then
				return nil
			end
			if least then
				redis.call('HDEL', HOLDINGS, least)
			end
			key = OVERFLOW_KEY
		end
	end
	return create and { key = key, at = now, held = cost_of('') } or nil
end

-- Whether a key can take cost and stay within its share of every meter.
local function key_can_pay(key, cost)
	local holding = holding_of(key, false)
	if holding == nil or holds_nothing(holding) then
		return true
	end
	for i = 1, N do
		if meters[i] and cost[i] > 0 and holding.held[i] + cost[i] > key_cap(i) + EPSILON then
			return false
		end
	end
	return true
end

-- Microseconds until a key can take cost within its share, -1 when calls in flight must end first.
local function key_wait(key, cost)
	local holding = holding_of(key, false)
	if holding == nil or holds_nothing(holding) then
		return 0
	end
	local wait = 0
	for i = 1, N do
		if meters[i] and cost[i] > 0 then
			local excess = holding.held[i] + math.min(cost[i], key_cap(i)) - key_cap(i)
			if excess > EPSILON then
				if WINDOWS[i] <= 0 then
					return -1
				end
				wait = math.max(wait, math.ceil(excess * WINDOWS[i] / key_cap(i)))
			end
		end
	end
	return wait
end

-- Charges a key what an admitted call costs; returns the key it was held under, if any.
local function key_debit(key, cost)
	local holding = holding_of(key, true)
	if holding == nil then
		return nil
	end
	for i = 1, N do
		if meters[i] then
			holding.held[i] = holding.held[i] + cost[i]
		end
	end
	save_holding(holding)
	return holding.key
end

-- Gives back to the key a call was held under what it did not use (negative: charges more).
local function key_refund(key, refund)
	local value = key and redis.call('HGET', HOLDINGS, key)
	if value then
		local holding = load_holding(key, value)
		for i = 1, N do
			holding.held[i] = math.max(0, holding.held[i] - refund[i])
		end
		save_holding(holding)
	end
end

-- Gives back the concurrency slot a key held for a call that will never settle.
local function key_release_concurrency(key, cost)
	if key then
		local refund = cost_of('')
		refund[CONCURRENCY] = cost[CONCURRENCY]
		key_refund(key, refund)
	end
end

local function next_id(kind)
	wrote(BUDGET)
	local seq = redis.call('HINCRBY', BUDGET, 'seq', 1)
	return kind .. seq .. '.' .. fmt(now), seq
end

local function debit(cost, lease_id, key)
	for i = 1, N do
		local bucket = meters[i]
		if bucket then
			bucket.level = bucket.level - cost[i]
		end
	end
	local id = lease_id or next_id('L')
	redis.call('ZADD', LEASES, fmt(now + lease_micros), id)
	redis.call('HSET', LEASE_COSTS, id, lease_record(cost, key and key_debit(key, cost)))
	wrote(LEASES, LEASE_COSTS)
	return id
end

local function expire_leases()
	local ids = redis.call('ZRANGEBYSCORE', LEASES, '-inf', fmt(now))
	for _, id in ipairs(ids) do
		local _, lease_epoch, encoded, key = parse_lease(redis.call('HGET', LEASE_COSTS, id))
		if held(CONCURRENCY, lease_epoch) then
			credit(CONCURRENCY, cost_of(encoded)[CONCURRENCY])
		end
		key_release_concurrency(key, cost_of(encoded))
		redis.call('ZREM', LEASES, id)
		redis.call('HDEL', LEASE_COSTS, id)
		expired[#expired + 1] = id
		expired[#expired + 1] = encoded
		changed = true
	end
end

-- Gives back everything a lease holds, as a settlement with no usage would.
local function release_lease(id)
	if redis.call('ZREM', LEASES, id) == 0 then
		return
	end
	local _, lease_epoch, encoded, key = parse_lease(redis.call('HGET', LEASE_COSTS, id))
	redis.call('HDEL', LEASE_COSTS, id)
	local cost = cost_of(encoded)
	for i = 1, N do
		if held(i, lease_epoch) then
			credit(i, cost[i])
		end
	end
	key_refund(key, cost)
	changed = true
end

-- Tickets whose waiter stopped looking leave the queue; a lease granted to one that never
-- collected it is given back.
local function expire_tickets()
	local ids = redis.call('ZRANGEBYSCORE', TICKET_EXPIRY, '-inf', fmt(now))
	for _, id in ipairs(ids) do
		local entry = redis.call('HGET', TICKETS, id) or ''
		if string.sub(entry, 1, 2) == 'G|' then
			release_lease(string.sub(entry, 3))
		end
		redis.call('ZREM', QUEUE, id)
		redis.call('HDEL', TICKETS, id)
		redis.call('ZREM', TICKET_EXPIRY, id)
	end
end

-- A queued ticket's cost and key, from its entry 'Q|cost' or 'Q|cost|key'.
local function queued_ticket(entry)
	local cost, key = string.match(entry or 'Q|', '^Q|([^|]*)|?(.*)$')
	return cost_of(cost), (key ~= nil and key ~= '') and key or nil
end

local function lane_of(score)
	return math.floor(score / LANE)
end

local function round_of(score)
	return math.floor((score % LANE) / ROUND)
end

-- Tickets served by this operation, announced with the budget change so that their waiters
-- wake (per call, set by begin()).
local served

-- The lane's round moves on to that of the ticket just served; a key whose last ticket in
-- the lane this was leaves the turns.
local function took_turn(lane, key, round)
	local field = 'round:' .. lane
	if round > (tonumber(redis.call('HGET', BUDGET, field)) or 0) then
		redis.call('HSET', BUDGET, field, fmt(round))
		wrote(BUDGET)
	end
	local line = lane .. '|' .. (key or '')
	if (tonumber(redis.call('HGET', TURNS, line)) or -1) <= round then
		redis.call('HDEL', TURNS, line)
	end
end

-- Serves the queue in order: a ticket that no longer fits is answered too large; one whose
-- key has no share left is passed over, and so are the later tickets of that key in its
-- lane; one that can be admitted gets its lease; serving stops at the first ticket that
-- must wait for the budget, so that nothing overtakes it.
local function serve_queue()
	local passed, passed_count = {}, 0
	while true do
		local page = redis.call('ZRANGE', QUEUE, passed_count, passed_count + 15, 'WITHSCORES')
		if #page == 0 then
			queue_empty = passed_count == 0
			return
		end
		queue_empty = false
		for k = 1, #page, 2 do
			local id, score = page[k], tonumber(page[k + 1])
			local lane = lane_of(score)
			local cost, key = queued_ticket(redis.call('HGET', TICKETS, id))
			local line = lane .. '|' .. (key or '')
			local meter, limit = too_large(cost)
			if meter then
				redis.call('HSET', TICKETS, id, 'X|' .. meter .. '|' .. fmt(limit))
				redis.call('ZREM', QUEUE, id)
				wrote(TICKETS)
				served[#served + 1] = id
				changed = true
			elseif passed[line] or not key_can_pay(key, cost) then
				passed[line] = true
				passed_count = passed_count + 1
			elseif in_cooldown() or not can_pay(cost, reserve_of(lane)) then
				return
			else
				redis.call('HSET', TICKETS, id, 'G|' .. debit(cost, nil, key))
				redis.call('ZREM', QUEUE, id)
				wrote(TICKETS)
				took_turn(lane, key, round_of(score))
				served[#served + 1] = id
				changed = true
			end
		end
	end
end

local function advance()
	refill()
	expire_leases()
	expire_tickets()
	serve_queue()
end

-- Whether no ticket of lane or a higher priority waits.
local function none_waiting_at_or_above(lane)
	return redis.call('ZCOUNT', QUEUE, '-inf', '(' .. fmt((lane + 1) * LANE)) == 0
end

local function queued_costs(ids)
	local costs = {}
	local chunk = 1000
	for first = 1, #ids, chunk do
		local last = math.min(#ids, first + chunk - 1)
		local values = redis.call('HMGET', TICKETS, unpack(ids, first, last))
		for k = 1, #values do
			costs[first + k - 1] = queued_ticket(values[k])
		end
	end
	return costs
end

-- Estimated wait of target in the queue, or of extra (a call of extra_lane and extra_key)
-- placed after every ticket of its lane and above: until the meters can pay everything
-- ahead and the call (keeping the low-priority reserve for a low-priority call), the call's
-- key has share left, and any cooldown has ended.
local function estimate(target, extra, extra_lane, extra_key)
	local ahead = {}
	for i = 1, N do
		ahead[i] = 0
	end
	local last, lane, key, upto = extra, extra_lane, extra_key, nil
	if target then
		local score = tonumber(redis.call('ZSCORE', QUEUE, target))
		if not score then
			return 0, 0
		end
		lane, upto = lane_of(score), fmt(score)
		last, key = queued_ticket(redis.call('HGET', TICKETS, target))
		extra = nil
	else
		upto = '(' .. fmt((lane + 1) * LANE)
	end
	local ids = redis.call('ZRANGEBYSCORE', QUEUE, '-inf', upto)
	local costs = queued_costs(ids)
	for k = 1, #ids do
		for i = 1, N do
			ahead[i] = ahead[i] + costs[k][i]
		end
	end
	if extra then
		for i = 1, N do
			ahead[i] = ahead[i] + extra[i]
		end
	end
	local wait, binding = 0, 0
	for i = 1, N do
		local bucket = meters[i]
		if bucket then
			local micros = 0
			local needed = ahead[i] + kept(i, last and last[i] or 0, reserve_of(lane))
			if bucket.level + EPSILON < needed then
				if WINDOWS[i] <= 0 then
					return i, -1
				end
				if calendar(i) then
					-- back whole at the next reset, and one more day per limit still missing
					micros = bucket.at - now + math.max(0, math.ceil((needed - bucket.limit) / bucket.limit)) * DAY
				else
					micros = math.ceil((needed - bucket.level) * WINDOWS[i] / bucket.limit)
				end
			end
			if micros > wait then
				wait, binding = micros, i
			end
		end
	end
	local share_wait = last and key_wait(key, last) or 0
	if share_wait < 0 then
		return CONCURRENCY, -1
	end
	wait = math.max(wait, share_wait)
	if in_cooldown() and cooldown_until - now > wait then
		return 0, cooldown_until - now
	end
	return binding, wait
end

local function touch_ticket(id)
	redis.call('ZADD', TICKET_EXPIRY, fmt(now + waiter_micros), id)
	wrote(TICKET_EXPIRY, TICKETS, QUEUE)
end

-- Queues a ticket of a lane and key: after the tickets of higher lanes, its key's turn in
-- its lane (see LANE), first come first served within its key.
local function enqueue(id, cost, lane, key)
	local seq = redis.call('HINCRBY', BUDGET, 'seq', 1)
	local line = lane .. '|' .. (key or '')
	local last = tonumber(redis.call('HGET', TURNS, line))
	local round = math.max(tonumber(redis.call('HGET', BUDGET, 'round:' .. lane)) or 0, last or 0) + 1
	round = math.min(round, LANE / ROUND - 1)
	-- at most MAX_KEYS keys have a turn of their own; the others' tickets take the next round
	if last or not key or redis.call('HLEN', TURNS) < MAX_KEYS then
		redis.call('HSET', TURNS, line, fmt(round))
	end
	redis.call('ZADD', QUEUE, fmt(lane * LANE + round * ROUND + seq % ROUND), id)
	redis.call('HSET', TICKETS, id, 'Q|' .. encode(cost) .. (key and ('|' .. key) or ''))
	wrote(TURNS)
	queue_empty = false
	touch_ticket(id)
end

local function forget_ticket(id)
	redis.call('HDEL', TICKETS, id)
	redis.call('ZREM', TICKET_EXPIRY, id)
end

-- Hands a granted ticket's lease to its waiter, remembering it for a waiter timeout so that
-- a poll or cancel sent again (its reply lost) is answered with the same lease.
local function deliver(id, lease_id)
	redis.call('HSET', TICKETS, id, 'D|' .. lease_id)
	touch_ticket(id)
	return lease_id
end

-- A meter's field, 'limit|level|at|source|born|penalty', reusing the text read of the limit
-- and of 'source|born|penalty' when they did not change (formatting numbers is most of a
-- script's own time).
local function bucket_text(bucket)
	local limit = (bucket.limit == bucket.read_limit) and bucket.limit_text or fmt(bucket.limit)
	local tail = bucket.tail
	local external = ''
	if bucket.rate and (bucket.rate > 0 or bucket.burst > 0 or bucket.charged > 0) then
		external = fmt(bucket.rate) .. ';' .. fmt(bucket.burst) .. ';' .. fmt(bucket.till) .. ';' .. fmt(bucket.charged)
	end
	if tail == nil or bucket.source ~= bucket.read_source or bucket.born ~= bucket.read_born
			or bucket.penalty ~= bucket.read_penalty or external ~= bucket.read_external then
		tail = bucket.source .. '|' .. fmt(bucket.born) .. '|' .. fmt(bucket.penalty)
		if external ~= '' then
			tail = tail .. '|' .. external
		end
	end
	return limit .. '|' .. fmt(bucket.level) .. '|' .. fmt(bucket.at) .. '|' .. tail
end

-- Appends a field of HASH_FIELDS and its value to a list of changes when the value differs
-- from what the budget hash held.
local function changed_field(changes, index, text)
	if stored[index] ~= text then
		changes[#changes + 1] = HASH_FIELDS[index]
		changes[#changes + 1] = text
	end
end

-- Saves the changed fields of the budget hash, renews the time to live of the keys written,
-- tells other instances when budget freed and a waiter may care (one is queued, or one was
-- just answered), and builds the reply: status, id, meter, number, changed, expired leases,
-- limit changes, then the operation's extra values.
local function finish(status, id, meter, number, extra)
	local changes = {}
	local longest = 0
	for i = 1, N do
		local bucket = meters[i]
		if bucket then
			changed_field(changes, i, bucket_text(bucket))
			longest = math.max(longest, WINDOWS[i])
		end
	end
	changed_field(changes, N + 1, fmt(cooldown_until))
	changed_field(changes, N + 2, fmt(epoch))
	if #changes > 0 then
		redis.call('HSET', BUDGET, unpack(changes))
		wrote(BUDGET)
	end
	local ttl = math.ceil((longest + lease_micros + waiter_micros) / 1000000) + 60
	for key in pairs(written) do
		redis.call('EXPIRE', key, ttl)
	end
	if changed and (#served > 0 or queue_empty ~= true) then
		local message = ARGV[6]
		if #served > 0 then
			message = message .. '\n' .. table.concat(served, '\n')
		end
		redis.call('PUBLISH', ARGV[5], message)
	end
	local reply = { status, id or '', tostring(meter or 0), fmt(number or 0), changed and '1' or '0',
		tostring(#expired / 2) }
	for _, value in ipairs(expired) do
		reply[#reply + 1] = value
	end
	reply[#reply + 1] = tostring(#limit_changes / 3)
	for _, value in ipairs(limit_changes) do
		reply[#reply + 1] = value
	end
	for _, value in ipairs(extra or {}) do
		reply[#reply + 1] = value
	end
	return reply
end

-- Settles a lease: gives back its refund per meter (negative: an extra debit) to the meters
-- that held its cost. The settlement's id makes a repeat (Lettuce re-sends commands that
-- were in flight when a connection dropped; a failed batch is replayed) answer '1' again,
-- while another settlement of the same lease answers '0'. Settle runs one; acquire runs
-- the settlements that ride with it first.
local function settle_lease(id, refund_text, settlement_id)
	local settlement = id .. '|' .. settlement_id
	-- Settlements are remembered for at least a minute, past any retry; the ones older are
	-- trimmed by one settlement in 32 (by the clock's microseconds), not by every one.
	if now % 32 < 1 then
		redis.call('ZREMRANGEBYSCORE', SETTLED, '-inf', fmt(now))
	end
	if redis.call('ZREM', LEASES, id) == 0 then
		advance()
		if redis.call('ZSCORE', SETTLED, settlement) then
			return '1'
		end
		return '0'
	end
	local _, lease_epoch, _, key = parse_lease(redis.call('HGET', LEASE_COSTS, id))
	redis.call('HDEL', LEASE_COSTS, id)
	redis.call('ZADD', SETTLED, fmt(now + 60000000), settlement)
	wrote(SETTLED)
	refill()
	local refund = cost_of(refund_text)
	if key then
		key_refund(key, refund)
		changed = true
	end
	for i = 1, N do
		if held(i, lease_epoch) then
			if refund[i] > 0 then
				credit(i, refund[i])
				changed = true
			elseif refund[i] < 0 then
				meters[i].level = meters[i].level + refund[i]
			end
		end
	end
	advance()
	return '1'
end

-- Starts a call: takes its keys and arguments, resets the per-call state and loads the budget.
local function begin(keys, argv)
	if redis.replicate_commands then
		redis.replicate_commands()
	end
	floor, format = math.floor, string.format
	KEYS, ARGV = keys, argv
	BUDGET, QUEUE, TICKETS, TICKET_EXPIRY, LEASES, LEASE_COSTS = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
	SETTLED, EXTERNAL, HOLDINGS, TURNS = KEYS[7], KEYS[8], KEYS[9], KEYS[10]
	now = current_time()
	lease_micros, waiter_micros = tonumber(ARGV[3]), tonumber(ARGV[4])
	margin_micros, lag_micros = tonumber(ARGV[7]), tonumber(ARGV[8])
	meters, cooldown_until, epoch, changed, expired, limit_changes = {}, 0, 0, false, {}, {}
	stored, written, queue_empty, served = {}, {}, nil, {}
	low_reserve, key_share, day_starts = 0, 1, nil
	load()
end
