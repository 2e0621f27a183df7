-- Shared by every budget script. The Java side prepends METERS, WINDOWS (microseconds, 0
-- for the concurrency counter) in Meter ordinal order, CONCURRENCY (its index), and
-- HASH_FIELDS: the WIDTH fields of each meter in the budget hash ('<meter>:' followed by
-- limit, level, at, source, born and penalty), then 'cooldown-until' and 'epoch'; literals,
-- so that no script builds them again.
-- KEYS: 1 budget hash, 2 queue zset (ticket -> sequence), 3 tickets hash (ticket -> 'Q|cost'
-- queued, 'G|lease' granted, 'D|lease' granted and handed to its waiter, 'X|meter|limit' too
-- large), 4 ticket expiry zset,
-- 5 leases zset (lease -> expiry), 6 lease records hash (lease -> 'admitted at;epoch;cost'),
-- 7 recent settlements zset ('lease|request' -> expiry), 8 recent admissions zset
-- ('lease|cost' -> admitted at), kept for the observation lag.
-- ARGV: 1 now in microseconds or '' for server TIME, 2 configured limits, 3 lease timeout,
-- 4 waiter timeout, 5 channel, 6 message, 7 admission margin, 8 observation lag (times in
-- microseconds); operation arguments follow.
-- A meter is born in an epoch of its budget (the count of meters learned from headers),
-- and a lease remembers the epoch of its admission: a meter born later never held the
-- lease's cost, so settling the lease neither credits nor debits it.
if redis.replicate_commands then
	redis.replicate_commands()
end

local BUDGET, QUEUE, TICKETS, TICKET_EXPIRY, LEASES, LEASE_COSTS = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local SETTLED, RECENT = KEYS[7], KEYS[8]
local N = #METERS
local EPSILON = 1e-6

local function fmt(x)
	if x == math.floor(x) and math.abs(x) < 1e15 then
		return string.format('%d', x)
	end
	return string.format('%.17g', x)
end

