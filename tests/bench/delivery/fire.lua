-- wrk script of the delivery benchmark (run.sh): queues events through the management API.
-- The token and the target subscription come from the environment (HOOKSCOPE_TOKEN, SUB_ID).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("HOOKSCOPE_TOKEN")
wrk.body = '{"type":"user.created","webhookIds":[' .. os.getenv("SUB_ID") .. '],"data":{"user":' ..
   '{"id":"usr_8f3k2j1m","email":"ann.lee@example.com","firstName":"Ann","lastName":"Lee",' ..
   '"locale":"en_US","timezone":"Europe/Lisbon","tags":[{"name":"vip"},{"name":"beta"}],' ..
   '"optIns":{"whatsapp":true,"instagram":false},"exportConsent":{"given":true,' ..
   '"at":"2026-03-01T10:00:00Z"},"createdAt":"2026-03-01T10:00:00Z"}}}'
