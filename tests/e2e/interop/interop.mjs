// Interop: the providers' own npm libraries against the real hookscope binary, both ways.
// Their signatures must verify with `hookscope verify`, and what `hookscope sign` prints must
// verify in them. Wrong secrets and tampered bodies must fail on both sides.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { Webhook as SvixWebhook } from "svix";
import Stripe from "stripe";
import { sign as octokitSign, verify as octokitVerify } from "@octokit/webhooks-methods";

const binary = process.argv[2];
if (!binary) {
    console.error("usage: node interop.mjs /path/to/hookscope");
    process.exit(2);
}
const work = mkdtempSync(join(tmpdir(), "hookscope-interop-"));
let failures = 0;
let count = 0;

function check(name, condition, detail = "") {
    count++;
    if (condition) {
        console.log(`ok ${count} - ${name}`);
    } else {
        failures++;
        console.log(`not ok ${count} - ${name} ${detail}`);
    }
}

// Exact bytes in a file: the body is never re-encoded on the way to hookscope.
function bodyFile(body) {
    const file = join(work, `body-${count}.json`);
    writeFileSync(file, body);
    return file;
}

function hookscope(args) {
    try {
        const stdout = execFileSync(binary, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
        return { code: 0, stdout };
    } catch (error) {
        return { code: error.status, stdout: String(error.stdout), stderr: String(error.stderr) };
    }
}

function verify(scheme, secret, headers, body) {
    const args = ["verify", "--scheme", scheme, "--secret", secret, "--body-file", bodyFile(body)];
    for (const [name, value] of Object.entries(headers)) args.push("--header", `${name}: ${value}`);
    return hookscope(args);
}

function sign(scheme, secret, body, extra = []) {
    const result = hookscope(["sign", "--scheme", scheme, "--secret", secret, "--body-file", bodyFile(body), ...extra]);
    if (result.code !== 0) throw new Error(`hookscope sign failed: ${result.stderr}`);
    const headers = {};
    for (const line of result.stdout.split("\n")) {
        const colon = line.indexOf(":");
        if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
    }
    return headers;
}

function throws(fn) {
    try {
        fn();
        return false;
    } catch {
        return true;
    }
}

const body = '{"type":"invoice.paid","data":{"id":"in_1","note":"caf\u00e9 \\u00e9 , : {}"}}\n';
const now = Math.floor(Date.now() / 1000);

// standardwebhooks
{
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const wh = new StandardWebhook(secret);
    const headers = { "webhook-id": "msg_interop1", "webhook-timestamp": String(now), "webhook-signature": wh.sign("msg_interop1", new Date(now * 1000), body) };
    let r = verify("standard-webhooks", secret, headers, body);
    check("standardwebhooks.sign -> hookscope verify", r.code === 0 && r.stdout.startsWith("valid ("), r.stdout);
    r = verify("standard-webhooks", secret, headers, body + " ");
    check("standardwebhooks.sign, tampered body -> hookscope invalid", r.code === 1 && r.stdout.startsWith("invalid: "), r.stdout);
    r = verify("standard-webhooks", "whsec_" + Buffer.from("another-secret-of-24-byte").toString("base64"), headers, body);
    check("standardwebhooks.sign, other secret -> hookscope invalid", r.code === 1, r.stdout);

    const signed = sign("standard-webhooks", secret, body, ["--id", "msg_interop2", "--timestamp", String(now)]);
    check("hookscope sign -> standardwebhooks.verify", !throws(() => wh.verify(body, signed)));
    check("hookscope sign, tampered body -> standardwebhooks rejects", throws(() => wh.verify(body.replace("in_1", "in_2"), signed)));
    const other = sign("standard-webhooks", "whsec_" + Buffer.from("another-secret-of-24-byte").toString("base64"), body, ["--timestamp", String(now)]);
    check("hookscope sign, other secret -> standardwebhooks rejects", throws(() => wh.verify(body, other)));
}

// svix
{
    const secret = "whsec_" + Buffer.from("svix-interop-secret-0123456789").toString("base64");
    const wh = new SvixWebhook(secret);
    const headers = { "svix-id": "msg_svix1", "svix-timestamp": String(now), "svix-signature": wh.sign("msg_svix1", new Date(now * 1000), body) };
    let r = verify("svix", secret, headers, body);
    check("svix.sign -> hookscope verify (svix-* headers)", r.code === 0, r.stdout);
    r = verify("auto", secret, headers, body);
    check("svix.sign -> hookscope verify --scheme auto", r.code === 0 && r.stdout.includes("standard-webhooks"), r.stdout);
    const old = { "svix-id": "msg_svix0", "svix-timestamp": String(now - 301), "svix-signature": wh.sign("msg_svix0", new Date((now - 301) * 1000), body) };
    r = verify("svix", secret, old, body);
    check("svix.sign 301 s ago -> hookscope invalid (tolerance)", r.code === 1 && r.stdout.includes("s old (tolerance 300 s)"), r.stdout);

    const signed = sign("svix", secret, body, ["--id", "msg_svix2"]);
    check("hookscope sign -> svix.verify", !throws(() => wh.verify(body, signed)));
    check("hookscope sign, body with newline dropped -> svix rejects", throws(() => wh.verify(body.trimEnd(), signed)));
}

// stripe
{
    const stripe = new Stripe("sk_test_interop");
    const secret = "whsec_stripe_interop_secret";
    const header = stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp: now });
    let r = verify("stripe", secret, { "Stripe-Signature": header }, body);
    check("stripe.generateTestHeaderString -> hookscope verify", r.code === 0, r.stdout);
    r = verify("stripe", secret, { "Stripe-Signature": header }, body.trimEnd());
    check("stripe header, trailing newline lost -> hookscope invalid with hint", r.code === 1 && r.stdout.includes("hint:"), r.stdout);
    r = verify("stripe", "whsec_other", { "Stripe-Signature": header }, body);
    check("stripe header, other secret -> hookscope invalid", r.code === 1, r.stdout);

    const signed = sign("stripe", secret, body);
    check("hookscope sign -> stripe.webhooks.constructEvent", !throws(() => stripe.webhooks.constructEvent(body, signed["stripe-signature"], secret)));
    check("hookscope sign, other secret -> stripe rejects", throws(() => stripe.webhooks.constructEvent(body, sign("stripe", "whsec_x", body)["stripe-signature"], secret)));
    const old = sign("stripe", secret, body, ["--timestamp", String(now - 301)]);
    check("hookscope sign 301 s ago -> stripe rejects (tolerance)", throws(() => stripe.webhooks.constructEvent(body, old["stripe-signature"], secret)));
}

// @octokit/webhooks-methods
{
    const secret = "It's a Secret to Everybody";
    const signature = await octokitSign(secret, body);
    let r = verify("github", secret, { "X-Hub-Signature-256": signature }, body);
    check("octokit sign -> hookscope verify", r.code === 0, r.stdout);
    r = verify("github", "not it", { "X-Hub-Signature-256": signature }, body);
    check("octokit sign, other secret -> hookscope invalid", r.code === 1, r.stdout);

    const signed = sign("github", secret, body);
    check("hookscope sign -> octokit verify", await octokitVerify(secret, body, signed["x-hub-signature-256"]));
    check("hookscope sign, tampered -> octokit rejects", !(await octokitVerify(secret, body + "x", signed["x-hub-signature-256"])));
}

console.log(`1..${count}`);
if (failures > 0) {
    console.error(`${failures} of ${count} interop checks failed`);
    process.exit(1);
}
