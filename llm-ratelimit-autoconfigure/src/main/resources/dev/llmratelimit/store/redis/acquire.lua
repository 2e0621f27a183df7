-- ARGV[9] cost, ARGV[10] longest acceptable wait in microseconds, ARGV[11] request id: the
-- lease is 'L' .. request id and the ticket 'T' .. request id, so that a client that never
-- got the reply can release them, and a request sent again (Lettuce re-sends commands that
-- were in flight when a connection dropped) is answered without being admitted twice.
-- ARGV[12] priority (0 high, 1 normal, 2 low), ARGV[13] key (tenant), or '' for none.
local cost = cost_of(ARGV[9])
local max_wait = tonumber(ARGV[10])
local lease_id, ticket_id = 'L' .. ARGV[11], 'T' .. ARGV[11]
local lane = tonumber(ARGV[12]) or NORMAL_LANE
local key = (ARGV[13] ~= nil and ARGV[13] ~= '') and ARGV[13] or nil
advance()
if redis.call('ZSCORE', LEASES, lease_id) then
	return finish('G', lease_id)
end
if redis.call('HEXISTS', TICKETS, ticket_id) == 1 then
	local binding, wait = estimate(ticket_id, nil)
	return finish('Q', ticket_id, binding, wait)
end
local meter, limit = too_large(cost)
if meter then
	return finish('X', nil, meter, limit)
end
if (queue_empty or none_waiting_at_or_above(lane)) and not in_cooldown() and can_pay(cost, reserve_of(lane))
		and key_can_pay(key, cost) then
	return finish('G', debit(cost, lease_id, key))
end
local binding, wait = estimate(nil, cost, lane, key)
local too_long
if wait < 0 then
	too_long = max_wait <= 0
else
	too_long = wait > max_wait
end
if too_long then
	return finish('R', nil, binding, wait)
end
enqueue(ticket_id, cost, lane, key)
-- keys take turns: one whose share is free may go past others waiting for theirs
serve_queue()
local entry = redis.call('HGET', TICKETS, ticket_id)
if string.sub(entry, 1, 2) == 'G|' then
	return finish('G', deliver(ticket_id, string.sub(entry, 3)))
end
return finish('Q', ticket_id, binding, wait)
