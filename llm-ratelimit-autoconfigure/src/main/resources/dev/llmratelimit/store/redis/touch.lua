-- ARGV[9] ids of tickets whose waiters are alive, comma-separated: each keeps its place for
-- another waiter timeout. Tickets Redis no longer knows are left alone.
local expiry = fmt(now + waiter_micros)
local batch = {}
local function flush()
	if #batch > 0 then
		redis.call('ZADD', TICKET_EXPIRY, 'XX', unpack(batch))
		wrote(TICKET_EXPIRY, TICKETS, QUEUE)
		batch = {}
	end
end
for id in string.gmatch(ARGV[9], '[^,]+') do
	batch[#batch + 1] = expiry
	batch[#batch + 1] = id
	if #batch >= 2000 then
		flush()
	end
end
flush()
return finish('T')
