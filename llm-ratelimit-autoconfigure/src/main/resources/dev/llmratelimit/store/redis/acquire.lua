-- ARGV[9] cost, ARGV[10] longest acceptable wait in microseconds, ARGV[11] request id: the
-- lease is 'L' .. request id and the ticket 'T' .. request id, so that a client that never
-- got the reply can release them, and a request sent again (Lettuce re-sends commands that
-- were in flight when a connection dropped) is answered without being admitted twice.
-- ARGV[12] priority (0 high, 1 normal, 2 low), ARGV[13] key (tenant), or '' for none.
-- ARGV[14] on: settlements that ride with this acquisition, three arguments each (lease id,
-- refund, settlement id, as settle takes them), run first and in order; their answers
-- ('1' or '0', as settle's) follow the reply's other values.
local cost = cost_of(ARGV[9])
local max_wait = tonumber(ARGV[10])
local lease_id, ticket_id = 'L' .. ARGV[11], 'T' .. ARGV[11]
local lane = tonumber(ARGV[12]) or NORMAL_LANE
local key = (ARGV[13] ~= nil and ARGV[13] ~= '') and ARGV[13] or nil
local settled = {}
for i = 14, #ARGV - 2, 3 do
	settled[#settled + 1] = settle_lease(ARGV[i], ARGV[i + 1], ARGV[i + 2])
end
advance()
if redis.call('ZSCORE', LEASES, lease_id) then
	return finish('G', lease_id, nil, nil, settled)
end
if redis.call('HEXISTS', TICKETS, ticket_id) == 1 then
	local binding, wait = estimate(ticket_id, nil)
	return finish('Q', ticket_id, binding, wait, settled)
end
local meter, limit = too_large(cost)
if meter then
	return finish('X', nil, meter, limit, settled)
end
if (queue_empty or none_waiting_at_or_above(lane)) and not in_cooldown() and can_pay(cost, reserve_of(lane))
		and key_can_pay(key, cost) then
	return finish('G', debit(cost, lease_id, key), nil, nil, settled)
end
local binding, wait = estimate(nil, cost, lane, key)
local too_long
if wait < 0 then
	too_long = max_wait <= 0
else
	too_long = wait > max_wait
end
if too_long then
	return finish('R', nil, binding, wait, settled)
end
enqueue(ticket_id, cost, lane, key)
-- keys take turns: one whose share is free may go past others waiting for theirs
serve_queue()
local entry = redis.call('HGET', TICKETS, ticket_id)
if string.sub(entry, 1, 2) == 'G|' then
	return finish('G', deliver(ticket_id, string.sub(entry, 3)), nil, nil, settled)
end
return finish('Q', ticket_id, binding, wait, settled)
