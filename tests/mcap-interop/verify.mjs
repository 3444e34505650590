// verify.mjs <file.mcap> [--full]
// Reads an MCAP file with Foxglove's @mcap/core, both McapIndexedReader (footer -> summary -> chunk and message
// indexes, CRCs checked) and McapStreamReader (front to back, CRCs checked), and prints one JSON object describing what
// each saw: header, schemas, channels, statistics, message count and time range, every message's fields with the
// SHA-256 of its data (and the data in base64 with --full), metadata, attachments, and the data section CRC check.
// Exit status 0 even when a reader fails: the failure is reported in the JSON ("error").
import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { McapIndexedReader, McapStreamReader } from "@mcap/core";
import { crc32 } from "@foxglove/crc";
import { decompressHandlers, loadCodecs } from "./codecs.mjs";

const [, , path, ...flags] = process.argv;
if (!path) {
  console.error("usage: node verify.mjs <file.mcap> [--full]");
  process.exit(2);
}
const full = flags.includes("--full");
const bytes = new Uint8Array(readFileSync(path));
await loadCodecs();

const str = (v) => (typeof v === "bigint" ? v.toString() : v);
const b64 = (u8) => Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength).toString("base64");
const sha = (u8) => createHash("sha256").update(u8).digest("hex");
const mapObj = (m) => Object.fromEntries([...m.entries()].map(([k, v]) => [String(k), str(v)]));
const message = (m) => ({
  channelId: m.channelId,
  sequence: m.sequence,
  logTime: str(m.logTime),
  publishTime: str(m.publishTime),
  length: m.data.byteLength,
  sha256: sha(m.data),
  ...(full ? { data: b64(m.data) } : {}),
});
const schema = (s) => ({ id: s.id, name: s.name, encoding: s.encoding, data: b64(s.data) });
const channel = (c) => ({
  id: c.id, schemaId: c.schemaId, topic: c.topic, messageEncoding: c.messageEncoding, metadata: mapObj(c.metadata),
});

async function indexed() {
  const readable = {
    size: async () => BigInt(bytes.byteLength),
    read: async (offset, length) => bytes.subarray(Number(offset), Number(offset + length)),
  };
  const reader = await McapIndexedReader.Initialize({ readable, decompressHandlers });
  const messages = [];
  for await (const m of reader.readMessages({ validateCrcs: true })) {
    messages.push(message(m));
  }
  const metadata = [];
  for await (const m of reader.readMetadata()) {
    metadata.push({ name: m.name, metadata: mapObj(m.metadata) });
  }
  const attachments = [];
  for await (const a of reader.readAttachments({ validateCrcs: true })) {
    attachments.push({
      name: a.name, mediaType: a.mediaType, logTime: str(a.logTime), createTime: str(a.createTime), sha256: sha(a.data),
    });
  }
  let dataSectionCrc = { stored: reader.dataSectionCrc ?? 0, computed: null, ok: null };
  if (reader.dataSectionCrc != undefined) {
    const computed = crc32(bytes.subarray(0, Number(reader.dataEndOffset)));
    dataSectionCrc = { stored: reader.dataSectionCrc, computed, ok: computed === reader.dataSectionCrc };
  }
  const s = reader.statistics;
  return {
    header: { profile: reader.header.profile, library: reader.header.library },
    footer: {
      summaryStart: str(reader.footer.summaryStart),
      summaryOffsetStart: str(reader.footer.summaryOffsetStart),
      summaryCrc: reader.footer.summaryCrc,
    },
    schemas: [...reader.schemasById.values()].map(schema),
    channels: [...reader.channelsById.values()].map(channel),
    statistics: s && {
      messageCount: str(s.messageCount), schemaCount: s.schemaCount, channelCount: s.channelCount,
      attachmentCount: s.attachmentCount, metadataCount: s.metadataCount, chunkCount: s.chunkCount,
      messageStartTime: str(s.messageStartTime), messageEndTime: str(s.messageEndTime),
      channelMessageCounts: mapObj(s.channelMessageCounts),
    },
    chunkIndexes: reader.chunkIndexes.map((c) => ({
      messageStartTime: str(c.messageStartTime), messageEndTime: str(c.messageEndTime),
      compression: c.compression, compressedSize: str(c.compressedSize), uncompressedSize: str(c.uncompressedSize),
    })),
    summaryOffsetOpcodes: [...reader.summaryOffsetsByOpcode.keys()],
    dataSectionCrc,
    messageCount: messages.length,
    startTime: messages.length ? messages.reduce((a, m) => (BigInt(m.logTime) < a ? BigInt(m.logTime) : a), BigInt(messages[0].logTime)).toString() : null,
    endTime: messages.length ? messages.reduce((a, m) => (BigInt(m.logTime) > a ? BigInt(m.logTime) : a), 0n).toString() : null,
    messages,
    metadata,
    attachments,
  };
}

function stream() {
  const reader = new McapStreamReader({ decompressHandlers, validateCrcs: true });
  reader.append(bytes);
  const counts = {};
  const messages = [];
  const schemas = [];
  const channels = [];
  for (let r; (r = reader.nextRecord()); ) {
    counts[r.type] = (counts[r.type] ?? 0) + 1;
    if (r.type === "Message") messages.push(message(r));
    if (r.type === "Schema") schemas.push(schema(r));
    if (r.type === "Channel") channels.push(channel(r));
  }
  return { done: reader.done(), recordCounts: counts, messageCount: messages.length, schemas, channels, messages };
}

const run = async (f) => {
  try {
    return await f();
  } catch (e) {
    return { error: String(e?.message ?? e) };
  }
};
const result = { indexed: await run(indexed), stream: await run(stream) };
process.stdout.write(JSON.stringify(result));
