// A webhook receiver that checks every request with the official `standardwebhooks` npm
// package (the Standard Webhooks reference library) and records the verdicts.
//   node verify_server.mjs SECRET  -> prints "listening PORT"; GET /log returns the verdicts.
import http from 'node:http';
import { Webhook } from 'standardwebhooks';

const secret = process.argv[2];
const verifier = new Webhook(secret);
const log = [];

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    if (req.method === 'GET' && req.url === '/log') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(log));
      return;
    }
    const body = Buffer.concat(chunks).toString('utf8');
    try {
      const payload = verifier.verify(body, req.headers);
      log.push({ verified: true, id: req.headers['webhook-id'], type: payload.type });
      res.writeHead(204);
      res.end();
    } catch (error) {
      log.push({ verified: false, id: req.headers['webhook-id'], error: String(error) });
      res.writeHead(401);
      res.end(String(error));
    }
  });
});
server.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`));
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
