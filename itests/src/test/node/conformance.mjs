// The official OpenAI client (npm package "openai") against LongScope's /v1 server: every call
// must go through the client's own parsing (its types, its stream reader) and be well formed.
// Usage: node conformance.mjs <base-url, e.g. http://127.0.0.1:8080/v1> <token> <model>
import OpenAI from "openai";

const [baseURL, apiKey, model] = process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey, maxRetries: 0, timeout: 60_000 });
const question = [{ role: "user", content: "The pass key is 42665. Remember it. What is the pass key?" }];
const checks = {};
const fail = (message) => { throw new Error(message); };

const models = await client.models.list();
checks.models = models.data.map((m) => m.id);
if (!checks.models.includes(model)) fail(`models.list lacks ${model}: ${checks.models}`);

const chat = await client.chat.completions.create({ model, messages: question, max_tokens: 12, temperature: 0 });
const text = chat.choices[0].message.content;
if (chat.object !== "chat.completion" || typeof text !== "string") fail("chat: " + JSON.stringify(chat));
if (!(chat.usage.prompt_tokens > 0 && chat.usage.total_tokens === chat.usage.prompt_tokens + chat.usage.completion_tokens))
  fail("chat usage: " + JSON.stringify(chat.usage));
checks.chat = { text, finish_reason: chat.choices[0].finish_reason, usage: chat.usage };

const stream = await client.chat.completions.create({
  model, messages: question, max_tokens: 12, temperature: 0, stream: true, stream_options: { include_usage: true },
});
let streamed = "";
let chunks = 0;
let usage = null;
for await (const chunk of stream) {
  chunks++;
  if (chunk.object !== "chat.completion.chunk") fail("chunk: " + JSON.stringify(chunk));
  if (chunk.usage) usage = chunk.usage;
  for (const choice of chunk.choices) streamed += choice.delta.content ?? "";
}
if (streamed !== text) fail(`streamed chat ${JSON.stringify(streamed)} differs from ${JSON.stringify(text)}`);
if (!usage || usage.completion_tokens !== chat.usage.completion_tokens) fail("stream usage: " + JSON.stringify(usage));
checks.chatStream = { chunks };

const prompt = "The pass key is 42665. The pass key is";
const completion = await client.completions.create({ model, prompt, max_tokens: 8, temperature: 0 });
if (completion.object !== "text_completion" || typeof completion.choices[0].text !== "string")
  fail("completion: " + JSON.stringify(completion));
let streamedText = "";
for await (const chunk of await client.completions.create({ model, prompt, max_tokens: 8, temperature: 0, stream: true })) {
  streamedText += chunk.choices[0]?.text ?? "";
}
if (streamedText !== completion.choices[0].text) fail(`streamed completion ${JSON.stringify(streamedText)} differs`);
checks.completion = { text: completion.choices[0].text };

try {
  await client.chat.completions.create({ model: "no-such-model", messages: question });
  fail("an unknown model was accepted");
} catch (e) {
  if (!(e instanceof OpenAI.NotFoundError)) throw e;
  checks.unknownModel = e.status;
}
console.log(JSON.stringify(checks));
