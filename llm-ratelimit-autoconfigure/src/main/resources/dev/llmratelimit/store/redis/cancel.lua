-- ARGV[9] ticket id. Replies 'G' with the lease when the ticket had been granted (its caller
-- owns the lease then), again if the cancel is sent twice; otherwise the ticket leaves the
-- queue.
local id = ARGV[9]
local entry = redis.call('HGET', TICKETS, id)
if not entry then
	advance()
	return finish('N')
end
local kind = string.sub(entry, 1, 1)
if kind == 'G' or kind == 'D' then
	advance()
	return finish('G', deliver(id, string.sub(entry, 3)))
end
forget_ticket(id)
redis.call('ZREM', QUEUE, id)
advance()
return finish('N')
