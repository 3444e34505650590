// layout-check.mjs <layout.json> <file.mcap>
// Opens a Foxglove layout against an MCAP file the way the viewer binds it, without a viewer: every panel of the
// mosaic has a config and every config is on the mosaic; an Image panel's image topic is a foxglove.CompressedImage or
// foxglove.RawImage channel and each of its annotation topics a foxglove.ImageAnnotations channel; a Plot path
// "topic.field.field" names a channel (the longest topic that prefixes it, as unquoted topic names [a-zA-Z0-9_/-]+ are
// read) and a numeric field in that channel's declared schema; a Table path resolves to an array; a RawMessages topic
// exists. A binding with no channel in this file is listed in "unbound" (that panel stays empty), not a problem.
// Prints {panels: [{id, type, title, binds}], unbound: [...], problems: [...]}; exit 0 even with problems.
import { readFileSync } from "node:fs";
import { McapStreamReader } from "@mcap/core";
import { decompressHandlers, loadCodecs } from "./codecs.mjs";

const [, , layoutPath, mcapPath] = process.argv;
if (!layoutPath || !mcapPath) {
  console.error("usage: node layout-check.mjs <layout.json> <file.mcap>");
  process.exit(2);
}
await loadCodecs();
const layout = JSON.parse(readFileSync(layoutPath, "utf8"));
const reader = new McapStreamReader({ decompressHandlers });
reader.append(new Uint8Array(readFileSync(mcapPath)));
const schemas = new Map();
const channels = new Map(); // topic -> { schemaName, schema, messages }
const byId = new Map();
for (let r; (r = reader.nextRecord()); ) {
  if (r.type === "Schema") schemas.set(r.id, r);
  else if (r.type === "Channel" && !byId.has(r.id)) {
    const s = schemas.get(r.schemaId);
    const entry = { schemaName: s?.name ?? "", schema: s ? JSON.parse(new TextDecoder().decode(s.data)) : undefined, messages: 0 };
    byId.set(r.id, entry);
    channels.set(r.topic, entry);
  } else if (r.type === "Message") {
    const c = byId.get(r.channelId);
    if (c) c.messages++;
  }
}

const problems = [];
const unbound = []; // bindings this file has no channel for (the panel stays empty)
const panels = [];
const onMosaic = new Set();
(function leaves(node) {
  if (typeof node === "string") onMosaic.add(node);
  else if (node) {
    leaves(node.first);
    leaves(node.second);
  }
})(layout.layout);
for (const id of onMosaic) if (!layout.configById[id]) problems.push(`${id}: on the mosaic without a config`);

function channel(topic, what, names) {
  const c = channels.get(topic);
  if (!c) {
    unbound.push(`${what}: ${topic}`);
    return undefined;
  }
  if (c.messages === 0) problems.push(`${what}: ${topic} has no messages`);
  if (names && !names.includes(c.schemaName)) problems.push(`${what}: ${topic} is ${c.schemaName}, expected ${names.join(" or ")}`);
  return c;
}

// Resolves "topic.a.b" to the schema of field a.b of the longest matching topic.
function resolve(path, what) {
  const topics = [...channels.keys()].filter((t) => path.startsWith(t + ".")).sort((a, b) => b.length - a.length);
  if (topics.length === 0) {
    unbound.push(`${what}: ${path}`);
    return undefined;
  }
  const topic = topics[0];
  const c = channel(topic, what);
  let schema = c.schema;
  for (const field of path.slice(topic.length + 1).split(".")) {
    schema = schema?.properties?.[field];
    if (!schema) {
      problems.push(`${what}: ${path}: ${topic} declares no field ${field}`);
      return undefined;
    }
  }
  return { topic, schema };
}

for (const [id, config] of Object.entries(layout.configById)) {
  const type = id.split("!")[0];
  const binds = [];
  if (!onMosaic.has(id)) problems.push(`${id}: configured but not on the mosaic`);
  if (type === "Image") {
    const image = config.imageMode?.imageTopic;
    binds.push(image);
    channel(image, id, ["foxglove.CompressedImage", "foxglove.RawImage"]);
    for (const a of Object.keys(config.imageMode?.annotations ?? {})) {
      binds.push(a);
      channel(a, id, ["foxglove.ImageAnnotations"]);
    }
  } else if (type === "Plot") {
    for (const p of config.paths ?? []) {
      binds.push(p.value);
      const r = resolve(p.value, id);
      if (r && r.schema.type !== "number" && r.schema.type !== "integer") problems.push(`${id}: ${p.value} is not numeric`);
    }
  } else if (type === "Table") {
    binds.push(config.topicPath);
    const r = resolve(config.topicPath, id);
    if (r && r.schema.type !== "array") problems.push(`${id}: ${config.topicPath} is not an array`);
  } else if (type === "RawMessages") {
    binds.push(config.topicPath);
    channel(config.topicPath, id);
  } else {
    problems.push(`${id}: panel type ${type} is not checked`);
  }
  panels.push({ id, type, title: config.title ?? "", binds });
}
console.log(JSON.stringify({ panels, unbound, problems }));
