-- ARGV[9] ticket id, ARGV[10] ticket cost. A ticket Redis no longer knows (its waiter was
-- presumed dead, or Redis lost its data) joins the queue again. A granted ticket answers
-- with the same lease however often it is polled, until it expires. ARGV[11] priority and
-- ARGV[12] key of the ticket, for it to join again. A queued ticket's reply ends with when to
-- look again (microseconds, or -1).
local id = ARGV[9]

-- When the waiter should look again though nothing wakes it: a wait of unknown length (calls
-- in flight must finish first) ends at the latest when the first lease held expires, which no
-- script announces. -1: only a wake-up or the estimated wait changes the answer.
local function recheck(wait)
	if wait >= 0 then
		return '-1'
	end
	local first = redis.call('ZRANGE', LEASES, 0, 0, 'WITHSCORES')
	if #first == 0 then
		return '-1'
	end
	return fmt(math.max(0, tonumber(first[2]) - now))
end

advance()
local entry = redis.call('HGET', TICKETS, id)
if not entry then
	local cost = cost_of(ARGV[10])
	local lane = tonumber(ARGV[11]) or NORMAL_LANE
	local key = (ARGV[12] ~= nil and ARGV[12] ~= '') and ARGV[12] or nil
	local meter, limit = too_large(cost)
	if meter then
		return finish('X', nil, meter, limit)
	end
	if none_waiting_at_or_above(lane) and not in_cooldown() and can_pay(cost, reserve_of(lane))
			and key_can_pay(key, cost) then
		return finish('G', debit(cost, nil, key))
	end
	enqueue(id, cost, lane, key)
	local binding, wait = estimate(id, nil)
	return finish('Q', id, binding, wait, { recheck(wait) })
end
local kind = string.sub(entry, 1, 1)
if kind == 'G' or kind == 'D' then
	return finish('G', deliver(id, string.sub(entry, 3)))
end
if kind == 'X' then
	forget_ticket(id)
	local meter, limit = string.match(entry, '^X|(%d+)|(.+)$')
	return finish('X', nil, tonumber(meter), tonumber(limit))
end
touch_ticket(id)
local binding, wait = estimate(id, nil)
return finish('Q', id, binding, wait, { recheck(wait) })
