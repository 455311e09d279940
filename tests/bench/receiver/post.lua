-- wrk script of the receiver benchmark (run.sh): POSTs a realistic JSON webhook, counts
-- 2xx / non-2xx answers and prints one machine-readable RESULT line in done().
--
--   wrk -tT -cC -d<D+grace>s -s post.lua http://127.0.0.1:PORT/webhooks/stripe -- D C/T
--
-- The measurement window is D seconds from each thread's first answer (not its first request:
-- wrk calls request() once before the run to check the request). After it a connection
-- sends no new request (request() returns an empty string, which wrk writes as nothing, and
-- the connection stays idle); once all C/T connections of a thread are idle, no answer is in
-- flight and the thread stops. So when wrk exits every request sent has been answered and the
-- 2xx count can be compared exactly with the rows the server stored; wrk's -d only has to
-- leave the drain some grace. Requests/s counts the answers received inside the window only.

local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } hookscope_bench_timespec;
int clock_gettime(int clock_id, hookscope_bench_timespec *tp);
]]
local CLOCK_MONOTONIC = 1
local ts = ffi.new("hookscope_bench_timespec")
local function now()
   ffi.C.clock_gettime(CLOCK_MONOTONIC, ts)
   return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) * 1e-9
end

-- A Stripe-style event, ~400 bytes: what a webhook receiver typically gets.
local body = table.concat({
   '{"id":"evt_3OqGZ82eZvKYlo2C0a8d1f9b","object":"event","api_version":"2023-10-16",',
   '"created":1709735142,"type":"payment_intent.succeeded","livemode":false,',
   '"pending_webhooks":1,"data":{"object":{',
   '"id":"pi_3OqGZ82eZvKYlo2C1x7Qe4Rt","object":"payment_intent","amount":4999,',
   '"amount_received":4999,"currency":"eur","customer":"cus_PfW8sJ2kD9xQ1m",',
   '"status":"succeeded","metadata":{"order_id":"A-10427"}}}}',
})

wrk.method = "POST"
wrk.body = body
wrk.headers["Content-Type"] = "application/json"
wrk.headers["User-Agent"] = "Stripe/1.0 (+https://stripe.com/docs/webhooks)"
wrk.headers["Stripe-Signature"] =
   "t=1709735142,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd"

local req = wrk.format()

-- Per-thread state (read by done() through thread:get()).
window = 10 -- seconds (script argument 1)
connections = 1 -- connections of this thread (script argument 2)
idle = 0 -- connections that got their last answer after the window
started = nil -- monotonic time of the first answer
deadline = math.huge
answered = 0 -- answers received (any status)
in_window = 0 -- answers received before the deadline
ok = 0 -- 2xx answers
non2xx = 0 -- any other status
drained = false

function stop_drained()
   if not drained then
      drained = true
      wrk.thread:stop()
   end
end

function init(args)
   window = tonumber(args[1]) or window
   connections = tonumber(args[2]) or connections
end

function request()
   if now() >= deadline then
      -- Window over: send nothing more on this connection (wrk writes zero bytes and
      -- leaves it idle). wrk asks again only after the answer to the previous request, so
      -- each connection gets here once; when all have, nothing is in flight any more.
      idle = idle + 1
      if idle == connections then stop_drained() end
      return ""
   end
   return req
end

function response(status, headers, resp_body)
   answered = answered + 1
   if status >= 200 and status < 300 then
      ok = ok + 1
   else
      non2xx = non2xx + 1
   end
   local t = now()
   if not started then
      started = t
      deadline = t + window
   end
   if t < deadline then in_window = in_window + 1 end
end

local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

function done(summary, latency, requests)
   local rps, tot = 0, { answered = 0, ok = 0, non2xx = 0, drained = 0 }
   for _, thread in ipairs(threads) do
      local w, e = thread:get("in_window"), thread:get("window")
      if w > 0 then rps = rps + w / e end
      for k in pairs(tot) do
         local v = thread:get(k)
         if type(v) == "boolean" then v = v and 1 or 0 end
         tot[k] = tot[k] + v
      end
   end
   local err = summary.errors
   io.write(string.format(
      "RESULT rps=%.1f p50_us=%d p99_us=%d max_us=%d answered=%d ok=%d non2xx=%d " ..
      "drained=%d threads=%d connect_err=%d read_err=%d write_err=%d timeout=%d\n",
      rps, latency:percentile(50), latency:percentile(99), latency.max, tot.answered, tot.ok,
      tot.non2xx, tot.drained, #threads, err.connect, err.read, err.write, err.timeout))
end
