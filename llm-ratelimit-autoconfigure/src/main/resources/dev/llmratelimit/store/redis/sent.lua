-- ARGV[9] the lease of a call whose request is leaving for the provider now. Its record keeps
-- the instant ('admitted at>sent at;...', the latest when sent again), and the budget
-- remembers that its requests are reported sent: from then on a call not reported sent has
-- not left, and no figure can include it (see observe.lua).
local record = redis.call('HGET', LEASE_COSTS, ARGV[9])
if record then
	local answered, admitted, rest = string.match(record, '^(%*?)([^;>]*)>?[^;]*(;.*)$')
	redis.call('HSET', LEASE_COSTS, ARGV[9], answered .. admitted .. '>' .. fmt(now) .. rest)
	redis.call('HSETNX', BUDGET, 'reports-sending', '1')
end
return finish('S')
