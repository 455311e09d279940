-- wrk script of the delivery benchmark's reference: the same kind of signed JSON POST
-- Hookscope sends (~700 bytes: a Standard Webhooks envelope and headers), to the same sink.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["User-Agent"] = "Hookscope/0.1.0"
wrk.headers["webhook-id"] = "evt_4f1c2a9e0b7d3c5a6e8f1b2d"
wrk.headers["webhook-timestamp"] = "1772359200"
wrk.headers["webhook-signature"] = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
wrk.body = '{"type":"user.created","timestamp":"2026-03-01T10:00:00.000Z","data":{"user":' ..
   '{"id":"usr_8f3k2j1m","email":"ann.lee@example.com","firstName":"Ann","lastName":"Lee",' ..
   '"locale":"en_US","timezone":"Europe/Lisbon","tags":[{"name":"vip"},{"name":"beta"}],' ..
   '"optIns":{"whatsapp":true,"instagram":false},"exportConsent":{"given":true,' ..
   '"at":"2026-03-01T10:00:00Z"},"createdAt":"2026-03-01T10:00:00Z"}}}'
