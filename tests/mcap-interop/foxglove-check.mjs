// foxglove-check.mjs <file.mcap>...   or   foxglove-check.mjs --audit <dir>
// Checks that Foxglove and Lichtblick can show every JSON channel of each MCAP file, by their own rules:
// - a schema named foxglove.* must agree with the definition in @foxglove/schemas (every field we declare exists there
//   with the same type), and every message must validate against that published definition (ajv);
// - every other jsonschema schema is walked with the rules of the viewers' JSON-schema parser (the schema of the root and
//   of every nested object is "type": "object" with "properties"; each field has exactly one type among boolean, string
//   (plain or base64), number, integer, object, and array of those but arrays; no unions, no null), and every message
//   must validate against it (ajv) with every object closed (a field the schema does not declare is an error);
// - no integer above 2^53 in any JSON message (read from the raw text: JSON.parse would already have rounded it);
// - a JSON channel without a schema is reported (the viewers load it, but nothing says what it holds).
// Prints one JSON object: per file, per channel its topic, schema, message count and problems. Exit 0 even when
// problems are found (the caller asserts on the report); exit 2 on bad usage.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { McapStreamReader } from "@mcap/core";
import Ajv2020 from "ajv/dist/2020.js";
import * as published from "@foxglove/schemas/jsonschema.js";
import { decompressHandlers, loadCodecs } from "./codecs.mjs";

const paths = process.argv.slice(2);
if (paths.length === 0) {
  console.error("usage: node foxglove-check.mjs <file.mcap>...");
  process.exit(2);
}
await loadCodecs();

const MAX_PROBLEMS = 20;
const ajv = new Ajv2020({ strict: false, allErrors: false });
const publishedByName = new Map(
  Object.values(published).filter((s) => s && typeof s.title === "string").map((s) => [s.title, s]),
);
const publishedValidators = new Map();

// The viewers' parser, rule by rule: returns the problems of one object schema at `path`.
function walk(schema, path, problems) {
  if (schema === null || typeof schema !== "object") {
    problems.push(`${path}: not a schema object`);
    return;
  }
  if (schema.type !== "object") {
    problems.push(`${path}: expected "type": "object", got ${JSON.stringify(schema.type)}`);
    return;
  }
  if (schema.properties === null || typeof schema.properties !== "object" || Array.isArray(schema.properties)) {
    problems.push(`${path}: object without "properties" (the parser cannot enumerate its fields)`);
    return;
  }
  for (const [name, field] of Object.entries(schema.properties)) {
    const at = `${path}.${name}`;
    if (field === null || typeof field !== "object") {
      problems.push(`${at}: field schema is not an object`);
      continue;
    }
    switch (field.type) {
      case "boolean":
      case "number":
      case "integer":
        break;
      case "string":
        if (field.contentEncoding !== undefined && field.contentEncoding !== "base64") {
          problems.push(`${at}: unsupported contentEncoding ${JSON.stringify(field.contentEncoding)}`);
        }
        break;
      case "object":
        walk(field, at, problems);
        break;
      case "array": {
        const items = field.items;
        if (items === null || typeof items !== "object" || Array.isArray(items)) {
          problems.push(`${at}: array without a single "items" schema`);
          break;
        }
        switch (items.type) {
          case "boolean":
          case "number":
          case "integer":
            break;
          case "string":
            if (items.contentEncoding !== undefined) {
              problems.push(`${at}[]: contentEncoding is not supported on array items`);
            }
            break;
          case "object":
            walk(items, `${at}[]`, problems);
            break;
          default:
            problems.push(`${at}[]: unsupported array item type ${JSON.stringify(items.type)}`);
        }
        break;
      }
      default:
        // "null", a union such as ["number","null"], or no type at all.
        problems.push(`${at}: unsupported field type ${JSON.stringify(field.type)}`);
    }
  }
}

// Our schemas declare every field: close every object so an undeclared field fails validation.
function closed(schema) {
  if (Array.isArray(schema)) return schema.map(closed);
  if (schema === null || typeof schema !== "object") return schema;
  const out = {};
  for (const [k, v] of Object.entries(schema)) {
    out[k] = k === "properties" ? Object.fromEntries(Object.entries(v).map(([n, s]) => [n, closed(s)])) : closed(v);
  }
  if (out.type === "object" && out.properties && out.additionalProperties === undefined) {
    out.additionalProperties = false;
  }
  return out;
}

// Every field we declare in a foxglove.* schema must exist in the published one with the same type.
function agrees(ours, theirs, path, problems) {
  if (!ours || typeof ours !== "object") return;
  if (theirs === undefined) {
    problems.push(`${path}: not in the published schema`);
    return;
  }
  if (ours.type !== undefined && theirs.type !== undefined && ours.type !== theirs.type) {
    problems.push(`${path}: type ${JSON.stringify(ours.type)}, published ${JSON.stringify(theirs.type)}`);
  }
  if (ours.type === undefined && theirs.type === undefined) return;
  if (ours.properties) {
    for (const [n, s] of Object.entries(ours.properties)) {
      agrees(s, theirs.properties?.[n], `${path}.${n}`, problems);
    }
  }
  if (ours.items) agrees(ours.items, theirs.items, `${path}[]`, problems);
}

// Integer literals in the raw JSON text (outside strings) that JavaScript cannot hold exactly.
function unsafeIntegers(text) {
  const found = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) {
        if (text.charCodeAt(i) === 92) i++;
      }
    } else if (c === 45 || (c >= 48 && c <= 57)) {
      let j = i + 1;
      while (j < text.length && /[0-9.eE+-]/.test(text[j])) j++;
      const token = text.slice(i, j);
      if (/^-?\d+$/.test(token) && !Number.isSafeInteger(Number(token))) found.push(token);
      i = j - 1;
    }
  }
  return found;
}

