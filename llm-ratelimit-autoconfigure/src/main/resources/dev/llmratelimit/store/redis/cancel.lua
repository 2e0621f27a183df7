-- ARGV[9] ticket id. Replies 'G' with the lease when the ticket had been granted.
local id = ARGV[9]
local entry = redis.call('HGET', TICKETS, id)
if not entry then
	advance()
	return finish('N')
end
forget_ticket(id)
local kind = string.sub(entry, 1, 1)
if kind == 'G' then
	advance()
	return finish('G', string.sub(entry, 3))
end
redis.call('ZREM', QUEUE, id)
advance()
return finish('N')