local function split(text)
	local values = {}
	for part in string.gmatch(text or '', '[^,]+') do
		values[#values + 1] = tonumber(part) or false
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

local now = current_time()
local lease_micros = tonumber(ARGV[3])
local waiter_micros = tonumber(ARGV[4])
local margin_micros = tonumber(ARGV[7])
local lag_micros = tonumber(ARGV[8])
local meters = {}
local cooldown_until = 0
local epoch = 0
local changed = false
local expired = {}
local limit_changes = {}
-- What the budget hash held when loaded, so that only changed fields are written back.
local stored = {}
-- Keys this script wrote to: finish() renews their time to live.
local written = {}
-- Whether serve_queue handed a ticket its answer, and whether it left the queue empty
-- (nil: the queue was not looked at), so that other instances are told only when a waiter
-- may care.
local served = false
local queue_empty = nil

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

local function load()
	local values = redis.call('HMGET', BUDGET, unpack(HASH_FIELDS))
	stored = values
	cooldown_until = tonumber(values[WIDTH * N + 1]) or 0
	epoch = tonumber(values[WIDTH * N + 2]) or 0
	local configured = split(ARGV[2])
	for i = 1, N do
		local base = (i - 1) * WIDTH
		local limit = tonumber(values[base + 1])
		local wanted = configured[i] or 0
		if limit then
			local bucket = { limit = limit, level = tonumber(values[base + 2]), at = tonumber(values[base + 3]),
				source = values[base + 4], born = tonumber(values[base + 5]) or 0,
				penalty = tonumber(values[base + 6]) or 0 }
			if bucket.source == 'config' and wanted > 0 and wanted ~= limit then
				set_limit(bucket, i, wanted, 'config')
			end
			meters[i] = bucket
		elseif wanted > 0 then
			meters[i] = { limit = wanted, level = wanted, at = now, source = 'config', born = epoch, penalty = 0 }
		end
	end
end

-- A meter learned from the provider's headers, full, born in a new epoch.
local function learn_meter(i, limit)
	epoch = epoch + 1
	local bucket = { limit = limit, level = limit, at = now, source = 'headers', born = epoch, penalty = 0 }
	meters[i] = bucket
	return bucket
end

-- The record of a lease: when it was admitted, in which epoch, and its cost.
local function lease_record(cost)
	return fmt(now) .. ';' .. fmt(epoch) .. ';' .. encode(cost)
end

local function parse_lease(record)
	local at, born, cost = string.match(record or '', '^([^;]*);([^;]*);(.*)$')
	return tonumber(at), tonumber(born) or 0, cost or ''
end

-- Whether a meter held the cost of a lease admitted in lease_epoch.
local function held(i, lease_epoch)
	local bucket = meters[i]
	return bucket ~= nil and bucket.born <= lease_epoch
end

local function refill()
	for i = 1, N do
		local bucket = meters[i]
		if bucket then
			local elapsed = now - bucket.at
			if elapsed > 0 and WINDOWS[i] > 0 and bucket.level < bucket.limit then
				bucket.level = math.min(bucket.limit, bucket.level + elapsed * bucket.limit / WINDOWS[i])
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
	if margin_micros <= 0 or WINDOWS[i] <= 0 then
		return 0
	end
	return math.max(0, math.min(bucket.limit * margin_micros / WINDOWS[i], bucket.limit - amount))
end

local function can_pay(cost)
	for i = 1, N do
		local bucket = meters[i]
		if bucket and bucket.level + EPSILON < cost[i] + margin(i, cost[i]) then
			return false
		end
	end
	return true
end

local function next_id(kind)
	wrote(BUDGET)
	local seq = redis.call('HINCRBY', BUDGET, 'seq', 1)
	return kind .. seq .. '.' .. fmt(now), seq
end

local function debit(cost, lease_id)
	for i = 1, N do
		local bucket = meters[i]
		if bucket then
			bucket.level = bucket.level - cost[i]
		end
	end
	local id = lease_id or next_id('L')
	redis.call('ZADD', LEASES, fmt(now + lease_micros), id)
	redis.call('HSET', LEASE_COSTS, id, lease_record(cost))
	wrote(LEASES, LEASE_COSTS)
	if lag_micros > 0 then
		redis.call('ZREMRANGEBYSCORE', RECENT, '-inf', fmt(now - lag_micros))
		redis.call('ZADD', RECENT, fmt(now), id .. '|' .. encode(cost))
		wrote(RECENT)
	end
	return id
end

local function expire_leases()
	local ids = redis.call('ZRANGEBYSCORE', LEASES, '-inf', fmt(now))
	for _, id in ipairs(ids) do
		local _, lease_epoch, encoded = parse_lease(redis.call('HGET', LEASE_COSTS, id))
		if held(CONCURRENCY, lease_epoch) then
			credit(CONCURRENCY, cost_of(encoded)[CONCURRENCY])
		end
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
	local _, lease_epoch, encoded = parse_lease(redis.call('HGET', LEASE_COSTS, id))
	redis.call('HDEL', LEASE_COSTS, id)
	local cost = cost_of(encoded)
	for i = 1, N do
		if held(i, lease_epoch) then
			credit(i, cost[i])
		end
	end
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

local function serve_queue()
	while true do
		local head = redis.call('ZRANGE', QUEUE, 0, 0)[1]
		if not head then
			queue_empty = true
			return
		end
		queue_empty = false
		local cost = cost_of(string.sub(redis.call('HGET', TICKETS, head) or 'Q|', 3))
		local meter, limit = too_large(cost)
		if meter then
			redis.call('HSET', TICKETS, head, 'X|' .. meter .. '|' .. fmt(limit))
		else
			if in_cooldown() or not can_pay(cost) then
				return
			end
			redis.call('HSET', TICKETS, head, 'G|' .. debit(cost))
		end
		redis.call('ZREM', QUEUE, head)
		wrote(TICKETS)
		changed = true
		served = true
	end
end

local function advance()
	refill()
	expire_leases()
	expire_tickets()
	serve_queue()
end

local function queued_costs(ids)
	local costs = {}
	local chunk = 1000
	for first = 1, #ids, chunk do
		local last = math.min(#ids, first + chunk - 1)
		local values = redis.call('HMGET', TICKETS, unpack(ids, first, last))
		for k = 1, #values do
			costs[first + k - 1] = cost_of(string.sub(values[k] or 'Q|', 3))
		end
	end
	return costs
end

-- Estimated wait of target in the queue, or of extra appended after the whole queue.
local function estimate(target, extra)
	local ahead = {}
	for i = 1, N do
		ahead[i] = 0
	end
	local ids = redis.call('ZRANGE', QUEUE, 0, -1)
	local costs = queued_costs(ids)
	local last = extra
	for k = 1, #ids do
		for i = 1, N do
			ahead[i] = ahead[i] + costs[k][i]
		end
		if ids[k] == target then
			last = costs[k]
			break
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
			local needed = ahead[i] + margin(i, last and last[i] or 0)
			if bucket.level + EPSILON < needed then
				if WINDOWS[i] <= 0 then
					return i, -1
				end
				micros = math.ceil((needed - bucket.level) * WINDOWS[i] / bucket.limit)
			end
			if micros > wait then
				wait, binding = micros, i
			end
		end
	end
	if in_cooldown() and cooldown_until - now > wait then
		return 0, cooldown_until - now
	end
	return binding, wait
end

local function touch_ticket(id)
	redis.call('ZADD', TICKET_EXPIRY, fmt(now + waiter_micros), id)
	wrote(TICKET_EXPIRY, TICKETS, QUEUE)
end

local function enqueue(id, cost)
	local seq = redis.call('HINCRBY', BUDGET, 'seq', 1)
	redis.call('ZADD', QUEUE, seq, id)
	redis.call('HSET', TICKETS, id, 'Q|' .. encode(cost))
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

-- Appends field and value to a list of changes when the value differs from what the
-- budget hash held (index: position in HASH_FIELDS).
local function changed_field(changes, index, value)
	local text = (type(value) == 'number') and fmt(value) or value
	if stored[index] ~= text then
		changes[#changes + 1] = HASH_FIELDS[index]
		changes[#changes + 1] = text
	end
end

-- Saves the changed fields of the meters, renews the time to live of the keys written,
-- tells other instances when budget freed and a waiter may care (one is queued, or one was
-- just answered), and builds the reply: status, id, meter, number, changed, expired leases,
-- limit changes, then the operation's extra values.
local function finish(status, id, meter, number, extra)
	local changes = {}
	local longest = 0
	for i = 1, N do
		local bucket = meters[i]
		if bucket then
			local base = (i - 1) * WIDTH
			changed_field(changes, base + 1, bucket.limit)
			changed_field(changes, base + 2, bucket.level)
			changed_field(changes, base + 3, bucket.at)
			changed_field(changes, base + 4, bucket.source)
			changed_field(changes, base + 5, bucket.born)
			changed_field(changes, base + 6, bucket.penalty)
			longest = math.max(longest, WINDOWS[i])
		end
	end
	changed_field(changes, WIDTH * N + 1, cooldown_until)
	changed_field(changes, WIDTH * N + 2, epoch)
	if #changes > 0 then
		redis.call('HSET', BUDGET, unpack(changes))
		wrote(BUDGET)
	end
	local ttl = math.ceil((longest + lease_micros + waiter_micros) / 1000000) + 60
	for key in pairs(written) do
		redis.call('EXPIRE', key, ttl)
	end
	if changed and (served or queue_empty ~= true) then
		redis.call('PUBLISH', ARGV[5], ARGV[6])
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

load()