function check(path) {
  const bytes = new Uint8Array(readFileSync(path));
  const reader = new McapStreamReader({ decompressHandlers, validateCrcs: true });
  reader.append(bytes);
  const schemas = new Map();
  const channels = new Map();
  const report = { file: path, channels: [], problems: [] };
  const decoder = new TextDecoder("utf-8", { fatal: true });
  for (let r; (r = reader.nextRecord()); ) {
    if (r.type === "Schema") {
      schemas.set(r.id, r);
    } else if (r.type === "Channel" && !channels.has(r.id)) {
      const schema = schemas.get(r.schemaId);
      const entry = {
        topic: r.topic, messageEncoding: r.messageEncoding, schemaName: schema?.name ?? "", schemaEncoding: schema?.encoding ?? "",
        wellKnown: false, messages: 0, problems: [],
      };
      channels.set(r.id, entry);
      report.channels.push(entry);
      if (r.messageEncoding !== "json") continue;
      if (!schema) {
        entry.problems.push("JSON channel without a schema");
        continue;
      }
      if (schema.encoding !== "jsonschema") {
        entry.problems.push(`JSON channel with a ${JSON.stringify(schema.encoding)} schema`);
        continue;
      }
      let declared;
      try {
        declared = JSON.parse(decoder.decode(schema.data));
      } catch (e) {
        entry.problems.push(`schema is not JSON: ${e.message}`);
        continue;
      }
      walk(declared, schema.name, entry.problems);
      if (schema.name.startsWith("foxglove.")) {
        entry.wellKnown = true;
        const theirs = publishedByName.get(schema.name);
        if (!theirs) {
          entry.problems.push(`no published schema named ${schema.name} in @foxglove/schemas`);
          continue;
        }
        agrees(declared, theirs, schema.name, entry.problems);
        if (!publishedValidators.has(schema.name)) publishedValidators.set(schema.name, ajv.compile(theirs));
        entry.validate = publishedValidators.get(schema.name);
      } else {
        try {
          entry.validate = ajv.compile(closed(declared));
        } catch (e) {
          entry.problems.push(`ajv cannot compile the schema: ${e.message}`);
        }
      }
    } else if (r.type === "Message") {
      const entry = channels.get(r.channelId);
      if (!entry || entry.messageEncoding !== "json") {
        if (entry) entry.messages++;
        continue;
      }
      entry.messages++;
      if (entry.problems.length >= MAX_PROBLEMS) continue;
      let text;
      let value;
      try {
        text = decoder.decode(r.data);
        value = JSON.parse(text);
      } catch (e) {
        entry.problems.push(`message ${r.sequence}: not JSON: ${e.message}`);
        continue;
      }
      const unsafe = unsafeIntegers(text);
      if (unsafe.length) entry.problems.push(`message ${r.sequence}: integer above 2^53: ${unsafe[0]}`);
      if (entry.validate && !entry.validate(value)) {
        const e = entry.validate.errors[0];
        entry.problems.push(`message ${r.sequence}: ${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`);
      }
    }
  }
  for (const entry of report.channels) {
    delete entry.validate;
    for (const p of entry.problems) report.problems.push(`${entry.topic}: ${p}`);
  }
  return report;
}

function checkOrSay(path) {
  try {
    return check(path);
  } catch (e) {
    return { file: path, channels: [], problems: [`cannot read: ${e.message}`] };
  }
}

if (paths[0] === "--audit") {
  // The audit of every MCAP file the test run wrote (tests/RovDsp.Replay.Tests/Support/McapAudit.cs copies each one
  // as it is closed, and lists it in index-<pid>.tsv: copy, original path, library, messages, bytes). Prints one line
  // per file with problems and a summary; exit 1 when any file has a problem or none was written.
  const dir = paths[1];
  const rows = readdirSync(dir).filter((n) => /^index-.*\.tsv$/.test(n))
    .flatMap((n) => readFileSync(join(dir, n), "utf8").split("\n").filter((l) => l.length > 0).map((l) => l.split("\t")));
  let failed = 0;
  let channels = 0;
  let jsonChannels = 0;
  let messages = 0;
  const skipped = rows.filter((r) => r[0] === "-");
  for (const [copy, original, library] of rows.filter((r) => r[0] !== "-")) {
    const report = checkOrSay(join(dir, copy));
    channels += report.channels.length;
    jsonChannels += report.channels.filter((c) => c.messageEncoding === "json").length;
    messages += report.channels.reduce((n, c) => n + c.messages, 0);
    if (report.problems.length > 0) {
      failed++;
      console.log(`mcap audit: ${original} (${library}; kept as ${copy}):`);
      for (const p of report.problems.slice(0, 5)) console.log(`  ${p}`);
      if (report.problems.length > 5) console.log(`  … and ${report.problems.length - 5} more`);
    }
  }
  for (const r of skipped) console.log(`mcap audit: not checked: ${r[1]} (${r[2]})`);
  const checked = rows.length - skipped.length;
  console.log(`mcap audit: ${checked} MCAP files written by the tests checked (${channels} channels, ${jsonChannels} JSON, ` +
    `${messages} messages); ${failed} with problems; ${skipped.length} not checked`);
  process.exit(failed > 0 || skipped.length > 0 || checked === 0 ? 1 : 0);
}

console.log(JSON.stringify({ files: paths.map(checkOrSay) }));
