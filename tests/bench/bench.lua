-- tests/bench/bench.lua — the wrk script of every `make bench` scenario,
-- configured by the environment (tests/bench/run.sh sets it):
--
--   BENCH_METHOD    GET (default) or POST
--   BENCH_PATHS     file of request paths, one a line, used in turn
--   BENCH_SESSIONS  file of "member_id token csrf" lines (ctl bench-seed): each
--                   request goes as the next member in turn — cookie pt=token,
--                   and on POST the X-CSRF-Token header; none: anonymous
--   BENCH_ACCEPT    json (Accept: application/json, as the HTTP tests and any
--                   API client ask) or html (a browser's page, the default)
--   BENCH_BODY      the form body of a POST (default empty)
--
-- Thread t of T takes sessions t, t+T, t+2T, … so no two requests in flight
-- are the same member and a member comes back only after all the others.
-- done() prints one line, "BENCH_JSON {…}", with the totals and latencies.

local function lines(path)
	local out = {}
	if path == nil or path == "" then return out end
	local f = assert(io.open(path, "r"))
	for l in f:lines() do
		if l ~= "" then out[#out + 1] = l end
	end
	f:close()
	return out
end

local nthreads = 0

function setup(thread)
	nthreads = nthreads + 1
	thread:set("tid", nthreads)
end

local method, paths, sessions, headers, body, k, step, np

function init(args)
	method = os.getenv("BENCH_METHOD") or "GET"
	body = os.getenv("BENCH_BODY")
	if method ~= "POST" then body = nil end
	paths = lines(os.getenv("BENCH_PATHS"))
	if #paths == 0 then paths = { "/" } end
	np = #paths
	sessions = {}
	for _, l in ipairs(lines(os.getenv("BENCH_SESSIONS"))) do
		local id, token, csrf = l:match("^(%d+) (%S+) (%S+)$")
		if id then sessions[#sessions + 1] = { "pt=" .. token, csrf } end
	end
	headers = {}
	if os.getenv("BENCH_ACCEPT") == "json" then
		headers["Accept"] = "application/json"
	else
		headers["Accept"] = "text/html"
	end
	if method == "POST" then
		headers["Content-Type"] = "application/x-www-form-urlencoded"
	end
	step = tonumber(os.getenv("BENCH_THREADS") or "1")
	k = (tid or 1) - 1
end

function request()
	local path = paths[(k % np) + 1]
	if #sessions > 0 then
		local s = sessions[(k % #sessions) + 1]
		headers["Cookie"] = s[1]
		if method == "POST" then headers["X-CSRF-Token"] = s[2] end
	end
	k = k + step
	return wrk.format(method, path, headers, body or "")
end

function done(summary, latency, requests)
	local e = summary.errors
	io.write(string.format('BENCH_JSON {"requests":%d,"duration_us":%d,' ..
		'"rps":%.1f,"p50_ms":%.2f,"p90_ms":%.2f,"p99_ms":%.2f,"max_ms":%.2f,' ..
		'"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}}\n',
		summary.requests, summary.duration,
		summary.requests / (summary.duration / 1e6),
		latency:percentile(50) / 1e3, latency:percentile(90) / 1e3,
		latency:percentile(99) / 1e3, latency.max / 1e3,
		e.connect, e.read, e.write, e.status, e.timeout))
end
