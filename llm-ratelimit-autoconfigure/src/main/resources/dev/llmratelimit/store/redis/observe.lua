-- ARGV[7] limits, ARGV[8] remaining (per meter, 'n' when not reported), ARGV[9] '1' when
-- rate limited, ARGV[10] cooldown in microseconds, ARGV[11] throttled meter (0 for none).
local limits = split(ARGV[7])
local remaining = split(ARGV[8])
refill()
for i = 1, N do
	local bucket = meters[i]
	local limit = limits[i]
	if limit and limit > 0 then
		if not bucket then
			bucket = { limit = limit, level = limit, at = now, source = 'headers' }
			meters[i] = bucket
			limit_changes[#limit_changes + 1] = tostring(i)
			limit_changes[#limit_changes + 1] = '0'
			limit_changes[#limit_changes + 1] = fmt(limit)
		elseif bucket.limit ~= limit then
			limit_changes[#limit_changes + 1] = tostring(i)
			limit_changes[#limit_changes + 1] = fmt(bucket.limit)
			limit_changes[#limit_changes + 1] = fmt(limit)
			if limit > bucket.limit then
				changed = true
			end
			set_limit(bucket, i, limit, 'headers')
		else
			bucket.source = 'headers'
		end
	end
	local left = remaining[i]
	if bucket and left and left >= 0 then
		bucket.level = math.min(bucket.level, left)
	end
end
if #limit_changes > 0 then
	changed = true
end
if ARGV[9] == '1' then
	cooldown_until = math.max(cooldown_until, now + math.max(0, tonumber(ARGV[10])))
	local throttled = tonumber(ARGV[11])
	if throttled > 0 and meters[throttled] then
		meters[throttled].level = math.min(meters[throttled].level, 0)
	end
end
advance()
return finish('O')
