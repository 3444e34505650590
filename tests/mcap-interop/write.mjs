// write.mjs <out.mcap> [--compression none|lz4|zstd] [--unchunked] [--chunk-size N] [--messages N] [--seed N]
// Writes an MCAP file with Foxglove's @mcap/core McapWriter, for RovDsp's reader to read, and prints a JSON manifest
// of everything written (schemas, channels, each message with its data in base64, metadata, attachments).
// Content is deterministic for a seed: three channels (one without a schema), payloads of 0..1500 bytes, a few
// messages logged out of order, one metadata record and one attachment (chunked files only).
import { writeFileSync } from "node:fs";
import { McapWriter } from "@mcap/core";
import { compressor, loadCodecs } from "./codecs.mjs";

const args = process.argv.slice(2);
const out = args[0];
if (!out) {
  console.error("usage: node write.mjs <out.mcap> [--compression none|lz4|zstd] [--unchunked] [--chunk-size N] [--messages N] [--seed N]");
  process.exit(2);
}
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const compression = opt("--compression", "none");
const useChunks = !args.includes("--unchunked");
const chunkSize = Number(opt("--chunk-size", "4096"));
const count = Number(opt("--messages", "200"));
let state = (Number(opt("--seed", "1")) >>> 0) || 1;
// xorshift32: a tiny deterministic generator, enough for payload bytes and sizes.
const next = () => {
  state ^= state << 13; state >>>= 0;
  state ^= state >>> 17;
  state ^= state << 5; state >>>= 0;
  return state;
};
await loadCodecs();

const chunks = [];
let position = 0n;
const writable = {
  position: () => position,
  write: async (buffer) => {
    chunks.push(Buffer.from(buffer));
    position += BigInt(buffer.byteLength);
  },
};
const writer = new McapWriter({ writable, useChunks, chunkSize, compressChunk: compressor(compression) });
await writer.start({ profile: "", library: "@mcap/core write.mjs" });
const b64 = (u8) => Buffer.from(u8).toString("base64");
const enc = new TextEncoder();
const schemaDefs = [
  { name: "rovdsp.EchosounderPing", encoding: "jsonschema", data: enc.encode('{"type":"object"}') },
  { name: "rovdsp.SlurryFlow", encoding: "jsonschema", data: enc.encode('{"type":"object","properties":{"q":{"type":"number"}}}') },
];
const schemas = [];
for (const s of schemaDefs) {
  const id = await writer.registerSchema(s);
  schemas.push({ id, name: s.name, encoding: s.encoding, data: b64(s.data) });
}
const channelDefs = [
  { schemaId: schemas[0].id, topic: "/rov/echosounder", messageEncoding: "json", metadata: new Map([["sensor", "altimeter"]]) },
  { schemaId: schemas[1].id, topic: "/riser/flow", messageEncoding: "json", metadata: new Map() },
  { schemaId: 0, topic: "/raw/bytes", messageEncoding: "application/octet-stream", metadata: new Map([["a", "1"], ["b", "2"]]) },
];
const channels = [];
for (const c of channelDefs) {
  const id = await writer.registerChannel(c);
  channels.push({ id, schemaId: c.schemaId, topic: c.topic, messageEncoding: c.messageEncoding, metadata: Object.fromEntries(c.metadata) });
}
const messages = [];
let t = 1_700_000_000_000_000_000n;
for (let i = 0; i < count; i++) {
  const ch = channels[next() % channels.length];
  const size = next() % 1501;
  const data = new Uint8Array(size);
  // Compressible but not trivial: runs of a byte with random breaks.
  let v = next() & 0xff;
  for (let k = 0; k < size; k++) {
    if (next() % 7 === 0) v = next() & 0xff;
    data[k] = v;
  }
  t += BigInt(next() % 50_000_000);
  // Every 17th message is logged 30 ms early: readers must still return log-time order.
  const logTime = i % 17 === 5 ? t - 30_000_000n : t;
  const publishTime = logTime - BigInt(next() % 1000);
  await writer.addMessage({ channelId: ch.id, sequence: i, logTime, publishTime, data });
  messages.push({ channelId: ch.id, sequence: i, logTime: logTime.toString(), publishTime: publishTime.toString(), data: b64(data) });
}
const meta = new Map([["site", "Minamitorishima"], ["depth_m", "5700"]]);
const attachment = enc.encode('{"scenario":"interop"}');
// @mcap/core 2.2.2 in unchunked mode writes Metadata/Attachment Index offsets that point at the wrong record (its own
// McapIndexedReader then fails), so the unchunked files carry neither.
if (useChunks) {
  await writer.addMetadata({ name: "dive", metadata: meta });
  await writer.addAttachment({ name: "scenario.json", mediaType: "application/json", logTime: t, createTime: 1n, data: attachment });
}
await writer.end();
writeFileSync(out, Buffer.concat(chunks));
process.stdout.write(JSON.stringify({
  compression, useChunks, chunkSize, schemas, channels, messages,
  metadata: useChunks ? [{ name: "dive", metadata: Object.fromEntries(meta) }] : [],
  attachments: useChunks
    ? [{ name: "scenario.json", mediaType: "application/json", logTime: t.toString(), createTime: "1", data: b64(attachment) }]
    : [],
}));
