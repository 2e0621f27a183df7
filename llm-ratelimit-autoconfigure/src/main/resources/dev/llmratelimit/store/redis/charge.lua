-- ARGV[9] amount per meter. Charges what this instance admitted on its own while Redis could
-- not be reached (negative: gives back what those calls did not use), so that the shared
-- budget knows of that spending before it admits anything new.
local amount = cost_of(ARGV[9])
refill()
for i = 1, N do
	local bucket = meters[i]
	if bucket and i ~= CONCURRENCY then
		if amount[i] > 0 then
			bucket.level = bucket.level - amount[i]
		elseif amount[i] < 0 then
			credit(i, -amount[i])
			changed = true
		end
	end
end
advance()
return finish('C')
