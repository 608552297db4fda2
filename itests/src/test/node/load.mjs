// N concurrent streaming chat requests through the official OpenAI client: how many are answered,
// how many turned away (429), and the time to first token. Prints one JSON line.
// Usage: node load.mjs <base-url> <token> <model> [concurrency=64] [max_tokens=8]
import OpenAI from "openai";

const [baseURL, apiKey, model, concurrencyArg = "64", maxTokensArg = "8"] = process.argv.slice(2);
const concurrency = Number(concurrencyArg);
const client = new OpenAI({ baseURL, apiKey, maxRetries: 0, timeout: 300_000 });
const messages = [{ role: "user", content: "The pass key is 42665. Remember it. What is the pass key?" }];

async function one() {
  const start = performance.now();
  let first = null;
  try {
    const stream = await client.chat.completions.create({
      model, messages, max_tokens: Number(maxTokensArg), temperature: 0, stream: true,
    });
    for await (const chunk of stream) {
      if (first === null && chunk.choices[0]?.delta?.content) first = performance.now() - start;
    }
    return { status: "ok", ttft: first ?? performance.now() - start, total: performance.now() - start };
  } catch (e) {
    return { status: e instanceof OpenAI.RateLimitError ? "refused" : "error", message: String(e) };
  }
}

const start = performance.now();
const results = await Promise.all(Array.from({ length: concurrency }, one));
const wall = (performance.now() - start) / 1000;
const ok = results.filter((r) => r.status === "ok");
const ttft = ok.map((r) => r.ttft).sort((a, b) => a - b);
const pct = (p) => (ttft.length ? Math.round(ttft[Math.min(ttft.length - 1, Math.floor(p * ttft.length))]) : null);
console.log(JSON.stringify({
  concurrency, ok: ok.length, refused: results.filter((r) => r.status === "refused").length,
  errors: results.filter((r) => r.status === "error").map((r) => r.message),
  wall_s: Number(wall.toFixed(2)), answered_per_s: Number((ok.length / wall).toFixed(2)),
  ttft_p50_ms: pct(0.5), ttft_p99_ms: pct(0.99),
}));
